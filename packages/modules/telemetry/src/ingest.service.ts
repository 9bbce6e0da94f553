import { randomUUID } from 'node:crypto';
import type { Clock, Logger } from '@marque/kernel';
import { createBatcher } from './batcher';
import { PendingState } from './write-set';
import { parseUpMessage, type DropReason, type IngestItem } from './ingest-validation';
import type { TelemetryRepository } from './telemetry.repository';
import { monthStart, nextMonth, type TelemetryPartitionsRepository } from './telemetry-partitions.repository';

export interface IngestSettings {
  /** Oldest data accepted, in days (store and forward); older is dropped. */
  maxAgeDays: number;
  maxFutureMs?: number;
  /** Messages per database write (default 1,000). */
  batchMaxItems?: number;
  /** Rows (samples, events, connection messages) per database write (default 20,000). */
  batchMaxRows?: number;
  batchMaxDelayMs?: number;
  /**
   * Under load (more messages queued behind a batch) the latest values and last-seen times are coalesced in memory
   * and written at least this often (default 1,000 ms); an idle ingest writes them with every batch.
   */
  stateMaxDelayMs?: number;
  /** When nothing else triggers a write, deferred state is written this long after the last batch (default 50 ms). */
  stateIdleMs?: number;
  /** A batch of at least this many messages coalesces its state even when nothing is queued behind it (default 200). */
  coalesceMinItems?: number;
  /** How often dead processes' deferred state is looked for and rebuilt (default 5,000 ms; 0 = only on `recover`). */
  recoverEveryMs?: number;
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
const DROPPED = Promise.resolve<IngestOutcome>('dropped');
const stored = (): IngestOutcome => 'stored';
/**
 * A checkpoint not renewed for this long belongs to a process that died, unless one of its batches is still being
 * written (a live process renews it with every state write, and with a batch once half of it is gone).
 */
const CHECKPOINT_LEASE_MS = 10_000;

export function createIngestService(deps: IngestDeps) {
  const ensured = new Set<number>();
  const lastLogged = new Map<string, number>();
  const instance = randomUUID();
  /** What batches held back since the last state write (replaced when a concurrent state write takes it). */
  let pending = new PendingState();
  const stateMaxDelayMs = deps.settings.stateMaxDelayMs ?? 1000;
  let stateWrittenAt = deps.clock.now().getTime();
  let sweeper: NodeJS.Timeout | undefined;

  const publishChanged = (changed: Map<string, string[]>) => {
    for (const [vin, signals] of changed) deps.publish?.({ type: 'vehicle.state', vin, signals });
  };

  // The month most samples fall in, [from, until): checked with two comparisons, no Date per sample.
  let knownFrom = 0;
  let knownUntil = 0;
  async function ensureMonths(items: IngestItem[]) {
    // Indexed loops: for-of allocated an iterator per message here (heap sampling).
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      if (item.kind !== 'telemetry') continue;
      for (let j = 0; j < item.samples.length; j++) {
        const t = item.samples[j]!.at;
        if (t >= knownFrom && t < knownUntil) continue;
        const m = monthStart(new Date(t));
        if (!ensured.has(m.getTime())) {
          await deps.partitions.ensure(m);
          ensured.add(m.getTime());
        }
        knownFrom = m.getTime();
        knownUntil = nextMonth(m).getTime();
      }
    }
  }

  const stateIdleMs = deps.settings.stateIdleMs ?? Math.min(50, stateMaxDelayMs);
  const coalesceMinItems = deps.settings.coalesceMinItems ?? 200;
  let stateTimer: NodeJS.Timeout | undefined;

  /** Writes what the deferred state holds once the ingest is quiet (a running flush re-arms this when it ends). */
  const armStateTimer = () => {
    if (stateTimer || (pending.empty && !checkpointHeld)) return;
    stateTimer = setTimeout(() => {
      stateTimer = undefined;
      if ((!pending.empty || checkpointHeld) && !batcher.tick()) armStateTimer();
    }, stateIdleMs);
    stateTimer.unref();
  };

