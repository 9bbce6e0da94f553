import { pgTable, text, bigint, jsonb, timestamp } from 'drizzle-orm/pg-core';

/**
 * telemetry_samples, for the query builder only: the table is partitioned by month (range on ts) and created
 * by a custom migration, so this file is deliberately not named *.schema.ts (drizzle-kit would emit a plain table).
 * One row per sample with its signals as jsonb, not one row per signal: a car sends ~20-60 signals per sample,
 * readers (trips, accidents) want whole samples, and 20-60x fewer rows keeps the (vin, ts) index small.
 */
export const telemetrySamples = pgTable('telemetry_samples', {
  vin: text('vin').notNull(),
  ts: timestamp('ts', { withTimezone: true, mode: 'date' }).notNull(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  signals: jsonb('signals').$type<Record<string, unknown>>().notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true, mode: 'date' }).notNull(),
});
