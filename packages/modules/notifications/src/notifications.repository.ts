import { and, count, desc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '@marque/db';
import { notificationCursors, notificationPreferences, notifications, notificationWindows, pushSubscriptions } from './notifications.schema';

export type NotificationRow = typeof notifications.$inferSelect;
export type PushSubscriptionRow = typeof pushSubscriptions.$inferSelect;
export type StoreOutcome = 'stored' | 'duplicate' | 'limited';

class Limited extends Error {}

export function createNotificationsRepository(db: Db) {
  return {
    /**
     * Stores a notice once per key and, with a rate window, only when the last one of its (account, car, kind) is
     * older than the window; both in one transaction, so concurrent workers never let two through.
     */
    async store(row: NotificationRow, windowMs: number): Promise<StoreOutcome> {
      try {
        return await db.transaction(async (tx) => {
          const r = await tx.insert(notifications).values(row).onConflictDoNothing().returning({ id: notifications.id });
          if (r.length === 0) return 'duplicate';
          if (windowMs > 0 && row.vin) {
            const cutoff = new Date(row.createdAt.getTime() - windowMs);
            const w = await tx
              .insert(notificationWindows)
              .values({ accountId: row.accountId, vin: row.vin, kind: row.kind, lastAt: row.createdAt })
              .onConflictDoUpdate({
                target: [notificationWindows.accountId, notificationWindows.vin, notificationWindows.kind],
                set: { lastAt: sql`excluded.last_at` },
                setWhere: sql`${notificationWindows.lastAt} <= ${cutoff}`,
              })
              .returning({ kind: notificationWindows.kind });
            if (w.length === 0) throw new Limited();
          }
          return 'stored';
        });
      } catch (e) {
        if (e instanceof Limited) return 'limited';
        throw e;
      }
    },

    /** Newest first, keyset-paged on (created_at, id). */
    async list(accountId: string, before: { at: Date; id: string } | null, limit: number, unreadOnly: boolean): Promise<NotificationRow[]> {
      return db
        .select()
        .from(notifications)
        .where(
          and(
            eq(notifications.accountId, accountId),
            eq(notifications.inApp, true),
            unreadOnly ? isNull(notifications.readAt) : undefined,
            before
              ? or(lt(notifications.createdAt, before.at), and(eq(notifications.createdAt, before.at), lt(notifications.id, before.id)))
              : undefined,
          ),
        )
        .orderBy(desc(notifications.createdAt), desc(notifications.id))
        .limit(limit);
    },

    async unreadCount(accountId: string): Promise<number> {
      const [r] = await db
        .select({ n: count() })
        .from(notifications)
        .where(and(eq(notifications.accountId, accountId), eq(notifications.inApp, true), isNull(notifications.readAt)));
      return Number(r?.n ?? 0);
    },

    async byId(id: string): Promise<NotificationRow | null> {
      const [r] = await db.select().from(notifications).where(eq(notifications.id, id));
      return r ?? null;
    },

    /** False when the account has no such notice (someone else's id reads as unknown). */
    async markRead(accountId: string, id: string, at: Date): Promise<boolean> {
      const r = await db
        .update(notifications)
        .set({ readAt: sql`coalesce(${notifications.readAt}, ${at})` })
        .where(and(eq(notifications.accountId, accountId), eq(notifications.id, id)))
        .returning({ id: notifications.id });
      return r.length > 0;
    },

    async markAllRead(accountId: string, at: Date): Promise<number> {
      const r = await db
        .update(notifications)
        .set({ readAt: at })
        .where(and(eq(notifications.accountId, accountId), isNull(notifications.readAt)))
        .returning({ id: notifications.id });
      return r.length;
    },

    async preferences(accountId: string): Promise<Record<string, Record<string, boolean>>> {
      const [r] = await db.select().from(notificationPreferences).where(eq(notificationPreferences.accountId, accountId));
      return r?.choices ?? {};
    },

    async savePreferences(accountId: string, choices: Record<string, Record<string, boolean>>, at: Date): Promise<void> {
      await db
        .insert(notificationPreferences)
        .values({ accountId, choices, updatedAt: at })
        .onConflictDoUpdate({ target: notificationPreferences.accountId, set: { choices, updatedAt: at } });
    },

    /** One endpoint belongs to one account: subscribing it again (another sign-in on that device) moves it. */
    async upsertPush(row: Omit<PushSubscriptionRow, 'failures' | 'lastError' | 'retiredAt'>): Promise<PushSubscriptionRow> {
      const [r] = await db
        .insert(pushSubscriptions)
        .values({ ...row, failures: 0 })
        .onConflictDoUpdate({
          target: pushSubscriptions.endpoint,
          set: {
            accountId: row.accountId,
            p256dh: row.p256dh,
            auth: row.auth,
            userAgent: row.userAgent,
            createdAt: row.createdAt,
            failures: 0,
            lastError: null,
            retiredAt: null,
          },
        })
        .returning();
      return r!;
    },

    activePush: (accountId: string) =>
      db
        .select()
        .from(pushSubscriptions)
        .where(and(eq(pushSubscriptions.accountId, accountId), isNull(pushSubscriptions.retiredAt)))
        .orderBy(pushSubscriptions.createdAt),

    async pushByEndpoint(endpoint: string): Promise<PushSubscriptionRow | null> {
      const [r] = await db.select().from(pushSubscriptions).where(eq(pushSubscriptions.endpoint, endpoint));
      return r ?? null;
    },

    /** Replaces subscription `oldId` by `row` (same account) in one transaction. */
    async replacePush(oldId: string, row: Omit<PushSubscriptionRow, 'failures' | 'lastError' | 'retiredAt'>): Promise<PushSubscriptionRow> {
      return db.transaction(async (tx) => {
        await tx.delete(pushSubscriptions).where(eq(pushSubscriptions.id, oldId));
        const [r] = await tx
          .insert(pushSubscriptions)
          .values(row)
          .onConflictDoUpdate({
            target: pushSubscriptions.endpoint,
            set: { accountId: row.accountId, p256dh: row.p256dh, auth: row.auth, failures: 0, lastError: null, retiredAt: null },
          })
          .returning();
        return r!;
      });
    },

    async pushById(id: string): Promise<PushSubscriptionRow | null> {
      const [r] = await db.select().from(pushSubscriptions).where(eq(pushSubscriptions.id, id));
      return r ?? null;
    },

    async removePush(accountId: string, id: string): Promise<boolean> {
      const r = await db
        .delete(pushSubscriptions)
        .where(and(eq(pushSubscriptions.accountId, accountId), eq(pushSubscriptions.id, id)))
        .returning({ id: pushSubscriptions.id });
      return r.length > 0;
    },

    async pushSucceeded(id: string): Promise<void> {
      await db.update(pushSubscriptions).set({ failures: 0, lastError: null }).where(eq(pushSubscriptions.id, id));
    },

    /** Counts a failed delivery; retires the subscription when `retire` or when the count reaches `maxFailures`. */
    async pushFailed(id: string, error: string, at: Date, opts: { retire: boolean; maxFailures: number }): Promise<{ retired: boolean }> {
      const [r] = await db
        .update(pushSubscriptions)
        .set({
          failures: sql`${pushSubscriptions.failures} + 1`,
          lastError: error.slice(0, 300),
          retiredAt: opts.retire
            ? sql`coalesce(${pushSubscriptions.retiredAt}, ${at})`
            : sql`case when ${pushSubscriptions.failures} + 1 >= ${opts.maxFailures} then coalesce(${pushSubscriptions.retiredAt}, ${at}) else ${pushSubscriptions.retiredAt} end`,
        })
        .where(eq(pushSubscriptions.id, id))
        .returning({ retiredAt: pushSubscriptions.retiredAt });
      return { retired: !!r?.retiredAt };
    },

    async cursor(name: string): Promise<Date | null> {
      const [r] = await db.select().from(notificationCursors).where(eq(notificationCursors.name, name));
      return r?.at ?? null;
    },

    async setCursor(name: string, at: Date): Promise<void> {
      await db.insert(notificationCursors).values({ name, at }).onConflictDoUpdate({ target: notificationCursors.name, set: { at } });
    },

    /** Data export. */
    async all(accountId: string) {
      const notices = await db.select().from(notifications).where(eq(notifications.accountId, accountId)).orderBy(notifications.createdAt);
      const push = await db
        .select({
          id: pushSubscriptions.id,
          endpoint: pushSubscriptions.endpoint,
          userAgent: pushSubscriptions.userAgent,
          createdAt: pushSubscriptions.createdAt,
          retiredAt: pushSubscriptions.retiredAt,
        })
        .from(pushSubscriptions)
        .where(eq(pushSubscriptions.accountId, accountId));
      return { notices, preferences: await this.preferences(accountId), pushSubscriptions: push };
    },

    async eraseAccount(accountId: string): Promise<void> {
      await db.transaction(async (tx) => {
        await tx.delete(notifications).where(eq(notifications.accountId, accountId));
        await tx.delete(notificationPreferences).where(eq(notificationPreferences.accountId, accountId));
        await tx.delete(pushSubscriptions).where(eq(pushSubscriptions.accountId, accountId));
        await tx.delete(notificationWindows).where(eq(notificationWindows.accountId, accountId));
      });
    },
  };
}

export type NotificationsRepository = ReturnType<typeof createNotificationsRepository>;
