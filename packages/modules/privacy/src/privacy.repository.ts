import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import { preparedQuery, type Db } from '@marque/db';
import { consentRecords, legalDocuments, termsAcceptances } from './privacy.schema';

export type LegalKind = 'terms' | 'privacy';
export type ConsentMethod = 'web' | 'app' | 'api';

export interface LegalDocument {
  id: string;
  kind: LegalKind;
  market: string;
  language: string;
  version: number;
  title: string;
  body: string;
  publishedAt: Date;
}

export interface ConsentRecord {
  id: number;
  purpose: string;
  vin: string | null;
  action: 'given' | 'withdrawn';
  noticeVersion: number | null;
  method: ConsentMethod;
  recordedAt: Date;
}

const consentColumns = {
  id: consentRecords.id,
  purpose: consentRecords.purpose,
  vin: consentRecords.vin,
  action: consentRecords.action,
  noticeVersion: consentRecords.noticeVersion,
  method: consentRecords.method,
  recordedAt: consentRecords.recordedAt,
};

/**
 * The terms in force for the first of the locales in $1 (a JSON array of {rank, market, language}) that has any, and
 * account $2's latest acceptance of that version or a later one. Prepared: every vehicle request runs it.
 */
const TERMS_IN_FORCE = `
  with cur as (
    select d.market, d.version
    from legal_documents d
    join jsonb_to_recordset($1::jsonb) as t(rank int, market text, language text)
      on d.market = t.market and d.language = t.language
    where d.kind = 'terms'
    order by t.rank, d.version desc
    limit 1
  )
  select cur.version,
    (select a.accepted_at from terms_acceptances a
      where a.account_id = $2::uuid and a.market = cur.market and a.version >= cur.version
      order by a.version desc limit 1) as accepted_at
  from cur`;

export function createPrivacyRepository(db: Db) {
  return {
    /** The newest version for exactly this market and language. */
    async latestDocument(kind: LegalKind, market: string, language: string): Promise<LegalDocument | null> {
      const rows = await db
        .select()
        .from(legalDocuments)
        .where(and(eq(legalDocuments.kind, kind), eq(legalDocuments.market, market), eq(legalDocuments.language, language)))
        .orderBy(desc(legalDocuments.version))
        .limit(1);
      return rows[0] ?? null;
    },

    async countDocuments(): Promise<number> {
      return db.$count(legalDocuments);
    },

    /** Null when this kind, market, language and version is already published. */
    async insertDocument(d: Omit<LegalDocument, 'id'>): Promise<LegalDocument | null> {
      const rows = await db.insert(legalDocuments).values(d).onConflictDoNothing().returning();
      return rows[0] ?? null;
    },

    async insertAcceptance(a: { accountId: string; documentId: string; market: string; version: number; acceptedAt: Date }) {
      await db.insert(termsAcceptances).values(a);
    },

    async findAcceptance(accountId: string, documentId: string): Promise<{ acceptedAt: Date } | null> {
      const rows = await db
        .select({ acceptedAt: termsAcceptances.acceptedAt })
        .from(termsAcceptances)
        .where(and(eq(termsAcceptances.accountId, accountId), eq(termsAcceptances.documentId, documentId)))
        .orderBy(desc(termsAcceptances.acceptedAt))
        .limit(1);
      return rows[0] ?? null;
    },

    /** Terms acceptances of the account for a market, to tell whether some language of a version was accepted. */
    /**
     * The terms in force for the first locale in `tries` that has any, and the account's latest acceptance of that
     * version or a later one — one statement, as it runs on every vehicle request.
     */
    async termsInForce(
      accountId: string,
      tries: Array<{ market: string; language: string }>,
    ): Promise<{ version: number; acceptedAt: Date | null } | null> {
      const [row] = await preparedQuery<{ version: number; accepted_at: string | Date | null }>(
        db,
        'privacy_terms_in_force',
        TERMS_IN_FORCE,
        [JSON.stringify(tries.map((t, rank) => ({ rank, market: t.market, language: t.language }))), accountId],
      );
      if (!row) return null;
      return { version: Number(row.version), acceptedAt: row.accepted_at === null ? null : new Date(row.accepted_at) };
    },

    async appendConsent(
      r: Omit<ConsentRecord, 'id'> & { accountId: string; noticeMarket: string | null; noticeLanguage: string | null },
    ) {
      const rows = await db.insert(consentRecords).values(r).returning(consentColumns);
      return rows[0]!;
    },

    /** The account's whole consent history, oldest first; scoped by account id. */
    async consentHistory(accountId: string): Promise<ConsentRecord[]> {
      return db
        .select(consentColumns)
        .from(consentRecords)
        .where(eq(consentRecords.accountId, accountId))
        .orderBy(asc(consentRecords.id));
    },

    /** The latest record for one purpose, for one VIN (or account-wide when vin is null). */
    async latestConsent(accountId: string, purpose: string, vin: string | null): Promise<ConsentRecord | null> {
      const rows = await db
        .select(consentColumns)
        .from(consentRecords)
        .where(
          and(
            eq(consentRecords.accountId, accountId),
            eq(consentRecords.purpose, purpose),
            vin === null ? isNull(consentRecords.vin) : eq(consentRecords.vin, vin),
          ),
        )
        .orderBy(desc(consentRecords.id))
        .limit(1);
      return rows[0] ?? null;
    },

    async allAcceptances(accountId: string) {
      return db
        .select({ market: termsAcceptances.market, version: termsAcceptances.version, acceptedAt: termsAcceptances.acceptedAt })
        .from(termsAcceptances)
        .where(eq(termsAcceptances.accountId, accountId))
        .orderBy(termsAcceptances.acceptedAt);
    },

    async eraseAccount(accountId: string): Promise<void> {
      await db.transaction(async (tx) => {
        await tx.delete(consentRecords).where(eq(consentRecords.accountId, accountId));
        await tx.delete(termsAcceptances).where(eq(termsAcceptances.accountId, accountId));
      });
    },
  };
}

export type PrivacyRepository = ReturnType<typeof createPrivacyRepository>;
