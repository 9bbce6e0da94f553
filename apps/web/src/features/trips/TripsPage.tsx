import { useEffect, useState } from 'react';
import type { GarageVehicleT } from '@marque/contracts';
import { api, ApiError } from '../../lib/api';
import { isSignedOut, plainProblem, signInAgain } from '../owner/problems';
import { Bars } from './SpeedChart';
import { km, label, mins, when, type AnalyticsT, type TripPage, type TripSummary } from './types';

/** /app/cars/{VIN}/trips: my trips with this car, newest first, CSV export, and the analytics charts. */
export function TripsPage({ car }: { car: GarageVehicleT }) {
  const [page, setPage] = useState<TripPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<TripPage>(`/vehicles/${car.vin}/trips?limit=50`).then(setPage, (e) =>
      isSignedOut(e) ? signInAgain() : setError(plainProblem(e)),
    );
  }, [car.vin]);
  return (
    <>
      <section className="card" aria-labelledby="trips-title">
        <h1 id="trips-title">Trips</h1>
        {error && <p role="alert" className="error">{error}</p>}
        {page === null && !error && <p>Loading trips…</p>}
        {page && page.items.length === 0 && <p>No trips yet. They appear a minute or two after you park.</p>}
        {page && page.items.length > 0 && (
          <ul className="trip-list" data-testid="trip-list">
            {page.items.map((t) => (
              <li key={t.id}>
                <a href={`/app/cars/${car.vin}/trips/${t.id}`}>{label(t)}</a> <small>{when(t.startedAt)} · {km(t.distanceM)} · {mins(t.durationS)}{t.score !== null ? ` · score ${t.score}` : ''}</small>
              </li>
            ))}
          </ul>
        )}
        {page && (
          <p>
            <small>
              Trips are kept for {page.retentionDays} days, then removed. <a href={`/api/v1/vehicles/${car.vin}/trips.csv`} download>Export all trips (CSV)</a> to keep them longer.
            </small>
          </p>
        )}
      </section>
      <Analytics vin={car.vin} />
    </>
  );
}

function Analytics({ vin }: { vin: string }) {
  const [period, setPeriod] = useState<'day' | 'week' | 'month'>('day');
  const [data, setData] = useState<AnalyticsT | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setError(null);
    api<AnalyticsT>(`/vehicles/${vin}/analytics?period=${period}`).then(setData, (e) =>
      setError(e instanceof ApiError && e.problem.code === 'consent.driving_analytics' ? 'consent' : plainProblem(e)),
    );
  }, [vin, period]);
  const labels = data?.series.map((b) => (period === 'month' ? b.start.slice(5, 7) : b.start.slice(5, 10))) ?? [];
  return (
    <section className="card" aria-labelledby="analytics-title" data-testid="analytics">
      <h2 id="analytics-title">Driving analytics</h2>
      <p role="group" aria-label="Period">
        {(['day', 'week', 'month'] as const).map((p) => (
          <button key={p} type="button" aria-pressed={period === p} onClick={() => setPeriod(p)}>{p}</button>
        ))}
      </p>
      {error === 'consent' && (
        <p>Driving analytics needs your consent. <a href="/app/account/privacy">Turn it on in your privacy settings</a>.</p>
      )}
      {error && error !== 'consent' && <p role="alert" className="error">{error}</p>}
      {data && (
        <>
          <p>
            {data.totals.trips} trips · {data.totals.distanceKm} km · {data.totals.drivingHours} h
            {data.totals.score !== null ? ` · average score ${data.totals.score}` : ''}
            {data.totals.electricShare !== null ? ` · ${Math.round(data.totals.electricShare * 100)} % electric` : ''}
          </p>
          <h3>Distance (km)</h3>
          <Bars values={data.series.map((b) => b.distanceKm)} labels={labels} unit="km" />
          <h3>Score</h3>
          <Bars values={data.series.map((b) => b.score ?? 0)} labels={labels} unit="points" />
          <p>
            <button type="button" onClick={() => void api(`/vehicles/${vin}/analytics`, { method: 'DELETE' }).then(() => setPeriod(period))}>
              Delete my driving analysis
            </button>
          </p>
        </>
      )}
    </section>
  );
}

export function LastTrip({ vin }: { vin: string }) {
  const [trip, setTrip] = useState<TripSummary | null>(null);
  useEffect(() => {
    api<TripPage>(`/vehicles/${vin}/trips?limit=1`).then((p) => setTrip(p.items[0] ?? null), () => setTrip(null));
  }, [vin]);
  if (!trip) return null;
  return (
    <p data-testid="last-trip">
      Last trip: <a href={`/app/cars/${vin}/trips/${trip.id}`}>{label(trip)}</a> <small>{when(trip.endedAt)} · {km(trip.distanceM)}</small>
    </p>
  );
}
