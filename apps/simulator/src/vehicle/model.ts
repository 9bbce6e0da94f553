import { iso } from '../clock';
import type { Rng } from '../random';
import { collisionData, type HistoryPoint } from './crash';
import { charge, consume, engineRuns } from './energy';
import type { LatLon } from './geo';
import { homeCity, routePoints, type City } from './routes';
import { Outbox, type Outgoing } from './outbox';
import { drivingSignals, fullSignals } from './signals';
import { PROFILES, hasTractionBattery, initialState, type VehicleSpec, type VehicleState } from './state';
import { modelDefaults, type ModelDefaults, type ModelOptions } from './options';
import { DEFAULT_INCIDENT_RATES, driveStep, planTrip, type IncidentKind, type IncidentRates, type Trip } from './trip';
import { exteriorTemp, nextDeparture, parkingFixes, rollFaults, wear } from './upkeep';

export type { Outgoing } from './outbox';
export type { ModelOptions } from './options';

const MIN = 60_000;
const HOUR = 60 * MIN;
/** What set the alarm off: a door or the boot forced, the car lifted or tilted (towing, jacking), a window broken. */
export const ALARM_REASONS = ['intrusion', 'tilt', 'glass_break'] as const;

/** One vehicle's behaviour over simulated time; pure apart from its injected randomness, so tests can run a day in ms. */
export class VehicleModel {
  readonly state: VehicleState;
  readonly city: City;
  private t: number;
  private trip: Trip | null = null;
  private back: LatLon[];
  private nextTripAt: number;
  private destination: LatLon | null = null;
  private nextSampleAt = 0;
  private nextBatchAt = 0;
  private lastFullAt = 0;
  private awakeUntil: number;
  private gapUntil = 0;
  private gapPlan: { s: number; ms: number } | null = null;
  private readonly outbox: Outbox;
  private history: HistoryPoint[] = [];
  private tripStartOdo = 0;
  private readonly tempOffset: number;
  private readonly o: ModelDefaults;
  private readonly rates: IncidentRates;

  constructor(
    readonly spec: VehicleSpec,
    private readonly rng: Rng,
    private readonly ids: Rng,
    startMs: number,
    opts: ModelOptions = {},
  ) {
    this.t = Math.floor(startMs / 1000) * 1000;
    this.city = homeCity(spec.market, opts.index ?? 0);
    this.state = initialState(spec, this.city, rng, this.t);
    this.rates = { ...DEFAULT_INCIDENT_RATES, ...opts.rates };
    this.o = modelDefaults(opts);
    this.outbox = new Outbox(opts.seqBase ?? this.t, this.o.bufferLimit);
    this.tempOffset = rng.between(-1.5, 1.5);
    // Start parked somewhere along one of the city's roads, not all on the central square.
    const parked = routePoints(this.city, rng.int(0, this.city.routes.length - 1));
    const at = parked[rng.int(1, parked.length - 1)]!;
    Object.assign(this.state, { lat: at.lat, lon: at.lon });
    this.back = [at, this.city.hub];
    const soon = opts.firstTripWithinMs;
    this.nextTripAt =
      soon !== undefined ? this.t + Math.ceil(rng.between(0, soon) / 1000) * 1000 : nextDeparture(this.city, this.t, rng);
    this.awakeUntil = this.t + this.o.awakeMs;
    this.nextSampleAt = this.t;
  }

  get now(): number {
    return this.t;
  }
  get driving(): boolean {
    return this.trip !== null;
  }
  get asleep(): boolean {
    return !this.trip && !this.awake();
  }
  get inCoverage(): boolean {
    return this.t >= this.gapUntil;
  }
  get buffered(): number {
    return this.outbox.length;
  }
  get dropped(): number {
    return this.outbox.dropped;
  }

  /** Runs the simulation up to `ms` in whole steps (1 s driving, up to 1 min parked), so runs are reproducible. */
  advanceTo(ms: number): void {
    for (;;) {
      const dt = this.trip ? 1000 : this.parkedStep();
      if (this.t + dt > ms) return;
      this.t += dt;
      if (this.trip) this.stepDriving(dt);
      else this.stepParked(dt);
    }
  }

  /** Brings the model exactly to `ms` (a command arrived), with a partial step when parked. */
  syncTo(ms: number): void {
    this.advanceTo(ms);
    if (!this.trip && ms > this.t) {
      const dt = ms - this.t;
      this.t = ms;
      this.stepParked(dt);
    }
  }

  /** Messages ready to send; nothing while out of coverage, when they wait with their original timestamps. */
  drain(): Outgoing[] {
    return this.inCoverage ? this.outbox.take() : [];
  }

  wake(): void {
    this.awakeUntil = Math.max(this.awakeUntil, this.t + this.o.awakeMs);
  }

