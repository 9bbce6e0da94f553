import { and, asc, eq, gt, gte, inArray, lte, or, sql } from 'drizzle-orm';
import type { Db } from '@marque/db';
import { telemetryBatches, vehicleEvents, vehicleState } from './telemetry.schema';
import { telemetrySamples } from './telemetry-samples.table';

/** Read side for modules that derive data from the stored history (trips, accidents). */
export function createTelemetryHistoryRepository(db: Db) {
  return {
    /** Samples of one car in [from, to], oldest first. */
    async samples(vin: string, from: Date, to: Date) {
      return db
        .select({ ts: telemetrySamples.ts, seq: telemetrySamples.seq, signals: telemetrySamples.signals })
        .from(telemetrySamples)
        .where(and(eq(telemetrySamples.vin, vin), gte(telemetrySamples.ts, from), lte(telemetrySamples.ts, to)))
        .orderBy(asc(telemetrySamples.ts), asc(telemetrySamples.seq));
    },

    /** Events of one car in [from, to], optionally of some types, oldest first. */
    async events(vin: string, from: Date, to: Date, types?: string[]) {
      return db
        .select({ id: vehicleEvents.id, type: vehicleEvents.type, ts: vehicleEvents.ts, data: vehicleEvents.data })
        .from(vehicleEvents)
        .where(
          and(
            eq(vehicleEvents.vin, vin),
            gte(vehicleEvents.ts, from),
            lte(vehicleEvents.ts, to),
            types ? inArray(vehicleEvents.type, types) : undefined,
          ),
        )
        .orderBy(asc(vehicleEvents.ts), asc(vehicleEvents.id));
    },

    /** Events of any car received in (since, until], after `after` in (receivedAt, id) order, oldest first (notifications). */
    async eventsReceived(
      since: Date,
      until: Date,
      after: { receivedAt: Date; id: string } | null,
      types: readonly string[],
      limit: number,
    ) {
      return db
        .select({
          id: vehicleEvents.id,
          vin: vehicleEvents.vin,
          type: vehicleEvents.type,
          ts: vehicleEvents.ts,
          data: vehicleEvents.data,
          receivedAt: vehicleEvents.receivedAt,
        })
        .from(vehicleEvents)
        .where(
          and(
            gt(vehicleEvents.receivedAt, since),
            lte(vehicleEvents.receivedAt, until),
            inArray(vehicleEvents.type, [...types]),
            after
              ? or(
                  gt(vehicleEvents.receivedAt, after.receivedAt),
                  and(eq(vehicleEvents.receivedAt, after.receivedAt), gt(vehicleEvents.id, after.id)),
                )
              : undefined,
          ),
        )
        .orderBy(asc(vehicleEvents.receivedAt), asc(vehicleEvents.id))
        .limit(limit);
    },

    /** A car's latest reading of each signal taken at or after `since`. */
    async state(vin: string, since: Date) {
      const rows = await db
        .select({ signal: vehicleState.signal, value: sql<string>`${vehicleState.value}::text`, ts: vehicleState.ts })
        .from(vehicleState)
        .where(and(eq(vehicleState.vin, vin), gte(vehicleState.ts, since)));
      return rows.map((r) => ({ signal: r.signal, value: JSON.parse(r.value) as unknown, ts: r.ts }));
    },

    /** The latest reading of each signal taken at or after `since`, for many cars in one statement (by VIN). */
    async states(vins: string[], since: Date): Promise<Map<string, Array<{ signal: string; value: unknown; ts: Date }>>> {
      const out = new Map<string, Array<{ signal: string; value: unknown; ts: Date }>>();
      if (vins.length === 0) return out;
      const rows = await db
        .select({ vin: vehicleState.vin, signal: vehicleState.signal, value: sql<string>`${vehicleState.value}::text`, ts: vehicleState.ts })
        .from(vehicleState)
        .where(and(inArray(vehicleState.vin, vins), gte(vehicleState.ts, since)));
      for (const r of rows) {
        const list = out.get(r.vin) ?? [];
        list.push({ signal: r.signal, value: JSON.parse(r.value) as unknown, ts: r.ts });
        out.set(r.vin, list);
      }
      return out;
    },

    /** The cars that sent telemetry received in (since, until]. */
    async vinsReceived(since: Date, until: Date, limit: number): Promise<string[]> {
      const rows = await db
        .selectDistinct({ vin: telemetryBatches.vin })
        .from(telemetryBatches)
        .where(and(gt(telemetryBatches.receivedAt, since), lte(telemetryBatches.receivedAt, until)))
        .limit(limit);
      return rows.map((r) => r.vin);
    },

    /**
     * The oldest measurement time among one car's data received after `since` (late data moves it back). The
     * OFFSET 0 fences stop PostgreSQL from turning min(ts) into a walk of the (vin, ts) index filtered on
     * received_at, which reads the car's whole week; the (vin, received_at) indexes read only what is new.
     */
    async earliestReceived(vin: string, since: Date, notBefore: Date): Promise<Date | null> {
      const after = since.toISOString();
      const from = notBefore.toISOString();
      const r = (await db.execute(sql`
        select
          (select min(s.ts) from (select ts from telemetry_samples where vin = ${vin} and ts >= ${from}::timestamptz
             and received_at > ${after}::timestamptz offset 0) s) as samples,
          (select min(e.ts) from (select ts from vehicle_events where vin = ${vin} and ts >= ${from}::timestamptz
             and received_at > ${after}::timestamptz offset 0) e) as events`)) as unknown as {
        rows: Array<{ samples: Date | string | null; events: Date | string | null }>;
      };
      const row = r.rows[0];
      const all = [row?.samples, row?.events]
        .filter((d) => d !== null && d !== undefined)
        .map((d) => new Date(d as Date | string).getTime());
      return all.length ? new Date(Math.min(...all)) : null;
    },
  };
}

export type TelemetryHistoryRepository = ReturnType<typeof createTelemetryHistoryRepository>;
