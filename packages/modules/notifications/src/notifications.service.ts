import { randomUUID } from 'node:crypto';
import { AppError, type Clock, type Logger } from '@marque/kernel';
import type { NotificationRow, NotificationsRepository, StoreOutcome } from './notifications.repository';
import { CHANNELS, KINDS, RATE_WINDOW_MS, deepLink, defaultChoice, isChannel, isKind, type Channel, type Kind } from './notification-kinds';
import { renderNotice, type Language, type Params } from './notice-texts';

/** A notice to send: texts come from the kind's template in the account's language. */
export interface Notice {
  kind: Kind;
  vin?: string | null;
  /** Idempotency key: the same notice (a retried job, an event read twice) is stored once per account. */
  key: string;
  params?: Params;
}

export interface NotificationView {
  id: string;
  kind: string;
  title: string;
  body: string;
  vin: string | null;
  link: string;
  read: boolean;
  createdAt: string;
}

export interface NotificationCreated {
  type: 'notification.created';
  accountId: string;
  notification: NotificationView;
}

export interface Recipient {
  email: string;
  name: string;
  language: Language;
}

/** Ports the server's wiring fills in: the module imports no other module and no queue library. */
export interface NotificationPorts {
  /** The account's address and language; null when it is gone. */
  recipient(accountId: string): Promise<Recipient | null>;
  /** Live push to the account's open apps (server-sent events). */
  publish(e: NotificationCreated): void;
  /** Queues a delivery (runs on the worker, retried with back-off); the key makes a repeat a no-op. */
  queue(job: 'email' | 'push', payload: DeliveryPayload, key: string): Promise<void>;
}

export type DeliveryPayload = { notificationId: string; subscriptionId?: string };

export type Choices = Record<Kind, Record<Channel, boolean>>;

export const toView = (r: NotificationRow): NotificationView => ({
  id: r.id,
  kind: r.kind,
  title: r.title,
  body: r.body,
  vin: r.vin,
  link: r.link,
  read: r.readAt !== null,
  createdAt: r.createdAt.toISOString(),
});

const CURSOR = /^(\d{4}-\d\d-\d\dT[\d:.]+Z)(?:~([0-9a-f-]{36}))?$/;

export function createNotificationsService(deps: { repo: NotificationsRepository; clock: Clock; log: Logger; ports: NotificationPorts }) {
  const { repo, clock } = deps;

  async function choices(accountId: string): Promise<Choices> {
    const stored = await repo.preferences(accountId);
    const out = {} as Choices;
    for (const k of KINDS) {
      out[k] = {} as Record<Channel, boolean>;
      for (const c of CHANNELS) out[k][c] = stored[k]?.[c] ?? defaultChoice(k, c);
    }
    return out;
  }

  return {
    choices,

    /** Stores the notice (deduplicated, rate-limited) and queues it on the channels the account chose. */
    async notify(accountId: string, n: Notice): Promise<StoreOutcome | 'no recipient'> {
      const who = await deps.ports.recipient(accountId);
      if (!who) return 'no recipient';
      const chosen = (await choices(accountId))[n.kind];
      const vin = n.vin ?? null;
      const text = renderNotice(n.kind, { vin, ...n.params }, who.language);
      const row: NotificationRow = {
        id: randomUUID(),
        accountId,
        kind: n.kind,
        title: text.title,
        body: text.body,
        vin,
        key: n.key,
        createdAt: clock.now(),
        link: deepLink(n.kind, vin),
        readAt: null,
        inApp: chosen.in_app,
      };
      const outcome = await repo.store(row, RATE_WINDOW_MS[n.kind]);
      if (outcome !== 'stored') return outcome;
      if (chosen.in_app) deps.ports.publish({ type: 'notification.created', accountId, notification: toView(row) });
      if (chosen.email) await deps.ports.queue('email', { notificationId: row.id }, `email:${row.id}`);
      if (chosen.push) {
        for (const s of await repo.activePush(accountId)) {
          await deps.ports.queue('push', { notificationId: row.id, subscriptionId: s.id }, `push:${row.id}:${s.id}`);
        }
      }
      return 'stored';
    },

    /** Newest first; `cursor` is the nextCursor of the previous page. */
    async list(accountId: string, opts: { cursor?: string; unread?: boolean; limit?: number } = {}) {
      const limit = opts.limit ?? 50;
      let before: { at: Date; id: string } | null = null;
      if (opts.cursor) {
        const m = CURSOR.exec(opts.cursor);
        const at = m ? new Date(m[1]!) : null;
        if (!m || !at || Number.isNaN(at.getTime())) throw AppError.invalidField('cursor', 'cursor is not valid');
        before = { at, id: m[2] ?? 'ffffffff-ffff-ffff-ffff-ffffffffffff' };
      }
      const rows = await repo.list(accountId, before, limit, !!opts.unread);
      const items = rows.map(toView);
      const last = rows[rows.length - 1];
      return {
        items,
        unread: await repo.unreadCount(accountId),
        nextCursor: rows.length === limit && last ? `${last.createdAt.toISOString()}~${last.id}` : null,
      };
    },

    async markRead(accountId: string, id: string): Promise<void> {
      if (!(await repo.markRead(accountId, id, clock.now()))) {
        throw new AppError('not_found', 'No such notification in your inbox.', { code: 'notification.unknown' });
      }
    },

    markAllRead: (accountId: string) => repo.markAllRead(accountId, clock.now()),

    /** Validates every kind and channel name before saving anything. */
    async setChoices(accountId: string, input: Record<string, Record<string, unknown>>): Promise<Choices> {
      const stored = await repo.preferences(accountId);
      for (const [kind, channels] of Object.entries(input)) {
        if (!isKind(kind)) throw AppError.invalidField(`preferences.${kind}`, `unknown notification type "${kind}"`, 'notification.kind');
        if (!channels || typeof channels !== 'object' || Array.isArray(channels)) {
          throw AppError.invalidField(`preferences.${kind}`, 'must be an object of channel: true|false');
        }
        for (const [channel, on] of Object.entries(channels)) {
          if (!isChannel(channel)) {
            throw AppError.invalidField(`preferences.${kind}.${channel}`, `unknown channel "${channel}"`, 'notification.channel');
          }
          if (typeof on !== 'boolean') throw AppError.invalidField(`preferences.${kind}.${channel}`, 'must be true or false');
        }
      }
      const next = structuredClone(stored);
      for (const [kind, channels] of Object.entries(input)) {
        next[kind] = { ...next[kind], ...(channels as Record<string, boolean>) };
      }
      await repo.savePreferences(accountId, next, clock.now());
      return choices(accountId);
    },
  };
}

export type NotificationsService = ReturnType<typeof createNotificationsService>;