  /*
   * Batches that defer their state may run several at a time (see `concurrency`), and beside them one state write
   * (`writeHeldState`, at least every stateMaxDelayMs under load): nothing waits for the 10,000-odd upserts of a
   * second's latest values.
   * A quiet batch that writes the state with itself runs alone, after the deferring batches and the state write in
   * flight ended (so `pending` holds all of them and no checkpoint renewal races its delete).
   */
  const deferring = new Map<Promise<unknown>, number>();
  let exclusive: Promise<void> | undefined;
  let stateWrite: Promise<void> | undefined;
  /** A deferring batch or a state write may have left this process's checkpoint row: a quiet write drops it. */
  let checkpointHeld = false;
  /**
   * The lease (alive_until) of this process's checkpoint row as last committed, if it is known to exist: a batch
   * leaves the row alone while more than half of it is left (see StatePlan.checkpointCurrent).
   */
  let checkpointUntil: number | undefined;
  const checkpointCurrent = () =>
    checkpointUntil !== undefined && checkpointUntil - deps.clock.now().getTime() > CHECKPOINT_LEASE_MS / 2;
  const checkpointRenewed = (aliveUntil: Date) => {
    checkpointUntil = Math.max(checkpointUntil ?? -Infinity, aliveUntil.getTime());
  };

  async function writeBatch(items: IngestItem[]) {
    await ensureMonths(items);
    while (exclusive) await exclusive;
    const receivedAt = deps.clock.now();
    // Under load (a large batch, or more queued or running beside it) the latest values and last-seen times are
    // coalesced in memory across batches and written at least every stateMaxDelayMs, and once the ingest is quiet;
    // a small batch writes them with itself, so the state of a lone message is current when it is acknowledged.
    const busy = batcher.pending() > 0 || batcher.running() > 1 || items.length >= coalesceMinItems;
    if (busy) {
      checkpointHeld = true;
      const p = writeWith(items, receivedAt, true);
      deferring.set(p, receivedAt.getTime());
      return p.finally(() => deferring.delete(p));
    }
    let release = () => {};
    exclusive = new Promise<void>((r) => (release = r));
    try {
      while (deferring.size > 0 || stateWrite) await Promise.allSettled([...deferring.keys(), stateWrite]);
      await writeWith(items, receivedAt, false);
    } finally {
      exclusive = undefined;
      release();
    }
  }

  /** Under load: writes what the batches held back, in its own transaction, while the next batches go on. */
  function writeHeldState() {
    if (stateWrite || exclusive || pending.empty) return;
    const held = pending;
    pending = new PendingState();
    checkpointHeld = true;
    const startedAt = deps.clock.now();
    stateWrittenAt = startedAt.getTime();
    const aliveUntil = new Date(startedAt.getTime() + CHECKPOINT_LEASE_MS);
    stateWrite = deps.repo
      .writeState(held, {
        instance,
        aliveUntil,
        // Not covered by this write: what batches held back since it started, and the batches still in flight.
        pendingSince: () =>
          new Date(Math.min(deps.clock.now().getTime(), pending.since?.getTime() ?? Infinity, ...deferring.values())),
      })
      .then(
        (changed) => {
          checkpointRenewed(aliveUntil);
          publishChanged(changed);
        },
        (err: unknown) => {
          // Nothing is lost: the checkpoint still covers it, and the next state write takes it again.
          pending.merge(held);
          deps.log.error({ err }, 'could not write the deferred vehicle state');
        },
      )
      .finally(() => {
        stateWrite = undefined;
        armStateTimer();
      });
  }

  async function writeWith(items: IngestItem[], receivedAt: Date, defer: boolean) {
    const aliveUntil = new Date(receivedAt.getTime() + CHECKPOINT_LEASE_MS);
    // A quiet write drops the checkpoint row (it runs alone): until a batch or state write makes a new one, none.
    if (!defer) checkpointUntil = undefined;
    const result = await deps.repo.write(
      {
        telemetry: items.filter((i) => i.kind === 'telemetry'),
        events: items.filter((i) => i.kind === 'event'),
        connections: items.filter((i) => i.kind === 'connection'),
        receivedAt,
      },
      {
        mode: defer ? 'defer' : 'write',
        pending,
        instance,
        aliveUntil,
        checkpointHeld,
        checkpointCurrent,
      },
    );
    if (result.checkpointWritten) checkpointRenewed(aliveUntil);
    if (defer) {
      pending.add(result.latest, result.seen, receivedAt);
      if (receivedAt.getTime() - stateWrittenAt >= stateMaxDelayMs) writeHeldState();
      return;
    }
    pending.clear();
    checkpointHeld = false;
    stateWrittenAt = receivedAt.getTime();
    publishChanged(result.changed);
  }

