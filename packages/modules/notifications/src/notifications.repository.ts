import { and, desc, eq, lt } from 'drizzle-orm';
import type { Db } from '@marque/db';
import { notifications } from './notifications.schema';

export type NotificationRow = typeof notifications.$inferSelect;

export function createNotificationsRepository(db: Db) {
  return {
    /** True when stored; false when the same key was stored before. */
    async add(row: NotificationRow): Promise<boolean> {
      const r = await db.insert(notifications).values(row).onConflictDoNothing().returning({ id: notifications.id });
      return r.length > 0;
    },

    async list(accountId: string, before: Date | null, limit: number): Promise<NotificationRow[]> {
      return db
        .select()
        .from(notifications)
        .where(and(eq(notifications.accountId, accountId), before ? lt(notifications.createdAt, before) : undefined))
        .orderBy(desc(notifications.createdAt), desc(notifications.id))
        .limit(limit);
    },

    /** Data export and account deletion. */
    all: (accountId: string) => db.select().from(notifications).where(eq(notifications.accountId, accountId)).orderBy(notifications.createdAt),
    async eraseAccount(accountId: string): Promise<void> {
      await db.delete(notifications).where(eq(notifications.accountId, accountId));
    },
  };
}
