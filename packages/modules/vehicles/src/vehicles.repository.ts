import { sql, eq } from 'drizzle-orm';
import type { Db } from '@marque/db';
import type { RegistryVehicle } from '@marque/contracts';
import { vehicleRegistry } from './vehicles.schema';

export type StoredVehicle = Omit<RegistryVehicle, 'deviceSecret'> & { deviceSecretHash: string };

export interface UpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

export function storedVehicle(r: typeof vehicleRegistry.$inferSelect): StoredVehicle {
  return {
    vin: r.vin,
    brand: r.brand,
    model: r.model,
    modelYear: r.modelYear,
    powertrain: r.powertrain,
    headUnit: r.headUnit,
    smartConnect: r.smartConnect,
    market: r.market,
    deliveryDate: r.deliveryDate,
    deviceSecretHash: r.deviceSecretHash,
  };
}

export function createVehiclesRepository(db: Db) {
  return {
    async findByVin(vin: string): Promise<StoredVehicle | null> {
      const rows = await db.select().from(vehicleRegistry).where(eq(vehicleRegistry.vin, vin)).limit(1);
      return rows[0] ? storedVehicle(rows[0]) : null;
    },

    async count(): Promise<number> {
      const rows = await db.select({ n: sql<number>`count(*)::int` }).from(vehicleRegistry);
      return rows[0]?.n ?? 0;
    },

    /** One statement per batch; rows whose values did not change are left alone so a re-import is a no-op. */
    async upsertMany(rows: StoredVehicle[]): Promise<UpsertCounts> {
      if (rows.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
      const cols = [
        'brand',
        'model',
        'modelYear',
        'powertrain',
        'headUnit',
        'smartConnect',
        'market',
        'deliveryDate',
        'deviceSecretHash',
      ] as const;
      const set = Object.fromEntries(cols.map((c) => [c, sql.raw(`excluded.${vehicleRegistry[c].name}`)]));
      const changed = sql.join(
        cols.map((c) => sql`${vehicleRegistry[c]} is distinct from ${sql.raw(`excluded.${vehicleRegistry[c].name}`)}`),
        sql` or `,
      );
      const result = await db
        .insert(vehicleRegistry)
        .values(rows)
        .onConflictDoUpdate({ target: vehicleRegistry.vin, set: { ...set, updatedAt: sql`now()` }, setWhere: changed })
        .returning({ inserted: sql<boolean>`(xmax = 0)` });
      const inserted = result.filter((r) => r.inserted).length;
      return { inserted, updated: result.length - inserted, unchanged: rows.length - result.length };
    },
  };
}

export type VehiclesRepository = ReturnType<typeof createVehiclesRepository>;
