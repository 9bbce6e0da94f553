import { and, asc, count, desc, eq, gt, isNull, min } from 'drizzle-orm';
import type { Db } from '@marque/db';
import { activationAttempts, activationCodes, garageEntries, ownershipRecords } from './garage.schema';
import { vehicleHolders } from './vehicles.schema';

export interface GarageEntry {
  accountId: string;
  vin: string;
  nickname: string | null;
  isCurrent: boolean;
  addedAt: Date;
}

export interface OwnershipRecord {
  id: number;
  vin: string;
  ownerEmail: string;
  effectiveDate: string;
  recordedBy: string;
  recordedAt: Date;
}

/** Garage entries, activation attempts and codes, ownership records: the only SQL of the garage. */
export function createGarageRepository(db: Db) {
  return {
    async entries(accountId: string): Promise<GarageEntry[]> {
      return db.select().from(garageEntries).where(eq(garageEntries.accountId, accountId)).orderBy(asc(garageEntries.addedAt));
    },

    /** Adds the entry unless present; true when it was added. */
    async addEntry(accountId: string, vin: string, at: Date): Promise<boolean> {
      const rows = await db
        .insert(garageEntries)
        .values({ accountId, vin, addedAt: at })
        .onConflictDoNothing()
        .returning({ vin: garageEntries.vin });
      return rows.length > 0;
    },

    async removeEntry(accountId: string, vin: string): Promise<boolean> {
      const rows = await db
        .delete(garageEntries)
        .where(and(eq(garageEntries.accountId, accountId), eq(garageEntries.vin, vin)))
        .returning({ vin: garageEntries.vin });
      return rows.length > 0;
    },

    async setNickname(accountId: string, vin: string, nickname: string | null): Promise<void> {
      await db
        .update(garageEntries)
        .set({ nickname })
        .where(and(eq(garageEntries.accountId, accountId), eq(garageEntries.vin, vin)));
    },

    async setCurrent(accountId: string, vin: string): Promise<void> {
      await db.transaction(async (tx) => {
        await tx.update(garageEntries).set({ isCurrent: false }).where(eq(garageEntries.accountId, accountId));
        await tx
          .update(garageEntries)
          .set({ isCurrent: true })
          .where(and(eq(garageEntries.accountId, accountId), eq(garageEntries.vin, vin)));
      });
    },

    /** When the car's services were first held by anyone (the term start when the registry lacks a delivery date). */
    async firstHeld(vin: string): Promise<Date | null> {
      const rows = await db.select({ at: min(vehicleHolders.since) }).from(vehicleHolders).where(eq(vehicleHolders.vin, vin));
      return rows[0]?.at ?? null;
    },

    async recordAttempt(a: { vin: string; accountId: string; method: 'odometer' | 'code'; ok: boolean; at: Date }) {
      await db.insert(activationAttempts).values(a);
    },

    /** Failed attempts since `from`, with the oldest one's time (when the lock-out lifts). */
    async failedSince(vin: string, accountId: string, from: Date): Promise<{ n: number; oldest: Date | null }> {
      const rows = await db
        .select({ n: count(), oldest: min(activationAttempts.at) })
        .from(activationAttempts)
        .where(
          and(
            eq(activationAttempts.vin, vin),
            eq(activationAttempts.accountId, accountId),
            eq(activationAttempts.ok, false),
            gt(activationAttempts.at, from),
          ),
        );
      return { n: Number(rows[0]?.n ?? 0), oldest: rows[0]?.oldest ?? null };
    },

    async storeCode(c: { codeHash: string; vin: string; createdAt: Date; expiresAt: Date }) {
      await db.insert(activationCodes).values(c);
    },

    async findCode(codeHash: string) {
      const rows = await db.select().from(activationCodes).where(eq(activationCodes.codeHash, codeHash)).limit(1);
      return rows[0] ?? null;
    },

    /** Marks a code used unless someone did first; true when this call used it. */
    async useCode(codeHash: string, accountId: string, at: Date): Promise<boolean> {
      const rows = await db
        .update(activationCodes)
        .set({ usedAt: at, usedBy: accountId })
        .where(and(eq(activationCodes.codeHash, codeHash), isNull(activationCodes.usedAt)))
        .returning({ h: activationCodes.codeHash });
      return rows.length > 0;
    },

    async addOwnership(r: Omit<OwnershipRecord, 'id'>): Promise<OwnershipRecord> {
      const rows = await db.insert(ownershipRecords).values(r).returning();
      return rows[0]!;
    },

    async ownershipHistory(vin: string): Promise<OwnershipRecord[]> {
      return db
        .select()
        .from(ownershipRecords)
        .where(eq(ownershipRecords.vin, vin))
        .orderBy(desc(ownershipRecords.effectiveDate), desc(ownershipRecords.recordedAt), desc(ownershipRecords.id));
    },

    /** Data export: the garage, the holdings of connected services and the proof-of-access attempts. */
    async exportFor(accountId: string) {
      const garage = await db.select().from(garageEntries).where(eq(garageEntries.accountId, accountId));
      const holdings = await db.select().from(vehicleHolders).where(eq(vehicleHolders.accountId, accountId)).orderBy(asc(vehicleHolders.since));
      const activationTries = await db.select().from(activationAttempts).where(eq(activationAttempts.accountId, accountId));
      return { garage, holdings, activationTries };
    },

    /**
     * Account deletion: the garage and the attempts go, open holdings end now so the car is free for its next
     * holder; closed holdings stay (a random id with no account behind it) because they keep later holders from
     * seeing data produced before their time.
     */
    async eraseAccount(accountId: string, at: Date): Promise<void> {
      await db.transaction(async (tx) => {
        await tx.delete(garageEntries).where(eq(garageEntries.accountId, accountId));
        await tx.delete(activationAttempts).where(eq(activationAttempts.accountId, accountId));
        await tx.update(vehicleHolders).set({ until: at }).where(and(eq(vehicleHolders.accountId, accountId), isNull(vehicleHolders.until)));
      });
    },
  };
}

export type GarageRepository = ReturnType<typeof createGarageRepository>;
