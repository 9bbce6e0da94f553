import { useCallback, useEffect, useState } from 'react';
import QRCode from 'qrcode';
import { ActivationCode } from './ActivationCode';
import { pollToken, refresh, revoke, startDeviceFlow, whoAmI, type DeviceStart } from './device-flow';
import { carApi, type HeadUnitProfile } from './headunit-api';
import { HeadUnitProfiles } from './HeadUnitProfiles';
import { MultimediaOffer } from './MultimediaOffer';

type State =
  | { step: 'starting' }
  | { step: 'waiting'; start: DeviceStart; qr: string; registerQr: string }
  | { step: 'signed-in'; name: string; token: string; profileId: string }
  | { step: 'failed'; message: string };

const failures: Record<string, string> = {
  access_denied: 'The sign-in was declined on the phone.',
  expired_token: 'The code expired before anyone confirmed it.',
};

/** Where a driver without an account creates one: the start page, opened on its registration form. */
const registerUrl = () => `${window.location.origin}/?register`;

/** The head unit keeps its refresh token across restarts, per car (a real unit would use secure storage). */
const storageKey = (vin: string) => `marque.headunit.${vin}.refresh`;

/** /headunit/{VIN}: the simulated head-unit screen that signs a driver in with a QR code (device flow). */
export function HeadUnit({ vin }: { vin: string }) {
  const [state, setState] = useState<State>({ step: 'starting' });

  const signedIn = useCallback(
    async (accessToken: string, refreshToken?: string) => {
      if (refreshToken) localStorage.setItem(storageKey(vin), refreshToken);
      try {
        const me = await whoAmI(accessToken);
        if (!me) return setState({ step: 'failed', message: 'The account could not be read.' });
        // The head unit keeps a profile for this account (removable here or in the app).
        const profile = await carApi<HeadUnitProfile>(accessToken, `/headunit/${vin}/profiles`, 'POST');
        setState({ step: 'signed-in', name: me.name, token: accessToken, profileId: profile.id });
      } catch (e) {
        setState({ step: 'failed', message: (e as Error).message });
      }
    },
    [vin],
  );

  const begin = useCallback(async () => {
    setState({ step: 'starting' });
    try {
      const saved = localStorage.getItem(storageKey(vin));
      const renewed = saved ? await refresh(saved) : null;
      if (renewed) return await signedIn(renewed.access_token, renewed.refresh_token);
      localStorage.removeItem(storageKey(vin));
      const start = await startDeviceFlow(vin);
      const qr = await QRCode.toDataURL(start.verification_uri_complete, { margin: 1, width: 240 });
      const registerQr = await QRCode.toDataURL(registerUrl(), { margin: 1, width: 120 });
      setState({ step: 'waiting', start, qr, registerQr });
    } catch (e) {
      setState({ step: 'failed', message: (e as Error).message });
    }
  }, [vin, signedIn]);

  useEffect(() => {
    void begin();
  }, [begin]);

  const waiting = state.step === 'waiting' ? state.start : null;
  useEffect(() => {
    if (!waiting) return;
    let timer: ReturnType<typeof setTimeout>;
    let stopped = false;
    const tick = async (interval: number) => {
      const r = await pollToken(waiting.device_code, interval).catch(() => ({ wait: interval }));
      if (stopped) return;
      if ('tokens' in r) return void signedIn(r.tokens.access_token, r.tokens.refresh_token);
      if ('error' in r) return setState({ step: 'failed', message: failures[r.error] ?? `The sign-in failed (${r.error}).` });
      timer = setTimeout(() => void tick(r.wait), r.wait * 1000);
    };
    const first = waiting.interval ?? 5;
    timer = setTimeout(() => void tick(first), first * 1000);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [waiting, signedIn]);

  /** My profile was removed here: its tokens are revoked already, so start over. */
  function forget() {
    localStorage.removeItem(storageKey(vin));
    void begin();
  }

  async function signOut() {
    const saved = localStorage.getItem(storageKey(vin));
    if (saved) await revoke(saved);
    localStorage.removeItem(storageKey(vin));
    void begin();
  }

  return (
    <>
      <section className="card headunit">
        <h1>Head unit · {vin}</h1>
        {state.step === 'starting' && <p>Connecting…</p>}
        {state.step === 'waiting' && (
          <div className="row">
            <img src={state.qr} alt="QR code to sign in with your phone" width={240} height={240} />
            <div>
              <p>Scan the code with your phone, or open {state.start.verification_uri} and enter:</p>
              <p className="user-code" aria-label="Your code">
                {state.start.user_code}
              </p>
              <p>
                <small>Waiting for you to confirm on your phone…</small>
              </p>
              <div data-testid="create-account" className="row">
                <img src={state.registerQr} alt="QR code to create an account on your phone" width={120} height={120} />
                <p>
                  <small>
                    No account yet? Scan this smaller code, or open {registerUrl()} on your phone, to create one; confirm it with
                    the e-mail we send, then scan the large code again.
                  </small>
                </p>
              </div>
            </div>
          </div>
        )}
        {state.step === 'signed-in' && (
          <>
            <p className="ok">Signed in as {state.name}</p>
            <button type="button" onClick={() => void signOut()}>
              Sign out of this car
            </button>
          </>
        )}
        {state.step === 'failed' && (
          <>
            <p className="error">{state.message}</p>
            <button type="button" onClick={() => void begin()}>
              Try again
            </button>
          </>
        )}
      </section>
      {state.step === 'signed-in' && (
        <>
          <MultimediaOffer vin={vin} token={state.token} />
          <HeadUnitProfiles vin={vin} token={state.token} myProfileId={state.profileId} onSelfRemoved={() => void forget()} />
        </>
      )}
      <ActivationCode vin={vin} />
    </>
  );
}
