import { useCallback, useEffect, useState } from 'react';
import type { GarageVehicleT } from '@marque/contracts';
import { api } from '../../lib/api';
import { isSignedOut, plainProblem, signInAgain } from '../owner/problems';
import { ServiceDueCard } from './ServiceDueCard';
import { BookService, MyRequests } from './BookService';
import { fmtDate, fmtKm, type MaintenanceT, type WarningT } from './types';

/** /app/cars/{VIN}/maintenance: service due, warnings with what to do, the service history, and booking a service. */
export function MaintenancePage({ car }: { car: GarageVehicleT }) {
  const [data, setData] = useState<MaintenanceT | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    api<MaintenanceT>(`/vehicles/${car.vin}/maintenance`).then(
      (d) => {
        setData(d);
        setError(null);
      },
      (e) => (isSignedOut(e) ? signInAgain() : setError(plainProblem(e))),
    );
  }, [car.vin]);
  useEffect(load, [load]);
  if (error)
    return (
      <section className="card">
        <p role="alert" className="error">
          {error}
        </p>
      </section>
    );
  if (!data) return <p>Loading maintenance…</p>;
  return (
    <>
      <ServiceDueCard due={data.due} />
      <Warnings warnings={data.warnings} />
      <MyRequests requests={data.requests} />
      <BookService vin={car.vin} hasOpen={data.requests.some((r) => r.status === 'open')} onBooked={load} />
      <History data={data} />
    </>
  );
}

function Warnings({ warnings }: { warnings: WarningT[] }) {
  return (
    <section className="card" aria-labelledby="warn-title" data-testid="warnings">
      <h2 id="warn-title">Warnings</h2>
      {warnings.length === 0 && <p>No warnings: nothing needs your attention.</p>}
      <ul className="plain">
        {warnings.map((w) => (
          <li key={`${w.code}-${w.detail ?? ''}`} className={`warning ${w.severity}`} data-code={w.code}>
            <strong>
              {w.severity === 'critical' ? 'Urgent: ' : ''}
              {w.title}
            </strong>
            {w.detail && w.source !== 'dtc' ? <small> · {w.detail}</small> : null}
            {w.source === 'dtc' && <small> · code {w.code}</small>}
            <br />
            <span>{w.whatToDo}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function History({ data }: { data: MaintenanceT }) {
  const rows = [...data.history].reverse();
  return (
    <section className="card" aria-labelledby="history-title">
      <h2 id="history-title">Service history</h2>
      {rows.length === 0 ? (
        <p>No service has been recorded for this car yet. Retailers add each service they do.</p>
      ) : (
        <table className="subs" data-testid="service-history">
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Mileage</th>
              <th scope="col">Work done</th>
              <th scope="col">Retailer</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} className={r.correctedBy ? 'corrected' : undefined}>
                <td>{fmtDate(r.servicedOn)}</td>
                <td>{fmtKm(r.odometerKm)}</td>
                <td>
                  {r.correctedBy ? <s>{r.work}</s> : r.work}
                  {r.correctedBy && <small> (corrected by the retailer)</small>}
                  {r.corrects && <small> (correction)</small>}
                </td>
                <td>{r.retailerName}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p>
        <small>
          The service history belongs to the car: it stays with it when it changes hands. Your service requests are yours alone.
        </small>
      </p>
    </section>
  );
}
