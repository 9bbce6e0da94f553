import { sql } from 'drizzle-orm';
import { pgTable, text, uuid, timestamp, bigserial, index, uniqueIndex } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Owner, retailer, agent and admin accounts; a deleted account keeps only its id and deletion time. */
export const accounts = pgTable(
  'accounts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Stored lower-cased; null once the account is deleted. */
    email: text('email'),
    name: text('name'),
    market: text('market'),
    language: text('language', { enum: ['en', 'de'] }),
    passwordHash: text('password_hash'),
    status: text('status', { enum: ['pending', 'active', 'deleted'] }).notNull(),
    roles: text('roles')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    createdAt: ts('created_at').notNull(),
    activatedAt: ts('activated_at'),
    deletedAt: ts('deleted_at'),
  },
  (t) => [uniqueIndex('accounts_email_lower_uq').on(sql`lower(${t.email})`)],
);

/** Single-use links sent by e-mail; only the SHA-256 of the token is stored. */
export const accountTokens = pgTable(
  'account_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    purpose: text('purpose', { enum: ['activation', 'password_reset'] }).notNull(),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
  },
  (t) => [index('account_tokens_account_idx').on(t.accountId)],
);

/** First-party web sessions; the cookie holds a random id whose SHA-256 is `token_hash`. */
export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tokenHash: text('token_hash').notNull(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    createdAt: ts('created_at').notNull(),
    lastSeenAt: ts('last_seen_at').notNull(),
    userAgent: text('user_agent'),
    ip: text('ip'),
    revokedAt: ts('revoked_at'),
  },
  (t) => [uniqueIndex('sessions_token_hash_uq').on(t.tokenHash), index('sessions_account_idx').on(t.accountId)],
);

/** Counted events for throttling (failed sign-ins, resends) shared by every api process. */
export const authAttempts = pgTable(
  'auth_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    scope: text('scope').notNull(),
    subject: text('subject').notNull(),
    at: ts('at').notNull(),
  },
  (t) => [index('auth_attempts_scope_subject_at_idx').on(t.scope, t.subject, t.at)],
);