  /** Sends a full sample at once (after a command, or `status.refresh`). */
  report(): void {
    this.outbox.flush();
    this.sample(true);
    this.outbox.flush();
  }

  /** `navigation.destination`: the next trip goes there, and leaves a little sooner. */
  setDestination(d: LatLon): void {
    this.destination = d;
    if (!this.trip) this.nextTripAt = Math.min(this.nextTripAt, this.t + Math.ceil(this.rng.between(5, 20)) * MIN);
  }

  /** Ends a coverage gap now: a demo's replayed car must answer commands from the first minute, not after it leaves. */
  endCoverageGap(): void {
    this.gapUntil = Math.min(this.gapUntil, this.t);
  }

  /** The driver leaves within `ms` unless the car is already out (a demo wants a replayed car moving soon). */
  departWithin(ms: number): void {
    if (this.trip) return;
    this.nextTripAt = Math.min(this.nextTripAt, this.t + Math.ceil(this.rng.between(0, ms) / 1000) * 1000);
    // Parked without coverage (an underground car park) lasts until the car leaves, no longer.
    this.gapUntil = Math.min(this.gapUntil, this.nextTripAt);
  }

  startCharging(reason: string): void {
    this.state.charging = true;
    this.event('charging.started', {
      reason,
      socPct: Math.round(this.state.socPct),
      powerKw: PROFILES[this.spec.powertrain].chargeKw,
    });
  }

  stopCharging(reason: string): void {
    this.state.charging = false;
    this.event('charging.stopped', { reason, socPct: Math.round(this.state.socPct) });
  }

  private awake(): boolean {
    const s = this.state;
    return this.t < this.awakeUntil || s.charging || this.t < s.hvacUntil || this.t < s.hazardsUntil;
  }

  private parkedStep(): number {
    const until = Math.min(this.nextTripAt, this.nextSampleAt, this.gapUntil > this.t ? this.gapUntil : Infinity) - this.t;
    return Math.max(1000, Math.min(MIN, Math.ceil(until / 1000) * 1000));
  }

  private stepParked(dt: number): void {
    const s = this.state;
    wear(s, dt / 1000, { now: this.t, exteriorC: this.exterior() });
    if (this.t < s.hvacUntil && hasTractionBattery(this.spec.powertrain))
      s.socPct = Math.max(0, s.socPct - ((2.5 * dt) / 3_600_000 / PROFILES[this.spec.powertrain].batteryKWh) * 100);
    if (s.charging && charge(this.spec.powertrain, s, dt / 1000)) this.stopCharging('complete');
    if (s.locked && this.o.alarmPerHour > 0 && this.rng.chance((this.o.alarmPerHour * dt) / HOUR)) this.alarm();
    if (this.t >= this.nextSampleAt) {
      this.report();
      this.nextSampleAt = this.t + (this.awake() ? (s.charging ? 5 * MIN : 2 * MIN) : this.o.heartbeatMs);
    }
    if (this.t >= this.nextTripAt) this.startTrip();
  }

  private stepDriving(dt: number): void {
    const s = this.state;
    const trip = this.trip!;
    const { distM, arrived } = driveStep(trip, s, this.t, dt / 1000, this.rng);
    s.odometerM += distM;
    s.serviceKm -= distM / 1000;
    s.engineOn = engineRuns(this.spec.powertrain, s, s.speedMs * 3.6);
    consume(this.spec.powertrain, s, distM, dt / 1000);
    wear(s, dt / 1000, { now: this.t, exteriorC: this.exterior() });
    this.history.push({ speedKmh: s.speedMs * 3.6, acceleratorPct: s.acceleratorPct, brake: s.brakePct > 5 });
    if (this.history.length > 6) this.history.shift();
    const next = trip.incidents[0];
    if (next && trip.s >= next.s) this.incident(trip, next);
    if (!this.trip) return;
    if (this.gapPlan && trip.s >= this.gapPlan.s) {
      this.gapUntil = this.t + this.gapPlan.ms;
      this.gapPlan = null;
    }
    if (this.t >= this.nextSampleAt) {
      this.sample(this.t - this.lastFullAt >= MIN);
      this.nextSampleAt += this.o.sampleMs;
    }
    if (this.t >= this.nextBatchAt) {
      this.outbox.flush();
      this.nextBatchAt += this.o.batchMs;
    }
    if (arrived && this.trip) this.endTrip(false);
  }

