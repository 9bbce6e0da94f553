import { and, asc, eq, gte, lt, sql } from 'drizzle-orm';
import { copyInto, CopyRows, type Db } from '@marque/db';
import { telemetryBatches, vehicleConnection, vehicleEvents, vehicleState } from './telemetry.schema';
import { telemetrySamples } from './telemetry-samples.table';
import type { ConnectionIn, EventIn, TelemetryIn } from './ingest-validation';
import {
  allLatest,
  copyLatest,
  foldLatest,
  latestConnections,
  latestSignals,
  uniqueBy,
  type LatestSignal,
  type PendingState,
} from './write-set';

export interface WriteInput {
  telemetry: TelemetryIn[];
  events: EventIn[];
  connections: ConnectionIn[];
  receivedAt: Date;
}

/**
 * What a batch does with the latest values and last-seen times of its telemetry. `write`: upsert them now, together
 * with `pending` (earlier batches' deferred ones), and drop this process's checkpoint. `defer`: leave them to a later
 * batch and make sure this process's checkpoint covers this batch (kept alive until `aliveUntil`).
 */
export interface StatePlan {
  mode: 'write' | 'defer';
  pending: PendingState;
  instance: string;
  aliveUntil: Date;
  /** `write`: this process may hold a checkpoint even with nothing pending (a state write moved it): drop it too. */
  checkpointHeld?: boolean;
  /**
   * `defer`: true when this process's checkpoint row is known to be committed with more than half its lease left.
   * Then the batch leaves the row alone: any pending_since it holds is older than this batch, and the batch holds
   * the instance's shared advisory lock until it commits, so no other process takes it for dead meanwhile (see
   * recoverDeferredState). Asked after that lock is taken. Without it every batch renewed the one row, and the
   * batches written side by side queued on its row lock (pg_stat_statements: 4-8 ms per batch).
   */
  checkpointCurrent?: () => boolean;
}

export interface WriteResult {
  /** Signals whose stored latest value changed, per VIN (for live updates). */
  changed: Map<string, string[]>;
  duplicates: number;
  /** This batch's latest values and the VINs whose telemetry it stored (for deferred state). */
  latest: LatestSignal[];
  seen: string[];
  /** `defer`: the batch wrote this process's checkpoint row (with the plan's aliveUntil). */
  checkpointWritten: boolean;
}

export interface StateReading {
  signal: string;
  value: unknown;
  ts: Date;
}

export interface ConnectionRow {
  online: boolean;
  since: Date;
  lastSeenAt: Date;
}

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/*
 * The write path sends each table's rows as ONE jsonb parameter and unpacks it with jsonb_to_recordset: one statement
 * per table per batch whatever its size, no 65,535-parameter limit, and no per-value parameter binding in JavaScript
 * (JSON.stringify is native; drizzle's multi-row VALUES cost ~0.1 ms of CPU per message). Plain SQL, the same on PGlite
 * and PostgreSQL.
 */
const json = (rows: unknown[]) => JSON.stringify(rows);
/** By VIN, then by seq where there is one. */
const byVin = (a: { vin: string; seq?: number }, b: { vin: string; seq?: number }) =>
  a.vin < b.vin ? -1 : a.vin > b.vin ? 1 : (a.seq ?? 0) - (b.seq ?? 0);
const rowsOf = <T>(r: unknown): T[] => (r as { rows: T[] }).rows;

/**
 * Inserts the (vin, seq) of each message; returns the messages not stored before (dedupe by seq).
 *
 * `expectNew` (nearly always): every message is taken to be new and the rows go in by COPY, with no speculative
 * insertion per row (ON CONFLICT DO NOTHING cost 4.3 µs a row against 2.4 for a plain insert, measured locally). A
 * message stored before then fails the transaction with a unique violation: the caller writes the batch again the
 * careful way. That way sends the batch as two comma-separated lists (VINs have no comma) and PostgreSQL answers with
 * a count; when some were stored before, the rows this transaction inserted tell which were new.
 */
