import { sql } from 'drizzle-orm';
import { pgTable, text, jsonb, timestamp, index, primaryKey } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * Every stateful artefact of the authorization server (oidc-provider models: Session, Interaction, Grant,
 * AuthorizationCode, AccessToken, RefreshToken, DeviceCode, Client, …) plus its signing keys, so state
 * survives restarts and is shared across api processes. `payload` is the library's own document.
 */
export const oauthModels = pgTable(
  'oauth_models',
  {
    kind: text('kind').notNull(),
    id: text('id').notNull(),
    payload: jsonb('payload').notNull(),
    grantId: text('grant_id'),
    userCode: text('user_code'),
    uid: text('uid'),
    /** The owner, copied from the payload so owner-scoped reads ("my connected apps") use an index. */
    accountId: text('account_id'),
    expiresAt: ts('expires_at'),
    consumedAt: ts('consumed_at'),
  },
  (t) => [
    primaryKey({ columns: [t.kind, t.id] }),
    index('oauth_models_grant_idx').on(t.grantId).where(sql`${t.grantId} is not null`),
    index('oauth_models_user_code_idx').on(t.userCode).where(sql`${t.userCode} is not null`),
    index('oauth_models_uid_idx').on(t.uid).where(sql`${t.uid} is not null`),
    index('oauth_models_account_idx').on(t.accountId, t.kind).where(sql`${t.accountId} is not null`),
    index('oauth_models_expires_idx').on(t.expiresAt).where(sql`${t.expiresAt} is not null`),
  ],
);
