import type { ReactNode } from 'react';
import { OwnerShell } from '../owner/OwnerShell';
import { MaintenancePage } from './MaintenancePage';

/** /app/cars/{VIN}/maintenance; null otherwise. */
export function maintenancePage(path: string): ReactNode | null {
  const m = /^\/app\/cars\/([A-HJ-NPR-Z0-9]{17})\/maintenance\/?$/i.exec(path);
  if (!m) return null;
  return (
    <OwnerShell vin={m[1]!.toUpperCase()} section="maintenance">
      {(car) => <MaintenancePage car={car} />}
    </OwnerShell>
  );
}