  const batcher = createBatcher<IngestItem>({
    maxItems: deps.settings.batchMaxItems ?? 1000,
    maxWeight: deps.settings.batchMaxRows ?? 20_000,
    weight: (i) => (i.kind === 'telemetry' ? i.samples.length : 1),
    maxDelayMs: deps.settings.batchMaxDelayMs ?? 5,
    // Under load, up to four batches of up to 1,000 messages at once (a further one starts only when half a batch
    // waits): the server validates the next messages while PostgreSQL writes the previous batches, and commits
    // come often enough that the cars' acknowledgements (and their next messages) do not arrive in two big waves.
    // Against two of 2,000: +3 % ingest rate over seven paired runs. Four of the pool's connections at most.
    concurrency: 4,
    flush: async (items) => {
      try {
        await writeBatch(items);
      } catch (e) {
        // A state-only write has no message to refuse: log it; the next batch or the timer tries again.
        if (items.length > 0) throw e;
        deps.log.error({ err: e }, 'could not write the deferred vehicle state');
      } finally {
        armStateTimer();
      }
    },
  });

  /** Rebuilds the state dead ingest processes had deferred (see telemetry_state_checkpoints). */
  async function recover(): Promise<number> {
    const now = deps.clock.now();
    const oldest = new Date(now.getTime() - deps.settings.maxAgeDays * 24 * 60 * MINUTE - MINUTE);
    const r = await deps.repo.recoverDeferredState(now, oldest);
    if (r.recovered > 0) {
      deps.log.warn({ checkpoints: r.recovered }, 'rebuilt vehicle state deferred by a stopped ingest process');
      publishChanged(r.changed);
    }
    return r.recovered;
  }

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
    submit(vin: string, kind: string, payload: Buffer | string): Promise<IngestOutcome> {
      // Not async (see the ingest router): the message waits for its batch holding one promise, not a frame too.
      let parsed: ReturnType<typeof parseUpMessage>;
      try {
        parsed = parseUpMessage(vin, kind, payload, {
          now: deps.clock.now(),
          maxFutureMs: deps.settings.maxFutureMs ?? 5 * MINUTE,
          maxAgeMs: deps.settings.maxAgeDays * 24 * 60 * MINUTE,
        });
      } catch (e) {
        return Promise.reject(e instanceof Error ? e : new Error(String(e)));
      }
      if (!parsed.ok) {
        deps.onDropped?.(parsed.reason);
        logDrop(vin, parsed.reason, parsed.detail);
        return DROPPED;
      }
      return batcher.add(parsed.item).then(stored);
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

    /**
     * For a process that ingests: rebuilds now the state deferred by ingest processes that died, and keeps looking
     * for such state every `recoverEveryMs` until `close`.
     */
    async startStateRecovery(): Promise<void> {
      await recover();
      const every = deps.settings.recoverEveryMs ?? 5000;
      if (every > 0 && !sweeper) {
        sweeper = setInterval(() => {
          recover().catch((err: unknown) => deps.log.error({ err }, 'could not rebuild deferred vehicle state'));
        }, every);
        sweeper.unref();
      }
    },

    /** Rebuilds now the state that ingest processes which died had deferred; resolves to how many were found. */
    recover,

    /** Resolves once everything submitted so far is written, the state held back included (benchmarks, tests). */
    async settle(): Promise<void> {
      while (batcher.pending() > 0 || batcher.running() > 0 || !pending.empty || stateWrite || checkpointHeld) {
        if (batcher.running() === 0) batcher.tick();
        await new Promise((r) => setTimeout(r, 1));
      }
    },

    /** Writes what is queued and the deferred state; later messages are refused. */
    async close() {
      if (sweeper) clearInterval(sweeper);
      sweeper = undefined;
      await batcher.close();
      if (stateTimer) clearTimeout(stateTimer);
      stateTimer = undefined;
      await stateWrite;
      if (!pending.empty || checkpointHeld) await writeBatch([]);
    },
  };
}

export type IngestService = ReturnType<typeof createIngestService>;
