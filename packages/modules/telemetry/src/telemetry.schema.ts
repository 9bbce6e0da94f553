import { pgTable, text, bigint, boolean, uuid, jsonb, timestamp, primaryKey, index } from 'drizzle-orm/pg-core';

// The time-series table telemetry_samples is partitioned by month, which drizzle-kit cannot express:
// it is created by a custom migration and declared for queries in telemetry-samples.table.ts.

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** One row per accepted `up/telemetry` message: a repeated (vin, seq) is a duplicate and is stored once. */
export const telemetryBatches = pgTable(
  'telemetry_batches',
  {
    vin: text('vin').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    receivedAt: ts('received_at').notNull(),
  },
  // BRIN: rows arrive in received_at order, and a block range summary costs next to nothing per insert (a btree
  // entry per message did); recovery and retention read ranges of received_at.
  (t) => [primaryKey({ columns: [t.vin, t.seq] }), index('telemetry_batches_received_idx').using('brin', t.receivedAt)],
);

/** Vehicle events placed by their own `ts` (store and forward: they may arrive hours late); stored once by id. */
export const vehicleEvents = pgTable(
  'vehicle_events',
  {
    id: uuid('id').primaryKey(),
    vin: text('vin').notNull(),
    type: text('type').notNull(),
    ts: ts('ts').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>(),
    receivedAt: ts('received_at').notNull(),
  },
  (t) => [
    index('vehicle_events_vin_ts_idx').on(t.vin, t.ts),
    index('vehicle_events_type_ts_idx').on(t.type, t.ts),
    // Trip detection finds what arrived since its cursor without reading the car's whole history.
    index('vehicle_events_vin_received_idx').on(t.vin, t.receivedAt),
    // The notification rules read what arrived since their cursor, across all cars.
    index('vehicle_events_received_idx').on(t.receivedAt),
  ],
);

/** The latest value of each signal with its own time; older data never overwrites newer. */
export const vehicleState = pgTable(
  'vehicle_state',
  {
    vin: text('vin').notNull(),
    signal: text('signal').notNull(),
    value: jsonb('value').notNull(),
    ts: ts('ts').notNull(),
  },
  (t) => [primaryKey({ columns: [t.vin, t.signal] })],
);

/** Online/offline from `up/connection` (retained, also the last will) and the last time anything arrived. */
export const vehicleConnection = pgTable('vehicle_connection', {
  vin: text('vin').primaryKey(),
  online: boolean('online').notNull(),
  since: ts('since').notNull(),
  /** Time of the connection message that set `online` (the car's clock); null when only data was seen. */
  statusTs: ts('status_ts'),
  lastSeenAt: ts('last_seen_at').notNull(),
});

/**
 * Latest values (vehicle_state) and last-seen times of telemetry are written with the batch when the ingest is idle
 * and coalesced across batches under load. While an ingest process holds such deferred state it keeps a row here:
 * every batch since `pending_since` is stored (samples and telemetry_batches), so the state is rebuilt from them
 * when the process dies before writing it (once `alive_until` passed without the process renewing it).
 */
export const telemetryStateCheckpoints = pgTable('telemetry_state_checkpoints', {
  instance: text('instance').primaryKey(),
  pendingSince: ts('pending_since').notNull(),
  aliveUntil: ts('alive_until').notNull(),
});