async function insertNewBatches(tx: Tx, telemetry: TelemetryIn[], receivedAt: Date, expectNew: boolean): Promise<TelemetryIn[]> {
  // Sorted by VIN and seq: batches written side by side take their index locks in one order (no deadlock over a
  // resent message); a message twice in the batch is then twice in a row.
  const unique = [...telemetry]
    .sort(byVin)
    .filter((t, i, all) => i === 0 || t.vin !== all[i - 1]!.vin || t.seq !== all[i - 1]!.seq);
  if (unique.length === 0) return [];
  if (expectNew) {
    const rows = new CopyRows();
    const received = receivedAt.toISOString();
    for (const t of unique) rows.value(t.vin).value(t.seq).value(received).endRow();
    await copyInto(tx, 'telemetry_batches', BATCH_COLUMNS, rows);
    return unique;
  }
  if (unique.some((t) => t.vin.includes(','))) throw new Error('a VIN with a comma reached the telemetry write');
  const [{ inserted }] = rowsOf<{ inserted: number }>(
    await tx.execute(sql`
      with ins as (
        insert into telemetry_batches (vin, seq, received_at)
        select b.vin, b.seq, ${receivedAt.toISOString()}::timestamptz
        from unnest(string_to_array(${unique.map((t) => t.vin).join(',')}, ','),
                    string_to_array(${unique.map((t) => t.seq).join(',')}, ',')::bigint[]) as b(vin, seq)
        on conflict do nothing
        returning 1)
      select count(*)::int as inserted from ins`),
  ) as [{ inserted: number }];
  if (inserted === unique.length) return unique;
  // Some were stored before: the rows whose xmin is this transaction are the new ones.
  const rows = rowsOf<{ vin: string; seq: string | number }>(
    await tx.execute(sql`
      select vin, seq from telemetry_batches
      where received_at = ${receivedAt.toISOString()}::timestamptz and xmin = pg_current_xact_id()::xid`),
  );
  const fresh = new Set(rows.map((r) => `${r.vin}/${Number(r.seq)}`));
  return unique.filter((t) => fresh.has(`${t.vin}/${t.seq}`));
}

const BATCH_COLUMNS = ['vin', 'seq', 'received_at'] as const;
/** After a batch met a message stored before, batches are written the careful way for this long: a fleet that
 * reconnects resends many. */
const CAREFUL_DEDUPE_MS = 30_000;
const isUniqueViolation = (e: unknown) =>
  (e as { code?: string }).code === '23505' || (e as { cause?: { code?: string } }).cause?.code === '23505';

const SAMPLE_COLUMNS = ['vin', 'ts', 'seq', 'signals', 'received_at'] as const;

/**
 * The samples of the fresh messages, loaded with COPY (the fastest way into a table, on both engines). Each sample's
 * signals go in as the car wrote them, copied from the message (JSON.stringify of the parsed object otherwise).
 */
async function copySamples(tx: Tx, fresh: TelemetryIn[], receivedAt: Date) {
  if (fresh.length === 0) return;
  const received = receivedAt.toISOString();
  const rows = new CopyRows();
  for (const t of fresh) {
    const spans = t.spans ?? null;
    // Usually the whole message needs no escaping: then each sample's signals are one copy of bytes.
    const plain = spans !== null && t.plain === true;
    for (let i = 0; i < t.samples.length; i++) {
      const s = t.samples[i]!;
      rows.value(t.vin).value(s.iso).value(t.seq);
      if (plain) rows.plainBytes(t.payload!, spans[2 * i]!, spans[2 * i + 1]!);
      else if (!spans || !rows.asciiBytes(t.payload!, spans[2 * i]!, spans[2 * i + 1]!)) rows.value(JSON.stringify(s.signals));
      rows.value(received).endRow();
    }
  }
  await copyInto(tx, 'telemetry_samples', SAMPLE_COLUMNS, rows);
}

/** The latest value per (vin, signal), each row once; late data (store and forward) never overwrites a newer reading. */
async function upsertState(tx: Tx, latest: LatestSignal[], changed: Map<string, string[]>) {
  if (latest.length === 0) return;
  // Each reading's `at` (its time as a number) goes along in the JSON; jsonb_to_recordset reads only the columns named.
  const rows = rowsOf<{ vin: string; signal: string }>(
    await tx.execute(sql`
      insert into vehicle_state as cur (vin, signal, value, ts)
      select l.vin, l.signal, l.value, l.ts
      from jsonb_to_recordset(${json(latest)}::jsonb) as l(vin text, signal text, value jsonb, ts timestamptz)
      on conflict (vin, signal) do update set value = excluded.value, ts = excluded.ts
      where excluded.ts > cur.ts
      returning vin, signal`),
  );
  for (const r of rows) {
    const list = changed.get(r.vin);
    if (list) list.push(r.signal);
    else changed.set(r.vin, [r.signal]);
  }
}

