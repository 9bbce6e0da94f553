import { AppError } from '@marque/kernel';
import { CONNECTOR_STATUSES, type MeterReading, type MeterSample, type StatusReport } from './charging.types';

// OCPP identities travel in the URL path and as the Basic auth user name, so no ':' and no '/'.
const CHARGE_POINT_ID = /^[A-Za-z0-9._~*+|@-]{1,48}$/;
// 1.6 CiString20 and 2.0.1 IdToken (CiString36): printable ASCII.
const ID_TAG = /^[\x21-\x7e]{1,36}$/;

export function requireChargePointId(input: string, field = 'chargePointId'): string {
  if (!CHARGE_POINT_ID.test(input)) {
    throw AppError.invalidField(field, 'must be 1 to 48 letters, digits or ._~*+|@- (no ":" or "/")', 'charger.id');
  }
  return input;
}

/** Id tags are case-insensitive in OCPP; the platform keeps them upper-cased for lookups. */
export function normaliseIdTag(input: string, field = 'idTag'): string {
  if (!ID_TAG.test(input)) throw AppError.invalidField(field, 'must be 1 to 36 printable ASCII characters', 'token.id');
  return input.toUpperCase();
}

export function requireDate(d: Date, field: string): Date {
  if (!(d instanceof Date) || Number.isNaN(d.getTime())) throw AppError.invalidField(field, 'must be a valid date-time');
  return d;
}

export function requireIndex(n: number, field: string): number {
  if (!Number.isInteger(n) || n < 0 || n > 0x7fffffff) throw AppError.invalidField(field, 'must be a whole number from 0');
  return n;
}

export function requireFinite(n: number, field: string): number {
  if (!Number.isFinite(n)) throw AppError.invalidField(field, 'must be a finite number');
  return n;
}

export function optionalText(s: string | undefined, field: string, max: number): string | undefined {
  if (s === undefined) return undefined;
  if (s.length > max) throw AppError.invalidField(field, `must be at most ${max} characters`);
  return s;
}

export function validateStatus(r: StatusReport & { ts: Date }): StatusReport & { ts: Date } {
  requireIndex(r.evseId, 'evseId');
  requireIndex(r.connectorId, 'connectorId');
  requireDate(r.ts, 'timestamp');
  if (!(CONNECTOR_STATUSES as readonly string[]).includes(r.status)) {
    throw AppError.invalidField('status', `must be one of ${CONNECTOR_STATUSES.join(', ')}`);
  }
  optionalText(r.errorCode, 'errorCode', 50);
  return r;
}

function validateSample(s: MeterSample, field: string): MeterSample {
  requireFinite(s.value, `${field}.value`);
  optionalText(s.measurand, `${field}.measurand`, 64);
  optionalText(s.unit, `${field}.unit`, 32);
  return s;
}

export function validateReadings(readings: MeterReading[] | undefined, field = 'meterValue'): MeterReading[] {
  return (readings ?? []).map((r, i) => {
    requireDate(r.ts, `${field}[${i}].timestamp`);
    r.samples.forEach((s, j) => validateSample(s, `${field}[${i}].sampledValue[${j}]`));
    return r;
  });
}
