import { pgTable, text, uuid, integer, timestamp, bigserial, index, uniqueIndex, customType } from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Terms of use and privacy notices, versioned per market and language; a published version never changes. */
export const legalDocuments = pgTable(
  'legal_documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: ['terms', 'privacy'] }).notNull(),
    market: text('market').notNull(),
    language: text('language').notNull(),
    version: integer('version').notNull(),
    title: text('title').notNull(),
    /** Markdown. */
    body: text('body').notNull(),
    publishedAt: ts('published_at').notNull(),
  },
  (t) => [uniqueIndex('legal_documents_kind_market_language_version_uq').on(t.kind, t.market, t.language, t.version)],
);

/** Who accepted which terms version; the account id is not a foreign key because privacy imports no other module. */
export const termsAcceptances = pgTable(
  'terms_acceptances',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    accountId: uuid('account_id').notNull(),
    documentId: uuid('document_id')
      .notNull()
      .references(() => legalDocuments.id),
    market: text('market').notNull(),
    version: integer('version').notNull(),
    acceptedAt: ts('accepted_at').notNull(),
  },
  (t) => [index('terms_acceptances_account_idx').on(t.accountId)],
);

/** Append-only consent receipts in the spirit of ISO/IEC TS 27560: never updated, only added to. */
export const consentRecords = pgTable(
  'consent_records',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    accountId: uuid('account_id').notNull(),
    purpose: text('purpose').notNull(),
    /** Set only for a consent given for one vehicle. */
    vin: text('vin'),
    action: text('action', { enum: ['given', 'withdrawn'] }).notNull(),
    /** The privacy notice version in force when the choice was made. */
    noticeVersion: integer('notice_version'),
    noticeMarket: text('notice_market'),
    noticeLanguage: text('notice_language'),
    method: text('method', { enum: ['web', 'app', 'api'] }).notNull(),
    recordedAt: ts('recorded_at').notNull(),
  },
  (t) => [index('consent_records_account_purpose_idx').on(t.accountId, t.purpose, t.id)],
);

/** GDPR art. 15/20 exports: requested by the owner, built by a worker job, downloadable until they expire. */
export const dataExports = pgTable(
  'data_exports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id').notNull(),
    status: text('status', { enum: ['queued', 'ready', 'failed'] }).notNull(),
    requestedAt: ts('requested_at').notNull(),
    readyAt: ts('ready_at'),
    expiresAt: ts('expires_at'),
    sizeBytes: integer('size_bytes'),
    /** The zip archive; bytea through a custom type so both engines store raw bytes. */
    archive: bytea('archive'),
    error: text('error'),
  },
  (t) => [index('data_exports_account_idx').on(t.accountId, t.requestedAt)],
);
