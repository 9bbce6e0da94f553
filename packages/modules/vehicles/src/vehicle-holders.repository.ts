import { and, desc, eq, gt, inArray, isNull, lte, or, type SQL } from 'drizzle-orm';
import type { Db } from '@marque/db';
import { vehicleHolders, vehicleRegistry } from './vehicles.schema';

export interface Holding {
  vin: string;
  accountId: string;
  since: Date;
  until: Date | null;
}

/** The columns of a holding. */
export const holdingColumns = {
  vin: vehicleHolders.vin,
  accountId: vehicleHolders.accountId,
  since: vehicleHolders.since,
  until: vehicleHolders.until,
};

/** A holding in force at `at` (a time, or a SQL expression of one): started by then, not ended by then. */
export const heldAt = (at: Date | SQL) =>
  and(lte(vehicleHolders.since, at), or(isNull(vehicleHolders.until), gt(vehicleHolders.until, at)));

export function createVehicleHoldersRepository(db: Db) {
  return {
    /** The holding in force at `at`, if any. */
    async holderAt(vin: string, at: Date): Promise<Holding | null> {
      const rows = await db
        .select(holdingColumns)
        .from(vehicleHolders)
        .where(and(eq(vehicleHolders.vin, vin), heldAt(at)))
        .orderBy(desc(vehicleHolders.since))
        .limit(1);
      return rows[0] ?? null;
    },

    /** The holding of each of `vins` at `at` (cars nobody held then are absent): one statement for many cars. */
    async holdersAt(vins: string[], at: Date): Promise<Map<string, Holding>> {
      if (vins.length === 0) return new Map();
      const rows = await db
        .selectDistinctOn([vehicleHolders.vin], holdingColumns)
        .from(vehicleHolders)
        .where(and(inArray(vehicleHolders.vin, vins), heldAt(at)))
        .orderBy(vehicleHolders.vin, desc(vehicleHolders.since));
      return new Map(rows.map((r) => [r.vin, r]));
    },

    /** Ends any open holding of `vin` at `since` and starts the new one, atomically. */
    async startHolding(vin: string, accountId: string, since: Date): Promise<void> {
      await db.transaction(async (tx) => {
        await tx
          .update(vehicleHolders)
          .set({ until: since })
          .where(and(eq(vehicleHolders.vin, vin), isNull(vehicleHolders.until)));
        await tx.insert(vehicleHolders).values({ vin, accountId, since });
      });
    },

    /** The cars `accountId` holds at `at`, with what the registry says about them, oldest holding first. */
    async heldBy(accountId: string, at: Date) {
      return db
        .select({
          vin: vehicleHolders.vin,
          since: vehicleHolders.since,
          brand: vehicleRegistry.brand,
          model: vehicleRegistry.model,
          modelYear: vehicleRegistry.modelYear,
          powertrain: vehicleRegistry.powertrain,
          headUnit: vehicleRegistry.headUnit,
        })
        .from(vehicleHolders)
        .innerJoin(vehicleRegistry, eq(vehicleRegistry.vin, vehicleHolders.vin))
        .where(
          and(
            eq(vehicleHolders.accountId, accountId),
            lte(vehicleHolders.since, at),
            or(isNull(vehicleHolders.until), gt(vehicleHolders.until, at)),
          ),
        )
        .orderBy(vehicleHolders.since, vehicleHolders.vin);
    },

    async endHolding(vin: string, at: Date): Promise<void> {
      await db
        .update(vehicleHolders)
        .set({ until: at })
        .where(and(eq(vehicleHolders.vin, vin), isNull(vehicleHolders.until)));
    },
  };
}

export type VehicleHoldersRepository = ReturnType<typeof createVehicleHoldersRepository>;
