import { and, asc, eq, gt, gte, inArray, lte, min } from 'drizzle-orm';
import type { Db } from '@marque/db';
import { telemetryBatches, vehicleEvents } from './telemetry.schema';
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

    /** The cars that sent telemetry received in (since, until]. */
    async vinsReceived(since: Date, until: Date, limit: number): Promise<string[]> {
      const rows = await db
        .selectDistinct({ vin: telemetryBatches.vin })
        .from(telemetryBatches)
        .where(and(gt(telemetryBatches.receivedAt, since), lte(telemetryBatches.receivedAt, until)))
        .limit(limit);
      return rows.map((r) => r.vin);
    },

    /** The oldest measurement time among one car's data received after `since` (late data moves it back). */
    async earliestReceived(vin: string, since: Date, notBefore: Date): Promise<Date | null> {
      const [s] = await db
        .select({ ts: min(telemetrySamples.ts) })
        .from(telemetrySamples)
        .where(and(eq(telemetrySamples.vin, vin), gte(telemetrySamples.ts, notBefore), gt(telemetrySamples.receivedAt, since)));
      const [e] = await db
        .select({ ts: min(vehicleEvents.ts) })
        .from(vehicleEvents)
        .where(and(eq(vehicleEvents.vin, vin), gte(vehicleEvents.ts, notBefore), gt(vehicleEvents.receivedAt, since)));
      const all = [s?.ts, e?.ts].filter((d) => d !== null && d !== undefined).map((d) => new Date(d as Date | string).getTime());
      return all.length ? new Date(Math.min(...all)) : null;
    },
  };
}

export type TelemetryHistoryRepository = ReturnType<typeof createTelemetryHistoryRepository>;
