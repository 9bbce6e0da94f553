import { and, asc, eq, gte, lt, sql } from 'drizzle-orm';
import type { Db } from '@marque/db';
import { telemetryBatches, vehicleConnection, vehicleEvents, vehicleState } from './telemetry.schema';
import { telemetrySamples } from './telemetry-samples.table';
import type { ConnectionIn, EventIn, TelemetryIn } from './ingest-validation';
import { latestConnections, latestSeen, latestSignals, uniqueBy } from './write-set';

export interface WriteInput {
  telemetry: TelemetryIn[];
  events: EventIn[];
  connections: ConnectionIn[];
  receivedAt: Date;
}

export interface WriteResult {
  /** Signals whose stored latest value changed, per VIN (for live updates). */
  changed: Map<string, string[]>;
  duplicates: number;
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
const rowsOf = <T>(r: unknown): T[] => (r as { rows: T[] }).rows;

/** Inserts the (vin, seq) of each message; returns the messages not stored before (dedupe by seq). */
async function insertNewBatches(tx: Tx, telemetry: TelemetryIn[], receivedAt: Date): Promise<TelemetryIn[]> {
  const unique = uniqueBy(telemetry, (t) => `${t.vin}/${t.seq}`);
  if (unique.length === 0) return [];
  const rows = rowsOf<{ vin: string; seq: string | number }>(
    await tx.execute(sql`
      insert into telemetry_batches (vin, seq, received_at)
      select b.vin, b.seq, ${receivedAt.toISOString()}::timestamptz
      from jsonb_to_recordset(${json(unique.map((t) => ({ vin: t.vin, seq: t.seq })))}::jsonb) as b(vin text, seq bigint)
      on conflict do nothing
      returning vin, seq`),
  );
  const fresh = new Set(rows.map((r) => `${r.vin}/${Number(r.seq)}`));
  return unique.filter((t) => fresh.has(`${t.vin}/${t.seq}`));
}

/**
 * The samples of the fresh messages and the latest value per (vin, signal), folded in memory so each state row is
 * written once per batch. Late data (store and forward) never overwrites a newer reading.
 */
async function insertSamplesAndState(tx: Tx, fresh: TelemetryIn[], receivedAt: Date, changed: Map<string, string[]>) {
  if (fresh.length === 0) return;
  const samples: Array<{ vin: string; seq: number; ts: Date; signals: Record<string, unknown> }> = [];
  for (const t of fresh) for (const s of t.samples) samples.push({ vin: t.vin, seq: t.seq, ts: s.ts, signals: s.signals });
  await tx.execute(sql`
    insert into telemetry_samples (vin, ts, seq, signals, received_at)
    select s.vin, s.ts, s.seq, s.signals, ${receivedAt.toISOString()}::timestamptz
    from jsonb_to_recordset(${json(samples)}::jsonb) as s(vin text, ts timestamptz, seq bigint, signals jsonb)`);
  const rows = rowsOf<{ vin: string; signal: string }>(
    await tx.execute(sql`
      insert into vehicle_state as cur (vin, signal, value, ts)
      select l.vin, l.signal, l.value, l.ts
      from jsonb_to_recordset(${json(latestSignals(fresh))}::jsonb) as l(vin text, signal text, value jsonb, ts timestamptz)
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

/** Events by their own time; a repeated id is stored once. */
async function insertEvents(tx: Tx, events: EventIn[], receivedAt: Date) {
  const unique = uniqueBy(events, (e) => e.id);
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
  const conns = latestConnections(input.connections);
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
  const seen = latestSeen(input);
  if (seen.length === 0) return;
  await tx.execute(sql`
    insert into vehicle_connection as cur (vin, online, since, status_ts, last_seen_at)
    select v.vin, true, ${receivedAt}::timestamptz, null, ${receivedAt}::timestamptz
    from jsonb_to_recordset(${json(seen.map((vin) => ({ vin })))}::jsonb) as v(vin text)
    on conflict (vin) do update set last_seen_at = greatest(cur.last_seen_at, excluded.last_seen_at)`);
}

export function createTelemetryRepository(db: Db) {
  return {
    /** Everything one batch received, in one transaction: all of it is stored, or none. */
    async write(input: WriteInput): Promise<WriteResult> {
      return db.transaction(async (tx) => {
        const fresh = await insertNewBatches(tx, input.telemetry, input.receivedAt);
        const changed = new Map<string, string[]>();
        await insertSamplesAndState(tx, fresh, input.receivedAt, changed);
        await insertEvents(tx, input.events, input.receivedAt);
        await upsertConnections(tx, input);
        return { changed, duplicates: input.telemetry.length - fresh.length };
      });
    },

    /** Latest readings of a car at or after `since` (earlier ones belong to a previous holder). */
    async state(vin: string, since: Date): Promise<StateReading[]> {
      const rows = await db
        .select({ signal: vehicleState.signal, value: sql<string>`${vehicleState.value}::text`, ts: vehicleState.ts })
        .from(vehicleState)
        .where(and(eq(vehicleState.vin, vin), gte(vehicleState.ts, since)));
      return rows.map((r) => ({ signal: r.signal, value: JSON.parse(r.value) as unknown, ts: r.ts }));
    },

    async connection(vin: string): Promise<ConnectionRow | null> {
      const rows = await db
        .select({ online: vehicleConnection.online, since: vehicleConnection.since, lastSeenAt: vehicleConnection.lastSeenAt })
        .from(vehicleConnection)
        .where(eq(vehicleConnection.vin, vin));
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
