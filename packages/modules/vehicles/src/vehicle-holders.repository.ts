import { and, desc, eq, gt, isNull, lte, or } from 'drizzle-orm';
import type { Db } from '@marque/db';
import { vehicleHolders } from './vehicles.schema';

export interface Holding {
  vin: string;
  accountId: string;
  since: Date;
  until: Date | null;
}

export function createVehicleHoldersRepository(db: Db) {
  return {
    /** The holding in force at `at`, if any. */
    async holderAt(vin: string, at: Date): Promise<Holding | null> {
      const rows = await db
        .select({
          vin: vehicleHolders.vin,
          accountId: vehicleHolders.accountId,
          since: vehicleHolders.since,
          until: vehicleHolders.until,
        })
        .from(vehicleHolders)
        .where(
          and(
            eq(vehicleHolders.vin, vin),
            lte(vehicleHolders.since, at),
            or(isNull(vehicleHolders.until), gt(vehicleHolders.until, at)),
          ),
        )
        .orderBy(desc(vehicleHolders.since))
        .limit(1);
      return rows[0] ?? null;
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

    async endHolding(vin: string, at: Date): Promise<void> {
      await db
        .update(vehicleHolders)
        .set({ until: at })
        .where(and(eq(vehicleHolders.vin, vin), isNull(vehicleHolders.until)));
    },
  };
}

export type VehicleHoldersRepository = ReturnType<typeof createVehicleHoldersRepository>;