  private incident(trip: Trip, inc: { s: number; kind: IncidentKind }): void {
    const kmh = this.state.speedMs * 3.6;
    if (kmh < (inc.kind === 'pothole' || inc.kind === 'bump' ? 15 : 30)) {
      inc.s = trip.s + 40; // too slow for this to happen here: a little further on
      return;
    }
    trip.incidents.shift();
    if (inc.kind === 'hardBraking') trip.hardBrakeUntil = this.t + this.rng.int(2, 4) * 1000;
    if (this.spec.headUnit === undefined || this.spec.headUnit === 'mm21') this.collision(inc.kind);
    if (inc.kind !== 'frontal') return;
    Object.assign(this.state, { speedMs: 0, accelMs2: 0, locked: false, hazardsUntil: this.t + 60 * MIN });
    this.endTrip(true);
  }

  private collision(kind: IncidentKind): void {
    const s = this.state;
    const data = collisionData(kind, {
      rng: this.rng,
      history: this.history,
      location: { lat: s.lat, lon: s.lon, heading: s.heading },
      belts: { driver: this.rng.chance(0.96), passenger: this.rng.chance(0.35) },
    });
    this.event('collision', data as unknown as Record<string, unknown>);
  }

  /** Someone tampers with the parked, locked car: the alarm sounds, the hazards flash, the car wakes and reports. */
  private alarm(): void {
    const s = this.state;
    s.hazardsUntil = this.t + 2 * MIN;
    this.wake();
    this.event('alarm', { reason: this.rng.pick(ALARM_REASONS), location: { lat: s.lat, lon: s.lon } });
    this.report();
  }

  private startTrip(): void {
    const s = this.state;
    if (s.charging) this.stopCharging('unplugged');
    s.plugged = false;
    this.trip = planTrip(this.city, this.back, this.rng, this.rates, this.destination);
    this.destination = null;
    if (this.rng.chance(this.o.gapChance))
      this.gapPlan = { s: this.trip.path.length * this.rng.next(), ms: this.rng.int(2, 20) * MIN };
    Object.assign(s, { locked: false, doorsOpen: [true, false, false, false] });
    this.report();
    s.doorsOpen = [false, false, false, false];
    s.ignition = true;
    s.locked = true;
    if (this.rng.chance(0.7)) s.windowsPct = [0, 0, 0, 0];
    this.tripStartOdo = s.odometerM;
    this.history = [];
    this.event('ignition.on', { odometerM: Math.floor(s.odometerM) });
    const faults = rollFaults(this.spec.powertrain, s, this.rng);
    for (const code of faults.cleared) this.event('dtc.cleared', { code });
    for (const code of faults.set) this.event('dtc.set', { code });
    this.nextSampleAt = this.t + this.o.sampleMs;
    this.nextBatchAt = this.t + this.o.batchMs;
    this.lastFullAt = this.t;
  }

  private endTrip(crashed: boolean): void {
    const s = this.state;
    const trip = this.trip!;
    this.outbox.flush();
    Object.assign(s, { speedMs: 0, accelMs2: 0, acceleratorPct: 0, brakePct: 0, ignition: false, engineOn: false });
    this.trip = null;
    this.back = crashed ? [{ lat: s.lat, lon: s.lon }, this.city.hub] : trip.back;
    this.event('ignition.off', {
      odometerM: Math.floor(s.odometerM),
      tripDistanceM: Math.round(s.odometerM - this.tripStartOdo),
    });
    if (!crashed) this.park();
    this.report();
    this.nextTripAt = crashed ? this.t + this.rng.int(6, 30) * 60 * MIN : nextDeparture(this.city, this.t, this.rng);
    if (this.rng.chance(this.o.gapChance / 2)) this.gapUntil = this.nextTripAt; // an underground car park
    this.awakeUntil = this.t + this.o.awakeMs;
    this.nextSampleAt = this.t + 2 * MIN;
  }

  private park(): void {
    const s = this.state;
    const p = PROFILES[this.spec.powertrain];
    s.locked = this.rng.chance(0.93);
    if (this.rng.chance(0.05)) s.windowsPct[this.rng.int(0, 3)] = this.rng.int(5, 40);
    if (p.tankL && s.fuelL < p.tankL * 0.12) s.fuelL = p.tankL;
    parkingFixes(s, this.rng);
    if (hasTractionBattery(this.spec.powertrain) && (s.socPct < 25 || (s.socPct < 70 && this.rng.chance(0.5)))) {
      s.plugged = true;
      if (s.socPct < s.chargeLimitPct - 1) this.startCharging('plugged_in');
    }
  }

  private exterior(): number {
    return exteriorTemp(this.city, this.t, this.tempOffset);
  }

  private sample(full: boolean): void {
    const pt = this.spec.powertrain;
    const signals = full
      ? fullSignals(pt, this.state, { now: this.t, exteriorC: this.exterior() })
      : drivingSignals(pt, this.state);
    this.outbox.sample(iso(this.t), signals);
    if (full) this.lastFullAt = this.t;
  }

  private event(type: string, data: Record<string, unknown>): void {
    this.outbox.event({ id: this.ids.uuid(), type, ts: iso(this.t), data });
  }
}
