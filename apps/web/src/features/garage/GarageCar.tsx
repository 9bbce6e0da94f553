import { useState } from 'react';
import type { GarageVehicleT } from '@marque/contracts';
import { api } from '../../lib/api';
import { plainProblem } from '../owner/problems';
import { carName } from '../owner/OwnerShell';
import { useHeadUnitProfile } from './HeadUnitProfileStatus';
import { SellCar } from './SellCar';

/** Active/inactive and "current car" badges, with the nickname when there is one. */
export function CarBadges({ car }: { car: GarageVehicleT }) {
  const active = car.status !== 'inactive';
  return (
    <p className="row badges" data-testid={`garage-state-${car.vin}`} data-status={active ? 'active' : 'inactive'}>
      <span className={`badge ${active ? 'on' : 'off'}`}>{active ? 'Active' : 'Inactive'}</span>
      {car.current && <span className="badge current">Current car</span>}
      {car.nickname && <strong>“{car.nickname}”</strong>}
    </p>
  );
}

/** Why an inactive car shows no data, and the way to activate it (proof of physical access). */
export function InactiveCar({ car }: { car: GarageVehicleT }) {
  return (
    <div className="notice" data-testid={`inactive-${car.vin}`}>
      <p>
        {car.heldElsewhere
          ? 'Connected services for this car are active on another account, so you do not see its data or control it. A car’s services can be active on only one account at a time.'
          : 'Connected services for this car are not active on your account yet.'}{' '}
        If the car is yours now, activate them by proving you are in the car: type the mileage it shows, or scan the code on its
        screen. The other account loses access at that moment.
      </p>
      <a className="button" href={`/app/cars/${car.vin}/activate`}>
        Activate connected services
      </a>
    </div>
  );
}

/** Nickname, "make current" and remove, for one garage entry. */
export function GarageCarActions({ car, onChanged }: { car: GarageVehicleT; onChanged: () => void }) {
  const [mode, setMode] = useState<'idle' | 'rename' | 'remove'>('idle');
  const [nickname, setNickname] = useState(car.nickname ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function patch(body: { nickname?: string | null; current?: true }) {
    setBusy(true);
    setError(null);
    try {
      await api(`/garage/${car.vin}`, { method: 'PATCH', body: JSON.stringify(body) });
      setMode('idle');
      onChanged();
    } catch (e) {
      setError(plainProblem(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="garage-actions">
      {mode === 'idle' && (
        <p className="row">
          <button type="button" className="secondary" onClick={() => setMode('rename')}>
            {car.nickname ? 'Rename' : 'Add a nickname'}
          </button>
          {!car.current && (
            <button type="button" className="secondary" disabled={busy} onClick={() => void patch({ current: true })}>
              Make this my current car
            </button>
          )}
          <button type="button" className="secondary" onClick={() => setMode('remove')}>
            Remove from garage
          </button>
        </p>
      )}
      {mode === 'idle' && car.status !== 'inactive' && <SellCar vin={car.vin} />}
      {mode === 'rename' && (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            void patch({ nickname: nickname.trim() || null });
          }}
        >
          <label className="field" htmlFor={`nick-${car.vin}`}>
            <span>Nickname (empty to remove)</span>
            <input id={`nick-${car.vin}`} value={nickname} maxLength={40} onChange={(e) => setNickname(e.target.value)} />
          </label>
          <button type="submit" disabled={busy}>
            Save
          </button>
          <button type="button" className="secondary" onClick={() => setMode('idle')}>
            Cancel
          </button>
        </form>
      )}
      {mode === 'remove' && <RemoveCar car={car} onRemoved={onChanged} onKeep={() => setMode('idle')} />}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </div>
  );
}

/** The FAQ's checklist before a car leaves the account (selling it, for example), then the confirmation. */
function RemoveCar({ car, onRemoved, onKeep }: { car: GarageVehicleT; onRemoved: () => void; onKeep: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const hu = useHeadUnitProfile(car.vin);
  async function remove() {
    setBusy(true);
    setError(null);
    try {
      await api(`/garage/${car.vin}`, { method: 'DELETE' });
      onRemoved();
    } catch (e) {
      setError(plainProblem(e));
      setBusy(false);
    }
  }
  return (
    <section className="checklist" aria-labelledby={`rm-${car.vin}`} role="group">
      <h3 id={`rm-${car.vin}`}>Before you remove {carName(car)}</h3>
      <ol>
        <li>
          <strong>Cancel the connected-services subscription.</strong> Removing the car does it for you: its services stop for
          your account at once.
        </li>
        <li data-testid="checklist-profile" data-done={hu.profile === undefined ? 'unknown' : hu.profile ? 'no' : 'yes'}>
          <strong>Remove your user profile from the car’s multimedia head unit</strong>, so the next driver does not see your
          data.{' '}
          {hu.profile ? (
            <>
              Your profile is still on the car.{' '}
              <button type="button" className="link" onClick={() => void hu.remove()}>
                Remove it now
              </button>{' '}
              (or in the car: Setup → Profiles).
            </>
          ) : hu.profile === null ? (
            <span className="ok">Done: the car keeps no profile of yours.</span>
          ) : (
            <span>Checking the car…</span>
          )}
        </li>
        <li>
          <strong>Keep your account.</strong> Do not delete it: any future car can be added to the same account.
        </li>
        <li>
          <strong>Tell the new owner</strong> that the car has connected services, which they can activate in their own app.
        </li>
      </ol>
      <p className="row">
        <button type="button" className="danger" disabled={busy} onClick={() => void remove()}>
          Remove {car.vin} from my garage
        </button>
        <button type="button" className="secondary" onClick={onKeep}>
          Keep the car
        </button>
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}
