import { useEffect, useState } from 'react';
import { ApiError } from '../../lib/api';
import { carApi, type MultimediaOfferT } from './headunit-api';

const day = (iso: string) => new Date(iso).toLocaleDateString(undefined, { day: 'numeric', month: 'long', year: 'numeric' });

/** The head unit's Multimedia offer to the holder: the terms, and "accept" starts the car's 3-year free term. */
export function MultimediaOffer({ vin, token }: { vin: string; token: string }) {
  const [offer, setOffer] = useState<MultimediaOfferT | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    carApi<MultimediaOfferT>(token, `/headunit/${vin}/multimedia`).then(setOffer, (e) =>
      setNote(
        e instanceof ApiError && e.problem.code === 'vehicle.not_holder'
          ? 'Multimedia can be started by the account that holds this car’s connected services.'
          : (e as Error).message,
      ),
    );
  }, [vin, token]);

  async function accept() {
    setBusy(true);
    try {
      setOffer({ ...(offer ?? {}), ...(await carApi<MultimediaOfferT>(token, `/headunit/${vin}/multimedia/accept`, 'POST')) });
    } catch (e) {
      setNote((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section
      className="card headunit"
      aria-labelledby="hu-mm"
      data-testid="multimedia-offer"
      data-state={offer?.state ?? 'unknown'}
    >
      <h2 id="hu-mm">Multimedia online</h2>
      {note && <p className="notice">{note}</p>}
      {offer?.state === 'available' && (
        <>
          <p>{offer.terms}</p>
          <button type="button" disabled={busy} onClick={() => void accept()}>
            Accept and start 3 years of free Multimedia
          </button>
        </>
      )}
      {offer?.state === 'active' && offer.until && <p className="ok">Multimedia is active until {day(offer.until)}.</p>}
      {offer?.state === 'cancelled' && (
        <p>
          Multimedia is cancelled; you can subscribe again in the app until{' '}
          {offer.until ? day(offer.until) : 'the end of its term'}.
        </p>
      )}
      {offer?.state === 'expired' && <p>The Multimedia term of this car has ended.</p>}
      {offer?.state === 'not_available' && <p>This head unit does not support Multimedia online.</p>}
    </section>
  );
}
