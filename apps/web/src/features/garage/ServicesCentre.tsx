import { useEffect, useState } from 'react';
import type { GarageVehicleT } from '@marque/contracts';
import { api } from '../../lib/api';
import { isSignedOut, plainProblem, signInAgain } from '../owner/problems';
import { carName } from '../owner/OwnerShell';
import { HeadUnitProfileStatus } from './HeadUnitProfileStatus';
import { day, shortState, stateBadge, stateText, type ServicePackage, type ServicesCentreT } from './types';

/** /app/cars/{VIN}/services: the connected-services centre — packages, their terms, each service's state. */
export function ServicesCentre({ car }: { car: GarageVehicleT }) {
  const [centre, setCentre] = useState<ServicesCentreT | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<ServicesCentreT>(`/vehicles/${car.vin}/services`).then(setCentre, (e) =>
      isSignedOut(e) ? signInAgain() : setError(plainProblem(e)),
    );
  }, [car.vin]);

  return (
    <>
      <section className="card">
        <h1>Connected Services centre</h1>
        <p>
          <small>
            {carName(car)} · VIN {car.vin}
          </small>
        </p>
        <p>
          <small>
            Standard Services are included with the car for 10 years from delivery (4 years with Smart Connect). Multimedia’s free
            3 years start when you sign in on the car’s screen and accept its offer there.
          </small>
        </p>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        {!centre && !error && <p>Loading the services…</p>}
        <HeadUnitProfileStatus vin={car.vin} />
      </section>
      {centre?.packages.map((p) => (
        <PackageCard key={p.id} vin={car.vin} pkg={p} onChange={setCentre} />
      ))}
    </>
  );
}

function PackageCard({ vin, pkg, onChange }: { vin: string; pkg: ServicePackage; onChange: (c: ServicesCentreT) => void }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function act(verb: 'cancel' | 'subscribe') {
    setBusy(true);
    setError(null);
    try {
      onChange(await api<ServicesCentreT>(`/vehicles/${vin}/services/${pkg.id}/${verb}`, { method: 'POST' }));
      setConfirming(false);
    } catch (e) {
      setError(plainProblem(e));
    } finally {
      setBusy(false);
    }
  }

  // Multimedia starts in the car (its head unit shows the offer and the terms); the app only resumes a cancelled one.
  const startsInCar = pkg.id === 'multimedia' && pkg.state === 'available';
  const canSubscribe = pkg.state === 'cancelled' || (pkg.state === 'available' && !startsInCar);
  return (
    <section className="card package" aria-labelledby={`pkg-${pkg.id}`} data-testid={`package-${pkg.id}`} data-state={pkg.state}>
      <div className="row between">
        <h2 id={`pkg-${pkg.id}`}>{pkg.name}</h2>
        <span className={`badge ${stateBadge(pkg.state)}`}>{stateText(pkg.state, pkg.until)}</span>
      </div>
      {pkg.termStart && pkg.until && (
        <p data-testid={`term-${pkg.id}`}>
          Term: {day(pkg.termStart)} – {day(pkg.until)}
          {pkg.trial && ' (free trial)'}
        </p>
      )}
      <ul className="plain services">
        {pkg.services.map((s) => (
          <li key={s.id} className="row between">
            <span>{s.name}</span>
            <small className={s.state === 'active' ? 'ok' : undefined}>{shortState(s.state)}</small>
          </li>
        ))}
      </ul>
      {pkg.state === 'active' && !confirming && (
        <button type="button" className="secondary" onClick={() => setConfirming(true)}>
          Cancel subscription
        </button>
      )}
      {confirming && (
        <div className="notice" role="group" aria-label={`Cancel ${pkg.name}`}>
          {pkg.id === 'standard' ? (
            <p>
              <strong>
                Cancelling Standard Services also removes the Accident Assistant, Driving Analytics and Find My Car.
              </strong>{' '}
              The app no longer shows the car’s status or sends it commands. You can subscribe again while the term runs.
            </p>
          ) : (
            <p>Cancelling Multimedia stops its online services in the car. You can subscribe again while the term runs.</p>
          )}
          <p className="row">
            <button type="button" className="danger" disabled={busy} onClick={() => void act('cancel')}>
              Cancel {pkg.name}
            </button>
            <button type="button" className="secondary" onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </p>
        </div>
      )}
      {startsInCar && (
        <p className="notice" data-testid="multimedia-start-in-car">
          <strong>Start it in the car:</strong> sit in the car, sign in on its screen with this account (scan the QR code it
          shows) and accept the Multimedia offer. Your free 3 years start then
          {pkg.termStart ? ' — this car’s term is already running' : ''}.
        </p>
      )}
      {canSubscribe && (
        <button type="button" disabled={busy} onClick={() => void act('subscribe')}>
          Subscribe again
        </button>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}
