import { and, asc, desc, eq, isNull, like, lt, ne, or } from 'drizzle-orm';
import type { Db } from '@marque/db';
import { headUnitProfiles, vehicleSales } from './garage.schema';

export type HeadUnitProfileRow = typeof headUnitProfiles.$inferSelect;
export type SaleRow = typeof vehicleSales.$inferSelect;

/** Head-unit profiles and announced sales: the only SQL for either. */
export function createHeadUnitRepository(db: Db) {
  return {
    /** One profile per car and account: signing in again refreshes it. */
    async upsertProfile(p: { id: string; vin: string; accountId: string; displayName: string; grantId: string | null; at: Date }) {
      const [row] = await db
        .insert(headUnitProfiles)
        .values({ id: p.id, vin: p.vin, accountId: p.accountId, displayName: p.displayName, grantId: p.grantId, signedInAt: p.at })
        .onConflictDoUpdate({
          target: [headUnitProfiles.vin, headUnitProfiles.accountId],
          set: { displayName: p.displayName, grantId: p.grantId, signedInAt: p.at, signedOutAt: null },
        })
        .returning();
      return row!;
    },
    profile: async (vin: string, accountId: string): Promise<HeadUnitProfileRow | null> =>
      (await db.select().from(headUnitProfiles).where(and(eq(headUnitProfiles.vin, vin), eq(headUnitProfiles.accountId, accountId))))[0] ?? null,
    profileById: async (id: string): Promise<HeadUnitProfileRow | null> =>
      (await db.select().from(headUnitProfiles).where(eq(headUnitProfiles.id, id)))[0] ?? null,
    profilesOf: (vin: string): Promise<HeadUnitProfileRow[]> =>
      db.select().from(headUnitProfiles).where(eq(headUnitProfiles.vin, vin)).orderBy(asc(headUnitProfiles.signedInAt)),
    async deleteProfile(id: string): Promise<void> {
      await db.delete(headUnitProfiles).where(eq(headUnitProfiles.id, id));
    },
    /** The profiles of everyone but `keep` on the car, now display-only; returns them as they were. */
    async signOutOthers(vin: string, keep: string, at: Date): Promise<HeadUnitProfileRow[]> {
      return db
        .update(headUnitProfiles)
        .set({ signedOutAt: at })
        .where(and(eq(headUnitProfiles.vin, vin), ne(headUnitProfiles.accountId, keep), isNull(headUnitProfiles.signedOutAt)))
        .returning();
    },

    async addSale(s: { id: string; vin: string; sellerAccountId: string; sellerEmail: string; at: Date }): Promise<SaleRow> {
      const [row] = await db
        .insert(vehicleSales)
        .values({ id: s.id, vin: s.vin, sellerAccountId: s.sellerAccountId, sellerEmail: s.sellerEmail, status: 'pending', announcedAt: s.at })
        .returning();
      return row!;
    },
    pendingSale: async (vin: string): Promise<SaleRow | null> =>
      (await db.select().from(vehicleSales).where(and(eq(vehicleSales.vin, vin), eq(vehicleSales.status, 'pending'))))[0] ?? null,
    saleById: async (id: string): Promise<SaleRow | null> => (await db.select().from(vehicleSales).where(eq(vehicleSales.id, id)))[0] ?? null,
    /** Pending sales, newest first, keyset-paged by (announced_at, id); `vinPrefix` narrows to matching VINs. */
    pendingSales: (q: { vinPrefix?: string; before?: { at: Date; id: string }; limit: number }): Promise<SaleRow[]> =>
      db
        .select()
        .from(vehicleSales)
        .where(
          and(
            eq(vehicleSales.status, 'pending'),
            q.vinPrefix ? like(vehicleSales.vin, `${q.vinPrefix}%`) : undefined,
            q.before
              ? or(
                  lt(vehicleSales.announcedAt, q.before.at),
                  and(eq(vehicleSales.announcedAt, q.before.at), lt(vehicleSales.id, q.before.id)),
                )
              : undefined,
          ),
        )
        .orderBy(desc(vehicleSales.announcedAt), desc(vehicleSales.id))
        .limit(q.limit),
    /** Closes a pending sale; false when it was no longer pending (a concurrent close won). */
    async closeSale(id: string, c: { status: 'completed' | 'withdrawn'; at: Date; buyerEmail?: string; completedBy?: string }): Promise<boolean> {
      const rows = await db
        .update(vehicleSales)
        .set({ status: c.status, closedAt: c.at, buyerEmail: c.buyerEmail ?? null, completedBy: c.completedBy ?? null })
        .where(and(eq(vehicleSales.id, id), eq(vehicleSales.status, 'pending')))
        .returning({ id: vehicleSales.id });
      return rows.length > 0;
    },

    async reopenSale(id: string): Promise<void> {
      await db.update(vehicleSales).set({ status: 'pending', closedAt: null, buyerEmail: null, completedBy: null }).where(eq(vehicleSales.id, id));
    },

    exportFor: async (accountId: string) => ({
      headUnitProfiles: await db.select().from(headUnitProfiles).where(eq(headUnitProfiles.accountId, accountId)),
      sales: await db.select().from(vehicleSales).where(eq(vehicleSales.sellerAccountId, accountId)),
    }),
    async eraseAccount(accountId: string): Promise<void> {
      await db.transaction(async (tx) => {
        await tx.delete(headUnitProfiles).where(eq(headUnitProfiles.accountId, accountId));
        await tx.delete(vehicleSales).where(eq(vehicleSales.sellerAccountId, accountId));
      });
    },
  };
}

export type HeadUnitRepository = ReturnType<typeof createHeadUnitRepository>;
