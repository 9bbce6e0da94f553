import { and, desc, eq, lte, min, sql } from 'drizzle-orm';
import type { Db } from '@marque/db';
import { vehicleHolders, vehicleRegistry } from './vehicles.schema';
import { ownershipRecords } from './garage.schema';
import { storedVehicle, type StoredVehicle } from './vehicles.repository';
import { heldAt, type Holding } from './vehicle-holders.repository';

/** What every vehicle request's access check needs to know about the car, read in one statement. */
export interface AccessFacts {
  vehicle: StoredVehicle;
  /** Who holds the car's connected services at the time asked; null when nobody does. */
  holding: Holding | null;
  /** When anybody first held the car (start of the Standard Services term when the registry has no delivery date). */
  firstHeld: Date | null;
  /** The owner a retailer recorded as effective on the day asked; null when none was recorded. */
  registeredOwnerEmail: string | null;
}

const asDate = (v: Date | string | null): Date | null => (v === null ? null : v instanceof Date ? v : new Date(v));

export function createVehicleAccessRepository(db: Db) {
  const vin = sql.placeholder('vin');
  const at = sql.placeholder('at');
  const today = sql.placeholder('today');
  const holding = db
    .select({ accountId: vehicleHolders.accountId, since: vehicleHolders.since, until: vehicleHolders.until })
    .from(vehicleHolders)
    .where(and(eq(vehicleHolders.vin, vin), heldAt(sql`${at}::timestamptz`)))
    .orderBy(desc(vehicleHolders.since))
    .limit(1)
    .as('holding');
  const first = db
    .select({ firstHeld: min(vehicleHolders.since).as('first_held') })
    .from(vehicleHolders)
    .where(eq(vehicleHolders.vin, vin))
    .as('first');
  const owner = db
    .select({ ownerEmail: ownershipRecords.ownerEmail })
    .from(ownershipRecords)
    .where(and(eq(ownershipRecords.vin, vin), lte(ownershipRecords.effectiveDate, sql`${today}::date`)))
    .orderBy(desc(ownershipRecords.effectiveDate), desc(ownershipRecords.recordedAt), desc(ownershipRecords.id))
    .limit(1)
    .as('owner');
  // Prepared once per connection (every status read and command asks it): PostgreSQL parses and plans it once.
  const facts = db
    .select({
      vehicle: vehicleRegistry,
      holderAccountId: holding.accountId,
      holderSince: holding.since,
      holderUntil: holding.until,
      firstHeld: first.firstHeld,
      ownerEmail: owner.ownerEmail,
    })
    .from(vehicleRegistry)
    .leftJoinLateral(holding, sql`true`)
    .leftJoinLateral(first, sql`true`)
    .leftJoinLateral(owner, sql`true`)
    .where(eq(vehicleRegistry.vin, vin))
    .limit(1)
    .prepare('vehicle_access_facts');

  return {
    /**
     * The registry row, the holding at `at`, the first holding and the registered owner: one round trip instead of
     * four, because every status read and every command asks all of them. Null when the VIN is not in the registry.
     */
    async accessFacts(vinValue: string, atValue: Date): Promise<AccessFacts | null> {
      const rows = await facts.execute({ vin: vinValue, at: atValue.toISOString(), today: atValue.toISOString().slice(0, 10) });
      const r = rows[0];
      if (!r) return null;
      return {
        vehicle: storedVehicle(r.vehicle),
        holding:
          r.holderAccountId === null
            ? null
            : { vin: vinValue, accountId: r.holderAccountId, since: asDate(r.holderSince)!, until: asDate(r.holderUntil) },
        firstHeld: asDate(r.firstHeld),
        registeredOwnerEmail: r.ownerEmail,
      };
    },
  };
}

export type VehicleAccessRepository = ReturnType<typeof createVehicleAccessRepository>;
