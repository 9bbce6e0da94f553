import { and, asc, desc, eq, inArray, or } from 'drizzle-orm';
import type { Db } from '@marque/db';
import { serviceRecords, serviceRequests } from './maintenance.schema';

export type ServiceRecordRow = typeof serviceRecords.$inferSelect;
export type ServiceRequestRow = typeof serviceRequests.$inferSelect;
export type RequestStatus = ServiceRequestRow['status'];

export function createMaintenanceRepository(db: Db) {
  return {
    /** False when the record it corrects was corrected meanwhile (the unique index on `corrects`). */
    async addRecord(row: ServiceRecordRow): Promise<boolean> {
      const r = await db.insert(serviceRecords).values(row).onConflictDoNothing().returning({ id: serviceRecords.id });
      return r.length > 0;
    },
    findRecord: async (id: string) =>
      (await db.select().from(serviceRecords).where(eq(serviceRecords.id, id)).limit(1))[0] ?? null,
    /** The car's service book, oldest first. */
    records: (vin: string) =>
      db
        .select()
        .from(serviceRecords)
        .where(eq(serviceRecords.vin, vin))
        .orderBy(asc(serviceRecords.servicedOn), asc(serviceRecords.recordedAt)),

    async addRequest(row: ServiceRequestRow): Promise<void> {
      await db.insert(serviceRequests).values(row);
    },
    findRequest: async (id: string) =>
      (await db.select().from(serviceRequests).where(eq(serviceRequests.id, id)).limit(1))[0] ?? null,
    /** One account's requests for one car, newest first. */
    requestsOf: (accountId: string, vin: string) =>
      db
        .select()
        .from(serviceRequests)
        .where(and(eq(serviceRequests.accountId, accountId), eq(serviceRequests.vin, vin)))
        .orderBy(desc(serviceRequests.createdAt)),
    /** The retailer console: open requests and those this retailer decided, newest first. */
    forRetailer: (retailerId: string, statuses: RequestStatus[], limit: number) =>
      db
        .select()
        .from(serviceRequests)
        .where(
          and(
            inArray(serviceRequests.status, statuses),
            or(eq(serviceRequests.status, 'open'), eq(serviceRequests.retailerId, retailerId)),
          ),
        )
        .orderBy(desc(serviceRequests.createdAt))
        .limit(limit),

    /** Moves an open request to its decision; false when it was no longer open (decided meanwhile). */
    async decide(
      id: string,
      patch: Pick<ServiceRequestRow, 'status' | 'retailerId' | 'retailerName' | 'confirmedDate' | 'message' | 'decidedAt'>,
    ): Promise<ServiceRequestRow | null> {
      const r = await db
        .update(serviceRequests)
        .set(patch)
        .where(and(eq(serviceRequests.id, id), eq(serviceRequests.status, 'open')))
        .returning();
      return r[0] ?? null;
    },

    /** A handover or removal: the account's open requests for the car are withdrawn. */
    async withdrawOpen(accountId: string, vin: string, at: Date): Promise<number> {
      const r = await db
        .update(serviceRequests)
        .set({ status: 'withdrawn', decidedAt: at })
        .where(and(eq(serviceRequests.accountId, accountId), eq(serviceRequests.vin, vin), eq(serviceRequests.status, 'open')))
        .returning({ id: serviceRequests.id });
      return r.length;
    },

    /** Data export. */
    allRequests: (accountId: string) =>
      db.select().from(serviceRequests).where(eq(serviceRequests.accountId, accountId)).orderBy(asc(serviceRequests.createdAt)),
    recordsBy: (retailerId: string) =>
      db.select().from(serviceRecords).where(eq(serviceRecords.retailerId, retailerId)).orderBy(asc(serviceRecords.recordedAt)),

    /**
     * Account deletion: the account's booking requests go; as a retailer, its name on the car's service book is
     * replaced (the records stay: they are the car's history, not the retailer's personal data).
     */
    async eraseAccount(accountId: string): Promise<void> {
      await db.transaction(async (tx) => {
        await tx.delete(serviceRequests).where(eq(serviceRequests.accountId, accountId));
        await tx
          .update(serviceRecords)
          .set({ retailerName: 'Retailer (account deleted)' })
          .where(eq(serviceRecords.retailerId, accountId));
        await tx
          .update(serviceRequests)
          .set({ retailerName: 'Retailer (account deleted)' })
          .where(eq(serviceRequests.retailerId, accountId));
      });
    },
  };
}

export type MaintenanceRepository = ReturnType<typeof createMaintenanceRepository>;
