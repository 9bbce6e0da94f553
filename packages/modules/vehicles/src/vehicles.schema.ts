import { pgTable, text, integer, boolean, date, timestamp, index, uuid, bigserial } from 'drizzle-orm/pg-core';

/** The factory's vehicle registry: what each VIN is and what it can do; no personal data. */
export const vehicleRegistry = pgTable(
  'vehicle_registry',
  {
    vin: text('vin').primaryKey(),
    brand: text('brand').notNull(),
    model: text('model').notNull(),
    modelYear: integer('model_year').notNull(),
    powertrain: text('powertrain', { enum: ['HEV', 'PHEV', 'BEV', 'ICE'] }).notNull(),
    headUnit: text('head_unit', { enum: ['none', 'mm16', 'mm19', 'mm21'] }).notNull(),
    smartConnect: boolean('smart_connect').notNull(),
    market: text('market').notNull(),
    deliveryDate: date('delivery_date', { mode: 'string' }),
    /** SHA-256 of the device secret: secrets are long random strings, so a fast hash is enough. */
    deviceSecretHash: text('device_secret_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('vehicle_registry_market_idx').on(t.market)],
);

/**
 * Who holds each car's connected services over time; the garage/activation issue fills it. No foreign key
 * to accounts so vehicle data attribution survives account deletion (the privacy issue scrubs it).
 */
export const vehicleHolders = pgTable(
  'vehicle_holders',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    vin: text('vin').notNull(),
    accountId: uuid('account_id').notNull(),
    since: timestamp('since', { withTimezone: true, mode: 'date' }).notNull(),
    until: timestamp('until', { withTimezone: true, mode: 'date' }),
  },
  (t) => [index('vehicle_holders_vin_since_idx').on(t.vin, t.since), index('vehicle_holders_account_idx').on(t.accountId)],
);
