import { useState, type FormEvent } from 'react';
import { checkVin, type GarageVehicleT } from '@marque/contracts';
import { api, ApiError } from '../../lib/api';
import { plainProblem } from '../owner/problems';

/** What the server's refusals mean for someone adding a car. */
function addProblem(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.problem.code === 'vehicle.unknown')
      return 'We do not know a car with this VIN. Check it against the registration document or the plate at the bottom of the windscreen.';
    if (e.problem.code === 'vehicle.not_connected')
      return 'This car has no connected-services unit, so it cannot be added to the app.';
    if (e.problem.status === 400) return e.problem.errors?.[0]?.reason ?? 'This is not a valid VIN.';
  }
  return plainProblem(e);
}

/** Add a car by VIN: checked in the browser first, then by the server against the vehicle registry. */
export function AddCar({ onAdded }: { onAdded: (car: GarageVehicleT) => void }) {
  const [vin, setVin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const check = checkVin(vin);
    if (!check.ok) return setError(check.message);
    setBusy(true);
    setError(null);
    try {
      const car = await api<GarageVehicleT>('/garage', {
        method: 'POST',
        body: JSON.stringify({ vin: vin.trim().toUpperCase() }),
      });
      setVin('');
      onAdded(car);
    } catch (err) {
      setError(addProblem(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="add-car-title">
      <h2 id="add-car-title">Add a car</h2>
      <p>
        <small>
          The VIN (17 characters) is on the registration document and at the bottom of the windscreen. A car you add stays
          inactive until you prove you are in it.
        </small>
      </p>
      <form className="row" onSubmit={(e) => void submit(e)} noValidate>
        <label className="field" htmlFor="add-vin">
          <span>VIN</span>
          <input
            id="add-vin"
            value={vin}
            maxLength={20}
            autoCapitalize="characters"
            spellCheck={false}
            aria-invalid={error ? true : undefined}
            onChange={(e) => setVin(e.target.value.toUpperCase())}
          />
        </label>
        <button type="submit" disabled={busy || !vin.trim()}>
          Add to my garage
        </button>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}
