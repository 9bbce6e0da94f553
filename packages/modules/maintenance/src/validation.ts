import { AppError } from '@marque/kernel';

const DAY = 86_400_000;
export const today = (now: Date) => now.toISOString().slice(0, 10);

/** A calendar date `YYYY-MM-DD` that exists (2026-02-30 does not). */
export function requireDate(field: string, value: unknown): string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    throw AppError.invalidField(field, `${field} must be a date (YYYY-MM-DD)`, 'maintenance.date');
  }
  const d = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value) {
    throw AppError.invalidField(field, `${field} is not a real calendar date`, 'maintenance.date');
  }
  return value;
}

/** A date from today up to `maxDays` ahead. */
export function requireUpcoming(field: string, value: unknown, now: Date, maxDays: number): string {
  const d = requireDate(field, value);
  if (d < today(now)) throw AppError.invalidField(field, `${field} cannot be in the past`, 'maintenance.date_past');
  if (d > today(new Date(now.getTime() + maxDays * DAY))) {
    throw AppError.invalidField(field, `${field} can be at most ${maxDays} days ahead`, 'maintenance.date_far');
  }
  return d;
}

/** Trimmed text of 1..max characters (or null when optional and empty). */
export function requireText(field: string, value: unknown, max: number, optional: true): string | null;
export function requireText(field: string, value: unknown, max: number, optional?: false): string;
export function requireText(field: string, value: unknown, max: number, optional = false): string | null {
  if ((value === undefined || value === null) && optional) return null;
  if (typeof value !== 'string') throw AppError.invalidField(field, `${field} must be text`, 'maintenance.text');
  const s = value.trim();
  if (!s) {
    if (optional) return null;
    throw AppError.invalidField(field, `${field} must not be empty`, 'maintenance.text_empty');
  }
  if (s.length > max) throw AppError.invalidField(field, `${field} can be at most ${max} characters`, 'maintenance.text_long');
  return s;
}

export const MAX_ODOMETER_KM = 2_000_000;

export function requireOdometer(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_ODOMETER_KM) {
    throw AppError.invalidField(field, `${field} must be whole kilometres from 0 to ${MAX_ODOMETER_KM}`, 'maintenance.odometer');
  }
  return value;
}
