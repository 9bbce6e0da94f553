import type { Clock, Logger } from '@marque/kernel';
import { createBatcher } from './batcher';
import { parseUpMessage, type DropReason, type IngestItem } from './ingest-validation';
import type { TelemetryRepository } from './telemetry.repository';
import { monthStart, type TelemetryPartitionsRepository } from './telemetry-partitions.repository';

export interface IngestSettings {
  /** Oldest data accepted, in days (store and forward); older is dropped. */
  maxAgeDays: number;
  maxFutureMs?: number;
  /** Messages per database write (default 2,000). */
  batchMaxItems?: number;
  /** Rows (samples, events, connection messages) per database write (default 20,000). */
  batchMaxRows?: number;
  batchMaxDelayMs?: number;
}

export type VehicleStateChanged = { type: 'vehicle.state'; vin: string; signals: string[] };

export interface IngestDeps {
  repo: TelemetryRepository;
  partitions: TelemetryPartitionsRepository;
  clock: Clock;
  log: Logger;
  settings: IngestSettings;
  publish?: (e: VehicleStateChanged) => void;
  onDropped?: (reason: DropReason) => void;
}

export type IngestOutcome = 'stored' | 'dropped';

const MINUTE = 60_000;

export function createIngestService(deps: IngestDeps) {
  const ensured = new Set<number>();
  const lastLogged = new Map<string, number>();

  async function ensureMonths(items: IngestItem[]) {
    for (const item of items) {
      if (item.kind !== 'telemetry') continue;
      for (const s of item.samples) {
        const m = monthStart(s.ts).getTime();
        if (ensured.has(m)) continue;
        await deps.partitions.ensure(new Date(m));
        ensured.add(m);
      }
    }
  }

  const batcher = createBatcher<IngestItem>({
    maxItems: deps.settings.batchMaxItems ?? 2000,
    maxWeight: deps.settings.batchMaxRows ?? 20_000,
    weight: (i) => (i.kind === 'telemetry' ? i.samples.length : 1),
    maxDelayMs: deps.settings.batchMaxDelayMs ?? 5,
    flush: async (items) => {
      await ensureMonths(items);
      const result = await deps.repo.write({
        telemetry: items.filter((i) => i.kind === 'telemetry'),
        events: items.filter((i) => i.kind === 'event'),
        connections: items.filter((i) => i.kind === 'connection'),
        receivedAt: deps.clock.now(),
      });
      for (const [vin, signals] of result.changed) deps.publish?.({ type: 'vehicle.state', vin, signals });
    },
  });

  /** Logs a vehicle's bad messages at most once a minute: a flood must not flood the logs too. */
  function logDrop(vin: string, reason: DropReason, detail: string) {
    const now = deps.clock.now().getTime();
    if ((lastLogged.get(vin) ?? -Infinity) > now - MINUTE) return;
    if (lastLogged.size > 10_000) lastLogged.clear();
    lastLogged.set(vin, now);
    deps.log.warn({ vin, reason, detail }, 'dropped a malformed vehicle message');
  }

  return {
    /**
     * Validates and stores one `up/` message; resolves once it is in the database ('stored') or refused
     * ('dropped', counted and logged). Rejects only when the database failed: the caller must not acknowledge.
     */
    async submit(vin: string, kind: string, payload: Buffer | string): Promise<IngestOutcome> {
      const now = deps.clock.now();
      const parsed = parseUpMessage(vin, kind, payload, {
        now,
        maxFutureMs: deps.settings.maxFutureMs ?? 5 * MINUTE,
        maxAgeMs: deps.settings.maxAgeDays * 24 * 60 * MINUTE,
      });
      if (!parsed.ok) {
        deps.onDropped?.(parsed.reason);
        logDrop(vin, parsed.reason, parsed.detail);
        return 'dropped';
      }
      await batcher.add(parsed.item);
      return 'stored';
    },

    /** Creates the monthly partitions any accepted timestamp can fall in (from max age back to two months ahead). */
    async ensurePartitions(): Promise<void> {
      const now = deps.clock.now().getTime();
      const from = monthStart(new Date(now - deps.settings.maxAgeDays * 24 * 60 * MINUTE));
      const until = new Date(now + 62 * 24 * 60 * MINUTE);
      for (let m = from; m <= until; m = new Date(Date.UTC(m.getUTCFullYear(), m.getUTCMonth() + 1, 1))) {
        await deps.partitions.ensure(m);
        ensured.add(m.getTime());
      }
    },

    close: () => batcher.close(),
  };
}

export type IngestService = ReturnType<typeof createIngestService>;