/** Last-seen times: an older time never replaces a newer one. */
async function upsertSeen(tx: Tx, seen: Array<{ vin: string; at: Date }>) {
  if (seen.length === 0) return;
  seen.sort(byVin);
  await tx.execute(sql`
    insert into vehicle_connection as cur (vin, online, since, status_ts, last_seen_at)
    select v.vin, true, v.at, null, v.at
    from jsonb_to_recordset(${json(seen)}::jsonb) as v(vin text, at timestamptz)
    on conflict (vin) do update set last_seen_at = greatest(cur.last_seen_at, excluded.last_seen_at)`);
}

/** Writes the batch's state now (with what earlier batches deferred), or records that it is deferred. */
async function applyStatePlan(tx: Tx, plan: StatePlan, latest: LatestSignal[], seen: string[], receivedAt: Date) {
  const changed = new Map<string, string[]>();
  if (plan.mode === 'defer') {
    if (latest.length === 0 && seen.length === 0) return { changed, checkpointWritten: false };
    // Held until the batch commits; asked about the row only once it is held (see StatePlan.checkpointCurrent).
    await tx.execute(sql`select pg_advisory_xact_lock_shared(hashtextextended(${plan.instance}, 0))::text`);
    if (plan.checkpointCurrent?.()) return { changed, checkpointWritten: false };
    await tx.execute(sql`
      insert into telemetry_state_checkpoints as cur (instance, pending_since, alive_until)
      values (${plan.instance}, ${(plan.pending.since ?? receivedAt).toISOString()}::timestamptz,
              ${plan.aliveUntil.toISOString()}::timestamptz)
      on conflict (instance) do update set
        pending_since = least(cur.pending_since, excluded.pending_since), alive_until = excluded.alive_until`);
    return { changed, checkpointWritten: true };
  }
  const signals = plan.pending.empty ? latest : allLatest(foldLatest(copyLatest(plan.pending.signals), latest));
  const seenAt = new Map(plan.pending.seen);
  for (const vin of seen) seenAt.set(vin, receivedAt);
  await upsertState(tx, signals, changed);
  await upsertSeen(
    tx,
    [...seenAt].map(([vin, at]) => ({ vin, at })),
  );
  if (!plan.pending.empty || plan.checkpointHeld)
    await tx.execute(sql`delete from telemetry_state_checkpoints where instance = ${plan.instance}`);
  return { changed, checkpointWritten: false };
}

/**
 * Where a concurrent state write leaves this process's checkpoint: `pendingSince` is asked at the last moment, inside
 * the transaction, for the earliest receipt time of a batch the write does not cover (held back since, or in flight).
 */
export interface StateCover {
  instance: string;
  aliveUntil: Date;
  pendingSince(): Date;
}

/** Events by their own time; a repeated id is stored once. */
async function insertEvents(tx: Tx, events: EventIn[], receivedAt: Date) {
  const unique = uniqueBy(events, (e) => e.id).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (unique.length === 0) return;
  await tx.execute(sql`
    insert into vehicle_events (id, vin, type, ts, data, received_at)
    select e.id, e.vin, e.type, e.ts, e.data, ${receivedAt.toISOString()}::timestamptz
    from jsonb_to_recordset(${json(unique.map((e) => ({ id: e.id, vin: e.vin, type: e.type, ts: e.ts, data: e.data })))}::jsonb)
      as e(id uuid, vin text, type text, ts timestamptz, data jsonb)
    on conflict (id) do nothing`);
}

async function upsertConnections(tx: Tx, input: WriteInput) {
  const receivedAt = input.receivedAt.toISOString();
  const conns = latestConnections(input.connections).sort(byVin);
  if (conns.length > 0) {
    await tx.execute(sql`
      insert into vehicle_connection as cur (vin, online, since, status_ts, last_seen_at)
      select c.vin, c.online, c.ts, c.ts, ${receivedAt}::timestamptz
      from jsonb_to_recordset(${json(conns.map((c) => ({ vin: c.vin, online: c.online, ts: c.ts })))}::jsonb)
        as c(vin text, online boolean, ts timestamptz)
      on conflict (vin) do update set
        online = excluded.online,
        since = case when cur.online = excluded.online and cur.status_ts is not null then cur.since else excluded.since end,
        status_ts = excluded.status_ts
      where cur.status_ts is null or excluded.status_ts > cur.status_ts`);
  }
  // Telemetry's last-seen times go with the state (applyStatePlan); events and connection messages are rare.
  const seen = new Set(input.events.map((e) => e.vin));
  input.connections.filter((c) => c.online).forEach((c) => seen.add(c.vin));
  await upsertSeen(
    tx,
    [...seen].map((vin) => ({ vin, at: input.receivedAt })),
  );
}

