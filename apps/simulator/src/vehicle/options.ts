import type { IncidentRates } from './trip';

export interface ModelOptions {
  rates?: Partial<IncidentRates>;
  /** Sample period while driving, and how often samples are sent as one batch. */
  sampleMs?: number;
  batchMs?: number;
  /** Chance per trip of losing coverage part-way, and per parking of a garage without coverage. */
  gapChance?: number;
  awakeMs?: number;
  heartbeatMs?: number;
  /** The first `seq`; defaults to the start time so a restarted simulator never repeats one. */
  seqBase?: number;
  /** Leave for the first trip within this many ms (demos want cars moving soon). */
  firstTripWithinMs?: number;
  bufferLimit?: number;
  index?: number;
  /** Chance per hour that a parked, locked car is tampered with and its anti-theft alarm goes off (rare). */
  alarmPerHour?: number;
}

export type ModelDefaults = Required<
  Pick<ModelOptions, 'sampleMs' | 'batchMs' | 'gapChance' | 'awakeMs' | 'heartbeatMs' | 'bufferLimit' | 'alarmPerHour'>
>;

const MIN = 60_000;

export function modelDefaults(o: ModelOptions): ModelDefaults {
  return {
    sampleMs: o.sampleMs ?? 1000,
    batchMs: o.batchMs ?? 5000,
    gapChance: o.gapChance ?? 0.06,
    awakeMs: o.awakeMs ?? 10 * MIN,
    heartbeatMs: o.heartbeatMs ?? 120 * MIN,
    bufferLimit: o.bufferLimit ?? 2000,
    // About once a year per car.
    alarmPerHour: o.alarmPerHour ?? 1 / 8760,
  };
}
