import { pgTable, text, uuid, boolean, timestamp, date, bigserial, index, uniqueIndex, primaryKey } from 'drizzle-orm/pg-core';

/** The cars an account added to its garage; holding the car's services is separate (vehicle_holders). */
export const garageEntries = pgTable(
  'garage_entries',
  {
    accountId: uuid('account_id').notNull(),
    vin: text('vin').notNull(),
    nickname: text('nickname'),
    isCurrent: boolean('is_current').notNull().default(false),
    addedAt: timestamp('added_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.vin] }), index('garage_entries_vin_idx').on(t.vin)],
);

/** Every proof-of-access attempt; failed ones within 24 h count towards the lock-out. */
export const activationAttempts = pgTable(
  'activation_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    vin: text('vin').notNull(),
    accountId: uuid('account_id').notNull(),
    method: text('method', { enum: ['odometer', 'code'] }).notNull(),
    ok: boolean('ok').notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('activation_attempts_vin_account_at_idx').on(t.vin, t.accountId, t.at)],
);

/** Single-use head-unit codes; only a SHA-256 of the code is kept. */
export const activationCodes = pgTable(
  'activation_codes',
  {
    codeHash: text('code_hash').primaryKey(),
    vin: text('vin').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true, mode: 'date' }),
    usedBy: uuid('used_by'),
  },
  (t) => [index('activation_codes_vin_idx').on(t.vin)],
);

/** Changes of ownership recorded by retailers; the latest by effective date names the registered owner. */
export const ownershipRecords = pgTable(
  'ownership_records',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    vin: text('vin').notNull(),
    ownerEmail: text('owner_email').notNull(),
    effectiveDate: date('effective_date', { mode: 'string' }).notNull(),
    recordedBy: uuid('recorded_by').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('ownership_records_vin_idx').on(t.vin, t.effectiveDate)],
);

/**
 * Head-unit user profiles: an account signed in on a car's screen. `grantId` is the head unit's OAuth grant, revoked
 * when the profile is removed or when the car changes hands (then the entry stays, display-only, until removed).
 */
export const headUnitProfiles = pgTable(
  'headunit_profiles',
  {
    id: uuid('id').primaryKey(),
    vin: text('vin').notNull(),
    accountId: uuid('account_id').notNull(),
    displayName: text('display_name').notNull(),
    grantId: text('grant_id'),
    signedInAt: timestamp('signed_in_at', { withTimezone: true, mode: 'date' }).notNull(),
    signedOutAt: timestamp('signed_out_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [uniqueIndex('headunit_profiles_vin_account_idx').on(t.vin, t.accountId), index('headunit_profiles_account_idx').on(t.accountId)],
);

/** A registered owner's announced sale: pending until a retailer completes it with the buyer's e-mail, or withdrawn. */
export const vehicleSales = pgTable(
  'vehicle_sales',
  {
    id: uuid('id').primaryKey(),
    vin: text('vin').notNull(),
    sellerAccountId: uuid('seller_account_id').notNull(),
    sellerEmail: text('seller_email').notNull(),
    status: text('status', { enum: ['pending', 'completed', 'withdrawn'] }).notNull(),
    announcedAt: timestamp('announced_at', { withTimezone: true, mode: 'date' }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true, mode: 'date' }),
    buyerEmail: text('buyer_email'),
    completedBy: uuid('completed_by'),
  },
  (t) => [index('vehicle_sales_vin_idx').on(t.vin), index('vehicle_sales_status_idx').on(t.status)],
);