async function writeBatch(tx: Tx, input: WriteInput, plan: StatePlan, expectNew: boolean): Promise<WriteResult> {
  const fresh = await insertNewBatches(tx, input.telemetry, input.receivedAt, expectNew);
  await copySamples(tx, fresh, input.receivedAt);
  await insertEvents(tx, input.events, input.receivedAt);
  await upsertConnections(tx, input);
  const latest = latestSignals(fresh);
  const seen = [...new Set(fresh.map((t) => t.vin))];
  const { changed, checkpointWritten } = await applyStatePlan(tx, plan, latest, seen, input.receivedAt);
  return { changed, duplicates: input.telemetry.length - fresh.length, latest, seen, checkpointWritten };
}

export function createTelemetryRepository(db: Db) {
  /** Until then batches are deduplicated the careful way (see insertNewBatches). */
  let carefulUntil = -Infinity;
  // The car's status screen asks both on every read: prepared (parsed and planned once per connection).
  const stateOf = db
    .select({ signal: vehicleState.signal, value: sql<string>`${vehicleState.value}::text`, ts: vehicleState.ts })
    .from(vehicleState)
    .where(and(eq(vehicleState.vin, sql.placeholder('vin')), gte(vehicleState.ts, sql`${sql.placeholder('since')}::timestamptz`)))
    .prepare('telemetry_state_of');
  const connectionOf = db
    .select({ online: vehicleConnection.online, since: vehicleConnection.since, lastSeenAt: vehicleConnection.lastSeenAt })
    .from(vehicleConnection)
    .where(eq(vehicleConnection.vin, sql.placeholder('vin')))
    .prepare('telemetry_connection_of');
  return {
    /** Everything one batch received, in one transaction: all of it is stored, or none. */
    async write(input: WriteInput, plan: StatePlan): Promise<WriteResult> {
      const now = input.receivedAt.getTime();
      const expectNew = now >= carefulUntil;
      try {
        return await db.transaction((tx) => writeBatch(tx, input, plan, expectNew));
      } catch (e) {
        if (!expectNew || !isUniqueViolation(e)) throw e;
        carefulUntil = now + CAREFUL_DEDUPE_MS;
        return db.transaction((tx) => writeBatch(tx, input, plan, false));
      }
    },

    /**
     * Writes state held back by earlier batches in a transaction of its own, beside the batches still being written:
     * the latest values and last-seen times of `held`, then this process's checkpoint moved to what is left uncovered
     * (set, not lowered: everything older is now written). Resolves to the signals that changed, per VIN.
     */
    async writeState(held: PendingState, cover: StateCover): Promise<Map<string, string[]>> {
      return db.transaction(async (tx) => {
        const changed = new Map<string, string[]>();
        await upsertState(tx, allLatest(held.signals), changed);
        await upsertSeen(
          tx,
          [...held.seen].map(([vin, at]) => ({ vin, at })),
        );
        await tx.execute(sql`
          insert into telemetry_state_checkpoints as cur (instance, pending_since, alive_until)
          values (${cover.instance}, ${cover.pendingSince().toISOString()}::timestamptz, ${cover.aliveUntil.toISOString()}::timestamptz)
          on conflict (instance) do update set pending_since = excluded.pending_since, alive_until = excluded.alive_until`);
        return changed;
      });
    },

    /**
     * Rebuilds the state that ingest processes which stopped renewing their checkpoint (they died, or no batch could
     * be written for a whole lease) and have no batch in flight (none holds their advisory lock) had deferred:
     * the latest values and last-seen times of every batch received since their `pending_since`, from the stored
     * samples and telemetry_batches; then forgets those checkpoints. Replaying is harmless (older never wins).
     */
    async recoverDeferredState(now: Date, oldestSample: Date): Promise<{ recovered: number; changed: Map<string, string[]> }> {
      const changed = new Map<string, string[]>();
      const due = await db.execute(
        sql`select 1 from telemetry_state_checkpoints where alive_until < ${now.toISOString()}::timestamptz limit 1`,
      );
      if (rowsOf(due).length === 0) return { recovered: 0, changed };
      return db.transaction(async (tx) => {
        const dead = rowsOf<{ instance: string; since: string | Date }>(
          await tx.execute(sql`
            select instance, pending_since as since from telemetry_state_checkpoints
            where alive_until < ${now.toISOString()}::timestamptz
              -- A batch of that process still being written holds this lock shared: not dead, or not yet.
              and pg_try_advisory_xact_lock(hashtextextended(instance, 0))
            for update skip locked`),
        );
        if (dead.length === 0) return { recovered: 0, changed };
        const since = new Date(Math.min(...dead.map((d) => new Date(d.since).getTime()))).toISOString();
        const rows = rowsOf<{ vin: string; signal: string }>(
          await tx.execute(sql`
            insert into vehicle_state as cur (vin, signal, value, ts)
            select distinct on (s.vin, kv.key) s.vin, kv.key, kv.value, s.ts
            from telemetry_samples s cross join lateral jsonb_each(s.signals) as kv
            where s.vin in (select b.vin from telemetry_batches b where b.received_at >= ${since}::timestamptz)
              and s.ts >= ${oldestSample.toISOString()}::timestamptz
              and s.received_at >= ${since}::timestamptz
            order by s.vin, kv.key, s.ts desc
            on conflict (vin, signal) do update set value = excluded.value, ts = excluded.ts
            where excluded.ts > cur.ts
            returning vin, signal`),
        );
        for (const r of rows) changed.set(r.vin, [...(changed.get(r.vin) ?? []), r.signal]);
        await tx.execute(sql`
          insert into vehicle_connection as cur (vin, online, since, status_ts, last_seen_at)
          select b.vin, true, max(b.received_at), null, max(b.received_at)
          from telemetry_batches b where b.received_at >= ${since}::timestamptz group by b.vin
          on conflict (vin) do update set last_seen_at = greatest(cur.last_seen_at, excluded.last_seen_at)`);
        await tx.execute(
          sql`delete from telemetry_state_checkpoints where instance in (select jsonb_array_elements_text(${json(dead.map((d) => d.instance))}::jsonb))`,
        );
        return { recovered: dead.length, changed };
      });
    },

    /** Latest readings of a car at or after `since` (earlier ones belong to a previous holder). */
    async state(vin: string, since: Date): Promise<StateReading[]> {
      const rows = await stateOf.execute({ vin, since: since.toISOString() });
      return rows.map((r) => ({ signal: r.signal, value: JSON.parse(r.value) as unknown, ts: r.ts }));
    },

    async connection(vin: string): Promise<ConnectionRow | null> {
      const rows = await connectionOf.execute({ vin });
      return rows[0] ?? null;
    },

    async samples(vin: string, from: Date, to: Date, limit: number) {
      return db
        .select({ ts: telemetrySamples.ts, seq: telemetrySamples.seq, signals: telemetrySamples.signals })
        .from(telemetrySamples)
        .where(and(eq(telemetrySamples.vin, vin), gte(telemetrySamples.ts, from), lt(telemetrySamples.ts, to)))
        .orderBy(asc(telemetrySamples.ts), asc(telemetrySamples.seq))
        .limit(limit);
    },

    async events(vin: string, from: Date, to: Date, limit: number) {
      return db
        .select({ id: vehicleEvents.id, type: vehicleEvents.type, ts: vehicleEvents.ts, data: vehicleEvents.data })
        .from(vehicleEvents)
        .where(and(eq(vehicleEvents.vin, vin), gte(vehicleEvents.ts, from), lt(vehicleEvents.ts, to)))
        .orderBy(asc(vehicleEvents.ts), asc(vehicleEvents.id))
        .limit(limit);
    },

    /** Retention for the unpartitioned tables; samples go by whole partitions. */
    async deleteBefore(before: Date): Promise<{ events: number; batches: number }> {
      const ev = await db.delete(vehicleEvents).where(lt(vehicleEvents.ts, before)).returning({ id: vehicleEvents.id });
      const b = await db
        .delete(telemetryBatches)
        .where(lt(telemetryBatches.receivedAt, before))
        .returning({ seq: telemetryBatches.seq });
      return { events: ev.length, batches: b.length };
    },
  };
}

export type TelemetryRepository = ReturnType<typeof createTelemetryRepository>;
