import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../../lib/api';
import { activate, activationProblem } from './activation';

const KM_PER_MILE = 1.609344;
const MAX_WAITS = 6;

/**
 * Activation by the odometer: the owner types the mileage the car shows. When the platform has no fresh reading it
 * asks the car for one (409 reading_pending); the form then waits and tries again by itself, a few times.
 */
export function OdometerForm({ vin, onActivated }: { vin: string; onActivated: () => void }) {
  const [value, setValue] = useState('');
  const [unit, setUnit] = useState<'km' | 'mi'>('km');
  const [busy, setBusy] = useState(false);
  const [waiting, setWaiting] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  async function attempt(km: number, waits: number) {
    try {
      await activate(vin, { method: 'odometer', odometerKm: km });
      setWaiting(null);
      onActivated();
    } catch (e) {
      if (e instanceof ApiError && e.problem.code === 'activation.reading_pending' && waits < MAX_WAITS) {
        const s = e.problem.retryAfterSeconds ?? 10;
        setWaiting(`We asked the car for a fresh odometer reading. Keep the ignition on; checking again in ${s} seconds…`);
        timer.current = setTimeout(() => void attempt(km, waits + 1), s * 1000);
        return;
      }
      setWaiting(null);
      setError(
        e instanceof ApiError && e.problem.code === 'activation.reading_pending'
          ? 'The car has not sent a fresh reading. Check that it is switched on and has mobile coverage, then try again.'
          : activationProblem(e),
      );
      setBusy(false);
    }
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    const n = Number(value.replace(/[\s,.](?=\d{3}\b)/g, ''));
    if (!Number.isFinite(n) || n <= 0) return setError('Type the mileage as a number, for example 42150.');
    setError(null);
    setBusy(true);
    void attempt(unit === 'mi' ? n * KM_PER_MILE : n, 0);
  }

  return (
    <section className="card" aria-labelledby="odo-title">
      <h2 id="odo-title">Type the mileage shown in the car</h2>
      <p>
        <small>Read the total distance (odometer, not a trip counter) in the instrument cluster and type it here.</small>
      </p>
      <form className="row" onSubmit={submit} noValidate>
        <label className="field" htmlFor="odo-value">
          <span>Mileage</span>
          <input
            id="odo-value"
            inputMode="numeric"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            aria-invalid={error ? true : undefined}
          />
        </label>
        <label className="field unit" htmlFor="odo-unit">
          <span>Unit</span>
          <select id="odo-unit" value={unit} onChange={(e) => setUnit(e.target.value as 'km' | 'mi')}>
            <option value="km">km</option>
            <option value="mi">miles</option>
          </select>
        </label>
        <button type="submit" disabled={busy || !value.trim()}>
          Check the mileage
        </button>
      </form>
      {waiting && (
        <p className="notice" role="status" data-testid="odometer-waiting">
          {waiting}
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}
