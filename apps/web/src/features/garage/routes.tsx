import type { ReactNode } from 'react';
import { OwnerShell } from '../owner/OwnerShell';
import { ActivatePage } from './ActivatePage';
import { ServicesCentre } from './ServicesCentre';
import { RetailerConsole } from '../retailer/RetailerConsole';

/** /app/cars/{VIN}/activate, /app/cars/{VIN}/services and /retailer; null otherwise (the inbox: features/notifications). */
export function garagePage(path: string): ReactNode | null {
  const p = path.replace(/\/+$/, '');
  if (p === '/retailer') return <RetailerConsole />;
  const m = /^\/app\/cars\/([A-HJ-NPR-Z0-9]{17})\/(activate|services)$/i.exec(p);
  if (!m) return null;
  const vin = m[1]!.toUpperCase();
  return m[2] === 'activate' ? (
    <ActivatePage vin={vin} />
  ) : (
    <OwnerShell vin={vin} section="services">
      {(car) => <ServicesCentre car={car} />}
    </OwnerShell>
  );
}
