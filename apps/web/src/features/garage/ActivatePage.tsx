import { useEffect, useState } from 'react';
import type { GarageVehicleT } from '@marque/contracts';
import { api, ApiError } from '../../lib/api';
import { isSignedOut, plainProblem, signInAgain } from '../owner/problems';
import { carName } from '../owner/OwnerShell';
import { OdometerForm } from './OdometerForm';
import { CodeForm } from './CodeForm';

/** Codes come from head units with Smart Connect (mm21 shows them too); others prove access by mileage only. */
const showsCodes = (c: GarageVehicleT) => !!c.smartConnect || c.headUnit === 'mm21';

/** /app/cars/{VIN}/activate: prove physical access to take over the car's connected services. */
export function ActivatePage({ vin }: { vin: string }) {
  const [car, setCar] = useState<GarageVehicleT | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const code = new URLSearchParams(window.location.search).get('code') ?? '';

  useEffect(() => {
    api<GarageVehicleT>(`/garage/${vin}`).then(setCar, (e) => {
      if (isSignedOut(e)) return signInAgain();
      if (e instanceof ApiError && e.problem.code === 'garage.not_held') return setCar(null);
      setError(plainProblem(e));
    });
  }, [vin]);

  function activated() {
    setDone(true);
    window.location.assign(`/app/cars/${vin}?activated=1`);
  }

  async function addToGarage() {
    try {
      setCar(await api<GarageVehicleT>('/garage', { method: 'POST', body: JSON.stringify({ vin }) }));
    } catch (e) {
      setError(plainProblem(e));
    }
  }

  if (error)
    return (
      <p role="alert" className="error">
        {error} <a href="/app">Back to your garage</a>.
      </p>
    );
  if (car === undefined) return <p>Loading…</p>;
  if (car === null)
    return (
      <section className="card">
        <h1>Activate connected services</h1>
        <p>{vin} is not in your garage yet.</p>
        <button type="button" onClick={() => void addToGarage()}>
          Add it to my garage
        </button>
      </section>
    );
  if (car.status !== 'inactive')
    return (
      <section className="card">
        <h1>{carName(car)}</h1>
        <p className="ok">Connected services for this car are active on your account.</p>
        <a className="button" href={`/app/cars/${vin}`}>
          See its status
        </a>
      </section>
    );
  return (
    <div className="owner activate">
      <section className="card">
        <h1>Activate connected services</h1>
        <p>
          <strong>{carName(car)}</strong> <small>· VIN {vin}</small>
        </p>
        <p>
          Connected services work on one account at a time. To move them to yours, show that you are in the car: sit in it with
          the ignition on, then use one of the two ways below.
          {car.heldElsewhere && ' The account that holds them now loses access at once and is told so.'}
        </p>
        {done && <p className="ok">Activated. Opening the car…</p>}
      </section>
      <OdometerForm vin={vin} onActivated={activated} />
      {showsCodes(car) ? (
        <CodeForm vin={vin} initialCode={code} onActivated={activated} />
      ) : (
        <section className="card">
          <h2>Code from the car’s screen</h2>
          <p>This car’s head unit cannot show an activation code: use the mileage instead.</p>
        </section>
      )}
      <p>
        <a href="/app">Back to your garage</a>
      </p>
    </div>
  );
}
