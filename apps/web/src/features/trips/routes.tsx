import type { ReactNode } from 'react';
import { OwnerShell } from '../owner/OwnerShell';
import { TripsPage } from './TripsPage';
import { TripDetail } from './TripDetail';

/** /app/cars/{VIN}/trips and /app/cars/{VIN}/trips/{id}; null otherwise. */
export function tripsPage(path: string): ReactNode | null {
  const m = /^\/app\/cars\/([A-HJ-NPR-Z0-9]{17})\/trips(?:\/([0-9a-f-]{36}))?\/?$/i.exec(path);
  if (!m) return null;
  const vin = m[1]!.toUpperCase();
  const id = m[2];
  return (
    <OwnerShell vin={vin} section="trips">
      {(car) => (id ? <TripDetail car={car} id={id} /> : <TripsPage car={car} />)}
    </OwnerShell>
  );
}
