import type { ServiceRecordRow, ServiceRequestRow } from './maintenance.repository';

export interface ServiceRecordView {
  id: string;
  vin: string;
  servicedOn: string;
  odometerKm: number;
  work: string;
  retailerName: string;
  recordedAt: string;
  /** The earlier record this one corrects. */
  corrects: string | null;
  /** The later record that corrects this one (it stays in the history, marked). */
  correctedBy: string | null;
}

export interface ServiceRequestView {
  id: string;
  vin: string;
  status: ServiceRequestRow['status'];
  preferredDates: string[];
  note: string | null;
  mileageKm: number | null;
  warnings: ServiceRequestRow['warnings'];
  confirmedDate: string | null;
  message: string | null;
  retailerName: string | null;
  createdAt: string;
  decidedAt: string | null;
}

/** The service book with each correction linked both ways. */
export function recordViews(rows: ServiceRecordRow[]): ServiceRecordView[] {
  const correctedBy = new Map(rows.filter((r) => r.corrects).map((r) => [r.corrects!, r.id]));
  return rows.map((r) => ({
    id: r.id,
    vin: r.vin,
    servicedOn: r.servicedOn,
    odometerKm: r.odometerKm,
    work: r.work,
    retailerName: r.retailerName,
    recordedAt: r.recordedAt.toISOString(),
    corrects: r.corrects,
    correctedBy: correctedBy.get(r.id) ?? null,
  }));
}

/** The latest service that no later record corrects. */
export function lastService(records: ServiceRecordView[]): ServiceRecordView | null {
  return (
    records
      .filter((r) => !r.correctedBy)
      .sort((a, b) => (a.servicedOn < b.servicedOn ? 1 : a.servicedOn > b.servicedOn ? -1 : 0))[0] ?? null
  );
}

export function requestView(r: ServiceRequestRow): ServiceRequestView {
  return {
    id: r.id,
    vin: r.vin,
    status: r.status,
    preferredDates: r.preferredDates,
    note: r.note,
    mileageKm: r.mileageKm,
    warnings: r.warnings,
    confirmedDate: r.confirmedDate,
    message: r.message,
    retailerName: r.retailerName,
    createdAt: r.createdAt.toISOString(),
    decidedAt: r.decidedAt?.toISOString() ?? null,
  };
}
