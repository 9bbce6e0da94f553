import { pgTable, text, uuid, integer, date, timestamp, jsonb, index, uniqueIndex } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * The car's service book as retailers write it. It belongs to the car, not to a person: no owner is named, and
 * every holder of the car sees it (docs/ownership.md). Rows are never updated; a correction is a new row that
 * names the row it corrects.
 */
export const serviceRecords = pgTable(
  'service_records',
  {
    id: uuid('id').primaryKey(),
    vin: text('vin').notNull(),
    servicedOn: date('serviced_on', { mode: 'string' }).notNull(),
    odometerKm: integer('odometer_km').notNull(),
    work: text('work').notNull(),
    retailerId: uuid('retailer_id').notNull(),
    retailerName: text('retailer_name').notNull(),
    /** The earlier record this one corrects (same retailer only). */
    corrects: uuid('corrects'),
    recordedAt: ts('recorded_at').notNull(),
  },
  // A record is corrected at most once (concurrent corrections cannot both land); NULLs do not collide.
  (t) => [index('service_records_vin_idx').on(t.vin, t.servicedOn), uniqueIndex('service_records_corrects_uq').on(t.corrects)],
);

/** An owner's request to book a service: personal data of that account (export, erasure, never shown to a later holder). */
export const serviceRequests = pgTable(
  'service_requests',
  {
    id: uuid('id').primaryKey(),
    vin: text('vin').notNull(),
    accountId: uuid('account_id').notNull(),
    preferredDates: jsonb('preferred_dates').$type<string[]>().notNull(),
    note: text('note'),
    mileageKm: integer('mileage_km'),
    /** The warnings shown to the owner when it asked, as codes with their titles. */
    warnings: jsonb('warnings').$type<Array<{ code: string; title: string; severity: string }>>().notNull(),
    status: text('status', { enum: ['open', 'confirmed', 'declined', 'withdrawn'] }).notNull(),
    retailerId: uuid('retailer_id'),
    retailerName: text('retailer_name'),
    confirmedDate: date('confirmed_date', { mode: 'string' }),
    message: text('message'),
    createdAt: ts('created_at').notNull(),
    decidedAt: ts('decided_at'),
  },
  (t) => [
    index('service_requests_account_idx').on(t.accountId, t.vin),
    index('service_requests_status_idx').on(t.status, t.createdAt),
  ],
);
