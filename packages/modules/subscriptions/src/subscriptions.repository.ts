import { and, eq, gt, isNull, lte, or, sql } from 'drizzle-orm';
import type { Db } from '@marque/db';
import { vehicleHolders } from '@marque/vehicles';
import { multimediaActivations, serviceSubscriptions, subscriptionReminders } from './subscriptions.schema';

export type PackageId = 'standard' | 'multimedia';

export function createSubscriptionsRepository(db: Db) {
  const choicesOf = db
    .select({ package: serviceSubscriptions.package, status: serviceSubscriptions.status })
    .from(serviceSubscriptions)
    .where(
      and(eq(serviceSubscriptions.accountId, sql.placeholder('accountId')), eq(serviceSubscriptions.vin, sql.placeholder('vin'))),
    )
    .prepare('subscriptions_choices');
  return {
    /** On every vehicle request (the service gate): prepared. */
    async choices(accountId: string, vin: string): Promise<Partial<Record<PackageId, 'active' | 'cancelled'>>> {
      const rows = await choicesOf.execute({ accountId, vin });
      return Object.fromEntries(rows.map((r) => [r.package, r.status]));
    },

    async setChoice(accountId: string, vin: string, pkg: PackageId, status: 'active' | 'cancelled', at: Date) {
      await db
        .insert(serviceSubscriptions)
        .values({ accountId, vin, package: pkg, status, updatedAt: at })
        .onConflictDoUpdate({
          target: [serviceSubscriptions.vin, serviceSubscriptions.accountId, serviceSubscriptions.package],
          set: { status, updatedAt: at },
        });
    },

    async multimediaStart(vin: string): Promise<Date | null> {
      const rows = await db.select().from(multimediaActivations).where(eq(multimediaActivations.vin, vin)).limit(1);
      return rows[0]?.activatedAt ?? null;
    },

    async startMultimedia(vin: string, at: Date): Promise<void> {
      await db.insert(multimediaActivations).values({ vin, activatedAt: at }).onConflictDoNothing();
    },

    /** Every holding in force at `at` (the reminder sweep). */
    async currentHoldings(at: Date): Promise<Array<{ vin: string; accountId: string }>> {
      return db
        .select({ vin: vehicleHolders.vin, accountId: vehicleHolders.accountId })
        .from(vehicleHolders)
        .where(and(lte(vehicleHolders.since, at), or(isNull(vehicleHolders.until), gt(vehicleHolders.until, at))));
    },

    /** Records a reminder; false when it was sent before (the job is idempotent). */
    async markReminder(r: { vin: string; accountId: string; package: string; days: number; expiresAt: Date; sentAt: Date }) {
      const rows = await db.insert(subscriptionReminders).values(r).onConflictDoNothing().returning({ d: subscriptionReminders.days });
      return rows.length > 0;
    },

    /** Data export: the account's package choices and the reminders it was sent. */
    async exportFor(accountId: string) {
      const choices = await db.select().from(serviceSubscriptions).where(eq(serviceSubscriptions.accountId, accountId));
      const reminders = await db.select().from(subscriptionReminders).where(eq(subscriptionReminders.accountId, accountId));
      return { choices, reminders };
    },

    async eraseAccount(accountId: string): Promise<void> {
      await db.transaction(async (tx) => {
        await tx.delete(serviceSubscriptions).where(eq(serviceSubscriptions.accountId, accountId));
        await tx.delete(subscriptionReminders).where(eq(subscriptionReminders.accountId, accountId));
      });
    },
  };
}

export type SubscriptionsRepository = ReturnType<typeof createSubscriptionsRepository>;
