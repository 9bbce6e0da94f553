import { pgTable, text, uuid, jsonb, timestamp, integer, real, boolean, index, uniqueIndex } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export type RoutePoint = [lat: number, lon: number];
/** Seconds from the trip's start and km/h. */
export type SpeedPoint = [s: number, kmh: number];

/**
 * One row per trip, keyed by (vin, start_ts) so a recomputation upserts. A trip belongs to the account that held
 * the car when it started. A deleted trip stays as a tombstone without its data, so recomputation never revives it.
 */
export const trips = pgTable(
  'trips',
  {
    id: uuid('id').primaryKey(),
    vin: text('vin').notNull(),
    accountId: uuid('account_id').notNull(),
    startTs: ts('start_ts').notNull(),
    endTs: ts('end_ts').notNull(),
    source: text('source', { enum: ['ignition', 'motion'] }).notNull(),
    startLat: real('start_lat'),
    startLon: real('start_lon'),
    endLat: real('end_lat'),
    endLon: real('end_lon'),
    startPlace: text('start_place'),
    endPlace: text('end_place'),
    distanceM: integer('distance_m').notNull(),
    durationS: integer('duration_s').notNull(),
    idleS: integer('idle_s').notNull(),
    avgKmh: real('avg_kmh').notNull(),
    maxKmh: real('max_kmh').notNull(),
    fuelL: real('fuel_l'),
    energyKWh: real('energy_kwh'),
    electricShare: real('electric_share'),
    /** Driving analysis: only with the driving_analytics consent at the time it was computed. */
    score: integer('score'),
    scoreDetails: jsonb('score_details').$type<{ summary: string; tips: string[]; hardAccelerations: number; hardBrakings: number; steadiness: number }>(),
    /** Set when the owner erased the analysis: recomputation does not score the trip again. */
    analysisErased: boolean('analysis_erased').notNull().default(false),
    route: jsonb('route').$type<RoutePoint[]>(),
    speedProfile: jsonb('speed_profile').$type<SpeedPoint[]>(),
    deletedAt: ts('deleted_at'),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('trips_vin_start_uq').on(t.vin, t.startTs),
    // (start_ts, id) is the list's order: the newest trip is read straight from the index, without sorting them all.
    index('trips_account_vin_start_id_idx').on(t.accountId, t.vin, t.startTs, t.id),
  ],
);

/** How far each car's received data has been turned into trips (the detection job's cursor). */
export const tripCursors = pgTable('trip_cursors', {
  vin: text('vin').primaryKey(),
  receivedUntil: ts('received_until').notNull(),
  /** A point where detection can restart from nothing (no trip open across it): the next pass reads from here. */
  settledAt: ts('settled_at'),
});
