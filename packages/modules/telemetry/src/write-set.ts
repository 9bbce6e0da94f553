import type { ConnectionIn, TelemetryIn } from './ingest-validation';

/** First occurrence of each key wins (a duplicate within one batch is the same message twice). */
export function uniqueBy<T>(items: T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((t) => {
    const k = key(t);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** `at`: the reading's time in milliseconds since 1970; `ts`: the same in ISO 8601 (as the database takes it). */
export type LatestSignal = { vin: string; signal: string; value: unknown; at: number; ts: string };
/** Newest reading per VIN, then per signal (nested maps: no key strings built per reading). */
export type LatestBySignal = Map<string, Map<string, LatestSignal>>;

/** Folds readings into `into`, keeping the newest per (vin, signal) (the first of equal times). */
export function foldLatest(into: LatestBySignal, readings: Iterable<LatestSignal>): LatestBySignal {
  for (const r of readings) {
    let perVin = into.get(r.vin);
    if (!perVin) into.set(r.vin, (perVin = new Map()));
    const cur = perVin.get(r.signal);
    if (!cur || r.at > cur.at) perVin.set(r.signal, r);
  }
  return into;
}

/** Every reading in `latest`, as one array (plain loops: no generator, no iterator result per reading). */
export function allLatest(latest: LatestBySignal): LatestSignal[] {
  const out: LatestSignal[] = [];
  for (const perVin of latest.values()) for (const r of perVin.values()) out.push(r);
  return out;
}

/** A copy deep enough to fold more readings into without touching `latest`. */
export const copyLatest = (latest: LatestBySignal): LatestBySignal => new Map([...latest].map(([vin, m]) => [vin, new Map(m)]));

/** One row per (vin, signal), the newest: a multi-row upsert may touch each row only once. */
export function latestSignals(telemetry: TelemetryIn[]): LatestSignal[] {
  const latest: LatestBySignal = new Map();
  // Newest first (cars send samples in time order): older readings then rarely replace one, so they allocate
  // nothing. `>=` keeps the first of equal times, as a forward pass with `>` would. Times compare as numbers:
  // comparing Date objects converts each to a primitive on every comparison (6x slower here).
  for (let i = telemetry.length - 1; i >= 0; i--) {
    const t = telemetry[i]!;
    let perVin = latest.get(t.vin);
    if (!perVin) latest.set(t.vin, (perVin = new Map()));
    for (let j = t.samples.length - 1; j >= 0; j--) {
      const s = t.samples[j]!;
      if (s.signals === null) continue;
      for (const signal in s.signals) {
        const cur = perVin.get(signal);
        if (!cur || s.at >= cur.at) perVin.set(signal, { vin: t.vin, signal, value: s.signals[signal], at: s.at, ts: s.iso });
      }
    }
  }
  return allLatest(latest);
}

/**
 * Latest values and last-seen times of stored batches not yet written to vehicle_state / vehicle_connection (the
 * ingest coalesces them across batches under load). `since` is when the oldest of those batches was received.
 */
export class PendingState {
  readonly signals: LatestBySignal = new Map();
  readonly seen = new Map<string, Date>();
  since: Date | undefined;

  get empty(): boolean {
    return this.since === undefined;
  }

  add(signals: LatestSignal[], seen: string[], receivedAt: Date): void {
    if (signals.length === 0 && seen.length === 0) return;
    foldLatest(this.signals, signals);
    for (const vin of seen) this.#saw(vin, receivedAt);
    this.#since(receivedAt);
  }

  /** Takes back what `other` held (a state write that failed): the newest reading and last-seen time win. */
  merge(other: PendingState): void {
    if (other.empty) return;
    foldLatest(this.signals, allLatest(other.signals));
    for (const [vin, at] of other.seen) this.#saw(vin, at);
    this.#since(other.since!);
  }

  #saw(vin: string, at: Date) {
    const cur = this.seen.get(vin);
    if (!cur || at.getTime() > cur.getTime()) this.seen.set(vin, at);
  }

  #since(at: Date) {
    if (!this.since || at.getTime() < this.since.getTime()) this.since = at;
  }

  clear(): void {
    this.signals.clear();
    this.seen.clear();
    this.since = undefined;
  }
}

export function latestConnections(conns: ConnectionIn[]): ConnectionIn[] {
  const latest = new Map<string, ConnectionIn>();
  for (const c of conns) {
    const cur = latest.get(c.vin);
    if (!cur || c.ts > cur.ts) latest.set(c.vin, c);
  }
  return [...latest.values()];
}
