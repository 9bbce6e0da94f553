import type { ReactNode } from 'react';
import { OwnerHome } from './OwnerHome';
import { OwnerShell } from './OwnerShell';
import { CarStatusPage } from './CarStatusPage';
import { FindMyCar } from './FindMyCar';

/** The owner app by path: /app (garage), /app/cars/{VIN} (status, commands), /app/cars/{VIN}/find; null otherwise. */
export function ownerPage(path: string): ReactNode | null {
  const p = path.replace(/\/+$/, '');
  if (p === '/app') return <OwnerHome />;
  const m = /^\/app\/cars\/([A-HJ-NPR-Z0-9]{17})(\/find)?$/i.exec(p);
  if (!m) return null;
  const vin = m[1]!.toUpperCase();
  return m[2] ? (
    <OwnerShell vin={vin} section="find">
      {(car) => <FindMyCar car={car} />}
    </OwnerShell>
  ) : (
    <OwnerShell vin={vin} section="status">
      {(car) => <CarStatusPage car={car} />}
    </OwnerShell>
  );
}
