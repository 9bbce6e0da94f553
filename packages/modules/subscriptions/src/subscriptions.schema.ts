import { pgTable, text, uuid, timestamp, integer, primaryKey } from 'drizzle-orm/pg-core';

/**
 * An account's choice per package while it holds the car: no row means Standard Services run (they come with the
 * car) and Multimedia waits for its activation in the head unit.
 */
export const serviceSubscriptions = pgTable(
  'service_subscriptions',
  {
    vin: text('vin').notNull(),
    accountId: uuid('account_id').notNull(),
    package: text('package', { enum: ['standard', 'multimedia'] }).notNull(),
    status: text('status', { enum: ['active', 'cancelled'] }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.vin, t.accountId, t.package] })],
);

/** When the car's Multimedia trial began (its first activation in the head unit); the trial belongs to the car. */
export const multimediaActivations = pgTable('multimedia_activations', {
  vin: text('vin').primaryKey(),
  activatedAt: timestamp('activated_at', { withTimezone: true, mode: 'date' }).notNull(),
});

/** Expiry reminders sent, once per subscription, threshold and expiry date. */
export const subscriptionReminders = pgTable(
  'subscription_reminders',
  {
    vin: text('vin').notNull(),
    accountId: uuid('account_id').notNull(),
    package: text('package').notNull(),
    days: integer('days').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.vin, t.accountId, t.package, t.days, t.expiresAt] })],
);
