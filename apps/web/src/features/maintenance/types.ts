/** The maintenance API's shapes as the web app reads them (GET /vehicles/{vin}/maintenance). */
export type Severity = 'info' | 'warning' | 'critical';

export interface ServiceDueT {
  source: 'vehicle' | 'interval' | 'unknown';
  isDue: boolean;
  distanceKm: number | null;
  days: number | null;
  dueDate: string | null;
  progress: number | null;
  interval: { km: number; months: number };
  basis: { kind: 'last_service' | 'delivery'; date: string; odometerKm: number } | null;
  signalsAt: string | null;
}

export interface WarningT {
  code: string;
  severity: Severity;
  title: string;
  whatToDo: string;
  known: boolean;
  source: 'dtc' | 'tyre' | 'battery12v' | 'service';
  since: string | null;
  detail: string | null;
}

export interface ServiceRecordT {
  id: string;
  vin: string;
  servicedOn: string;
  odometerKm: number;
  work: string;
  retailerName: string;
  recordedAt: string;
  corrects: string | null;
  correctedBy: string | null;
}

export interface ServiceRequestT {
  id: string;
  vin: string;
  status: 'open' | 'confirmed' | 'declined' | 'withdrawn';
  preferredDates: string[];
  note: string | null;
  mileageKm: number | null;
  warnings: Array<{ code: string; title: string; severity: string }>;
  confirmedDate: string | null;
  message: string | null;
  retailerName: string | null;
  createdAt: string;
  decidedAt: string | null;
}

export interface MaintenanceT {
  vin: string;
  language: 'en' | 'de';
  odometerKm: number | null;
  due: ServiceDueT;
  warnings: WarningT[];
  history: ServiceRecordT[];
  requests: ServiceRequestT[];
}

export const fmtKm = (n: number) => `${Math.abs(Math.round(n)).toLocaleString('en-GB')} km`;
export const fmtDate = (d: string) =>
  new Date(`${d.slice(0, 10)}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
