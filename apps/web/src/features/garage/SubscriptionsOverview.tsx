import { useEffect, useState } from 'react';
import type { GarageVehicleT } from '@marque/contracts';
import { api } from '../../lib/api';
import { plainProblem } from '../owner/problems';
import { carName } from '../owner/OwnerShell';
import { stateText, type ServicePackage, type ServicesCentreT } from './types';

type Row = { car: GarageVehicleT; pkg: ServicePackage };

/** The customer portal's view: every subscription of the account's active cars and when it ends. */
export function SubscriptionsOverview() {
  const [rows, setRows] = useState<Row[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    (async () => {
      const { vehicles } = await api<{ vehicles: GarageVehicleT[] }>('/garage');
      const active = vehicles.filter((c) => c.status !== 'inactive');
      const centres = await Promise.all(active.map((c) => api<ServicesCentreT>(`/vehicles/${c.vin}/services`)));
      setRows(
        centres.flatMap((s, i) => s.packages.filter((p) => p.state !== 'not_available').map((pkg) => ({ car: active[i]!, pkg }))),
      );
    })().catch((e: unknown) => setError(plainProblem(e)));
  }, []);
  return (
    <section className="card" id="subscriptions">
      <h2>Subscriptions</h2>
      {error && <p className="error">{error}</p>}
      {rows?.length === 0 && <p>No car with active connected services is in your garage.</p>}
      {rows && rows.length > 0 && (
        <table className="subs">
          <thead>
            <tr>
              <th scope="col">Car</th>
              <th scope="col">Package</th>
              <th scope="col">State and expiry</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ car, pkg }) => (
              <tr key={car.vin + pkg.id}>
                <td>
                  <a href={`/app/cars/${car.vin}/services`}>{car.nickname || carName(car)}</a> <small>{car.vin}</small>
                </td>
                <td>{pkg.name}</td>
                <td>
                  {stateText(pkg.state, pkg.until)}
                  {pkg.id === 'multimedia' && pkg.state === 'available' && (
                    <small> — starts when you sign in on the car’s screen and accept the offer</small>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
