import { pgTable, text, uuid, timestamp, index, uniqueIndex, boolean, jsonb, integer, primaryKey } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** The account's inbox; `key` makes a notice sent twice (a retried job) land once. */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey(),
    accountId: uuid('account_id').notNull(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    vin: text('vin'),
    key: text('key').notNull(),
    createdAt: ts('created_at').notNull(),
    /** App path the notice opens (deep link), e.g. /app/cars/{vin}/maintenance. */
    link: text('link').notNull().default('/app/inbox'),
    readAt: ts('read_at'),
    /** False when the account turned the in-app channel off for this kind: kept for dedupe, not listed. */
    inApp: boolean('in_app').notNull().default(true),
  },
  (t) => [uniqueIndex('notifications_account_key_uq').on(t.accountId, t.key), index('notifications_account_at_idx').on(t.accountId, t.createdAt)],
);

/** Per account: only the choices that differ from the defaults, as {kind: {channel: boolean}}. */
export const notificationPreferences = pgTable('notification_preferences', {
  accountId: uuid('account_id').primaryKey(),
  choices: jsonb('choices').$type<Record<string, Record<string, boolean>>>().notNull(),
  updatedAt: ts('updated_at').notNull(),
});

/** Web Push subscriptions of an account's installed apps; a failing endpoint is retired, never retried forever. */
export const pushSubscriptions = pgTable(
  'push_subscriptions',
  {
    id: uuid('id').primaryKey(),
    accountId: uuid('account_id').notNull(),
    endpoint: text('endpoint').notNull(),
    p256dh: text('p256dh').notNull(),
    auth: text('auth').notNull(),
    userAgent: text('user_agent'),
    createdAt: ts('created_at').notNull(),
    /** Failed deliveries in a row; reset by a success. */
    failures: integer('failures').notNull().default(0),
    lastError: text('last_error'),
    retiredAt: ts('retired_at'),
  },
  (t) => [uniqueIndex('push_subscriptions_endpoint_uq').on(t.endpoint), index('push_subscriptions_account_idx').on(t.accountId)],
);

/** Rate limit: the last notice per (account, vehicle, kind); a new one passes only after the kind's window. */
export const notificationWindows = pgTable(
  'notification_windows',
  {
    accountId: uuid('account_id').notNull(),
    vin: text('vin').notNull(),
    kind: text('kind').notNull(),
    lastAt: ts('last_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.vin, t.kind] })],
);

/** Durable cursors of the worker's scans over received vehicle data (one row per scan). */
export const notificationCursors = pgTable('notification_cursors', {
  name: text('name').primaryKey(),
  at: ts('at').notNull(),
});
