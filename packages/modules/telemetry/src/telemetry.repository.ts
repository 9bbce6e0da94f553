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

// Stays well under PostgreSQL's 65,535 bind parameters per statement.
const CHUNK = 2000;
function chunks<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
  return out;
}

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

async function insertNewBatches(tx: Tx, telemetry: TelemetryIn[], receivedAt: Date): Promise<TelemetryIn[]> {
  const unique = uniqueBy(telemetry, (t) => `${t.vin}/${t.seq}`);
  if (unique.length === 0) return [];
  const fresh = new Set<string>();
  for (const part of chunks(unique)) {
    const rows = await tx
      .insert(telemetryBatches)
      .values(part.map((t) => ({ vin: t.vin, seq: t.seq, receivedAt })))
      .onConflictDoNothing()
      .returning({ vin: telemetryBatches.vin, seq: telemetryBatches.seq });
    rows.forEach((r) => fresh.add(`${r.vin}/${r.seq}`));
  }
  return unique.filter((t) => fresh.has(`${t.vin}/${t.seq}`));
}

async function upsertState(tx: Tx, telemetry: TelemetryIn[], changed: Map<string, string[]>) {
  for (const part of chunks(latestSignals(telemetry))) {
    const rows = await tx
      .insert(vehicleState)
      .values(part)
      .onConflictDoUpdate({
        target: [vehicleState.vin, vehicleState.signal],
        set: { value: sql`excluded.value`, ts: sql`excluded.ts` },
        // Late data (store and forward) never overwrites a newer reading.
        setWhere: sql`excluded.ts > ${vehicleState.ts}`,
      })
      .returning({ vin: vehicleState.vin, signal: vehicleState.signal });
    for (const r of rows) changed.set(r.vin, [...(changed.get(r.vin) ?? []), r.signal]);
  }
}

async function upsertConnections(tx: Tx, input: WriteInput) {
  const conns = latestConnections(input.connections);
  if (conns.length > 0) {
    await tx
      .insert(vehicleConnection)
      .values(conns.map((c) => ({ vin: c.vin, online: c.online, since: c.ts, statusTs: c.ts, lastSeenAt: input.receivedAt })))
      .onConflictDoUpdate({
        target: vehicleConnection.vin,
        set: {
          online: sql`excluded.online`,
          since: sql`case when ${vehicleConnection.online} = excluded.online and ${vehicleConnection.statusTs} is not null
                      then ${vehicleConnection.since} else excluded.since end`,
          statusTs: sql`excluded.status_ts`,
        },
        setWhere: sql`${vehicleConnection.statusTs} is null or excluded.status_ts > ${vehicleConnection.statusTs}`,
      });
  }
  const seen = latestSeen(input);
  if (seen.length === 0) return;
  await tx
    .insert(vehicleConnection)
    .values(seen.map((vin) => ({ vin, online: true, since: input.receivedAt, statusTs: null, lastSeenAt: input.receivedAt })))
    .onConflictDoUpdate({
      target: vehicleConnection.vin,
      set: { lastSeenAt: sql`greatest(${vehicleConnection.lastSeenAt}, excluded.last_seen_at)` },
    });
}

export function createTelemetryRepository(db: Db) {
  return {
    /** Everything one batch received, in one transaction: all of it is stored, or none. */
    async write(input: WriteInput): Promise<WriteResult> {
      return db.transaction(async (tx) => {
        const fresh = await insertNewBatches(tx, input.telemetry, input.receivedAt);
        const samples = fresh.flatMap((t) =>
          t.samples.map((s) => ({ vin: t.vin, ts: s.ts, seq: t.seq, signals: s.signals, receivedAt: input.receivedAt })),
        );
        for (const part of chunks(samples)) await tx.insert(telemetrySamples).values(part);
        const events = uniqueBy(input.events, (e) => e.id);
        for (const part of chunks(events)) {
          await tx
            .insert(vehicleEvents)
            .values(
              part.map((e) => ({ id: e.id, vin: e.vin, type: e.type, ts: e.ts, data: e.data, receivedAt: input.receivedAt })),
            )
            .onConflictDoNothing({ target: vehicleEvents.id });
        }
        const changed = new Map<string, string[]>();
        await upsertState(tx, fresh, changed);
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
