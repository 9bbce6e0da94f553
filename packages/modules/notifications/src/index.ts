import { randomUUID } from 'node:crypto';
import type { Db } from '@marque/db';
import { AppError, type Clock } from '@marque/kernel';
import { createNotificationsRepository } from './notifications.repository';

export interface Notice {
  kind: string;
  title: string;
  body: string;
  vin?: string | null;
  /** Idempotency key: the same notice (e.g. reminder 30 days before one expiry) is stored once. */
  key: string;
}

export interface NotificationView {
  id: string;
  kind: string;
  title: string;
  body: string;
  vin: string | null;
  createdAt: string;
}

/** The in-app inbox; other modules reach it through the container (they never import it). */
export function createNotificationsModule(deps: { db: Db; clock: Clock }) {
  const repo = createNotificationsRepository(deps.db);
  return {
    /** Stores a notice; false when it was stored already under the same key. */
    add: (accountId: string, n: Notice) =>
      repo.add({ id: randomUUID(), accountId, kind: n.kind, title: n.title, body: n.body, vin: n.vin ?? null, key: n.key, createdAt: deps.clock.now() }),

    exportFor: (accountId: string) => repo.all(accountId),
    eraser: { name: 'notifications', erase: (accountId: string) => repo.eraseAccount(accountId) },

    /** Newest first; `cursor` is the createdAt of the last item of the previous page. */
    async list(accountId: string, cursor: string | undefined, limit = 50): Promise<{ items: NotificationView[]; nextCursor: string | null }> {
      const before = cursor ? new Date(cursor) : null;
      if (before && Number.isNaN(before.getTime())) throw AppError.invalidField('cursor', 'cursor is not valid');
      const rows = await repo.list(accountId, before, limit);
      const items = rows.map((r) => ({ id: r.id, kind: r.kind, title: r.title, body: r.body, vin: r.vin, createdAt: r.createdAt.toISOString() }));
      return { items, nextCursor: rows.length === limit ? items[items.length - 1]!.createdAt : null };
    },
  };
}

export type NotificationsModule = ReturnType<typeof createNotificationsModule>;
export { notifications } from './notifications.schema';
