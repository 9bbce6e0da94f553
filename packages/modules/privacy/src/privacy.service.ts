import { AppError, type Clock } from '@marque/kernel';
import { checkVin } from '@marque/contracts';
import type { ConsentMethod, ConsentRecord, LegalDocument, LegalKind, PrivacyRepository } from './privacy.repository';
import type { ConsentEvents } from './privacy.events';
import { PER_VEHICLE, PURPOSES, purposeTexts, type Purpose } from './purposes';

export interface PrivacyDeps {
  repo: PrivacyRepository;
  clock: Clock;
  events: ConsentEvents;
}

/** Which documents apply: the account's market and language, or the visitor's choice. */
export interface Locale {
  market: string;
  language: string;
}

export interface LegalDocumentView {
  kind: LegalKind;
  market: string;
  language: string;
  version: number;
  title: string;
  body: string;
  publishedAt: string;
}

export interface TermsStatus {
  currentVersion: number | null;
  accepted: boolean;
  acceptedAt: string | null;
}

export interface ConsentState {
  purpose: Purpose;
  title: string;
  description: string;
  perVehicle: boolean;
  granted: boolean;
  since: string | null;
  vehicles: Array<{ vin: string; granted: boolean; since: string }>;
}

export interface ConsentHistoryEntry {
  purpose: string;
  vin: string | null;
  action: 'given' | 'withdrawn';
  noticeVersion: number | null;
  method: ConsentMethod;
  recordedAt: string;
}

export const DEFAULT_LOCALE: Locale = { market: 'GB', language: 'en' };

const view = (d: LegalDocument): LegalDocumentView => ({
  kind: d.kind,
  market: d.market,
  language: d.language,
  version: d.version,
  title: d.title,
  body: d.body,
  publishedAt: d.publishedAt.toISOString(),
});

const historyEntry = (r: ConsentRecord): ConsentHistoryEntry => ({
  purpose: r.purpose,
  vin: r.vin,
  action: r.action,
  noticeVersion: r.noticeVersion,
  method: r.method,
  recordedAt: r.recordedAt.toISOString(),
});

function requirePurpose(p: string): Purpose {
  if (!(PURPOSES as readonly string[]).includes(p)) {
    throw AppError.invalidField('purpose', `Unknown purpose "${p}" (purposes: ${PURPOSES.join(', ')}).`, 'consent.purpose');
  }
  return p as Purpose;
}

/** Where a document for `l` is looked for, in order: its market and language, the market in English, GB. */
function localeTries(l: Locale): Locale[] {
  return [l, { market: l.market, language: 'en' }, { market: 'GB', language: l.language }, DEFAULT_LOCALE];
}

export function createPrivacyService({ repo, clock, events }: PrivacyDeps) {
  /** Exact market and language first, then the market in English, then GB in the language, then GB in English. */
  async function findCurrent(kind: LegalKind, l: Locale): Promise<LegalDocument | null> {
    for (const t of localeTries(l)) {
      const d = await repo.latestDocument(kind, t.market, t.language);
      if (d) return d;
    }
    return null;
  }

  async function requireCurrent(kind: LegalKind, l: Locale): Promise<LegalDocument> {
    const d = await findCurrent(kind, l);
    if (!d)
      throw new AppError('not_found', `No ${kind === 'terms' ? 'terms of use are' : 'privacy notice is'} published yet.`, {
        code: 'legal.none',
      });
    return d;
  }

  return {
    async currentDocument(kind: LegalKind, l: Locale): Promise<LegalDocumentView> {
      return view(await requireCurrent(kind, l));
    },

    /** Versions only go up: an existing or lower version is refused, so a published text never changes. */
    async publish(d: {
      kind: LegalKind;
      market: string;
      language: string;
      version: number;
      title: string;
      body: string;
    }): Promise<LegalDocumentView> {
      const market = d.market.toUpperCase();
      if (!/^[A-Z]{2}$/.test(market))
        throw AppError.invalidField('market', 'The market must be an ISO 3166-1 alpha-2 code such as GB.', 'market.format');
      if (!['en', 'de'].includes(d.language))
        throw AppError.invalidField('language', 'The language must be en or de.', 'language.unknown');
      if (!Number.isInteger(d.version) || d.version < 1)
        throw AppError.invalidField('version', 'The version must be a whole number from 1.', 'version.format');
      if (!d.title.trim() || !d.body.trim())
        throw AppError.invalidField(d.title.trim() ? 'body' : 'title', 'The document needs a title and a body.', 'legal.empty');
      const latest = await repo.latestDocument(d.kind, market, d.language);
      if (latest && latest.version >= d.version) {
        throw new AppError(
          'conflict',
          `Version ${latest.version} of this document is already published for ${market}/${d.language}; publish version ${latest.version + 1} or above.`,
          { code: 'legal.version_exists' },
        );
      }
      const inserted = await repo.insertDocument({ ...d, market, title: d.title.trim(), publishedAt: clock.now() });
      if (!inserted)
        throw new AppError('conflict', 'This version was published at the same moment by someone else.', {
          code: 'legal.version_exists',
        });
      return view(inserted);
    },

    hasDocuments: async () => (await repo.countDocuments()) > 0,

    /** A new terms version asks again: only an acceptance of the current version (in any language of the market) counts. */
    async termsStatus(accountId: string, l: Locale): Promise<TermsStatus> {
      const d = await repo.termsInForce(accountId, localeTries(l));
      if (!d) return { currentVersion: null, accepted: true, acceptedAt: null };
      return { currentVersion: d.version, accepted: d.acceptedAt !== null, acceptedAt: d.acceptedAt?.toISOString() ?? null };
    },

    async acceptTerms(accountId: string, l: Locale, version: number): Promise<TermsStatus> {
      const d = await requireCurrent('terms', l);
      if (version !== d.version) {
        throw new AppError(
          'conflict',
          `Version ${version} is not the current terms of use; read and accept version ${d.version}.`,
          {
            code: 'terms.not_current',
            currentVersion: d.version,
          },
        );
      }
      await repo.insertAcceptance({ accountId, documentId: d.id, market: d.market, version: d.version, acceptedAt: clock.now() });
      return this.termsStatus(accountId, l);
    },

    async consents(accountId: string, l: Locale): Promise<{ purposes: ConsentState[]; history: ConsentHistoryEntry[] }> {
      const history = await repo.consentHistory(accountId);
      const texts = purposeTexts[l.language === 'de' ? 'de' : 'en'];
      const purposes = PURPOSES.map((purpose): ConsentState => {
        const mine = history.filter((r) => r.purpose === purpose);
        const latest = new Map<string | null, ConsentRecord>();
        for (const r of mine) latest.set(r.vin, r);
        const wide = latest.get(null);
        const vehicles = [...latest.entries()]
          .filter((e): e is [string, ConsentRecord] => e[0] !== null)
          .map(([vin, r]) => ({ vin, granted: r.action === 'given', since: r.recordedAt.toISOString() }));
        return {
          purpose,
          ...texts[purpose],
          perVehicle: PER_VEHICLE.has(purpose),
          granted: wide?.action === 'given',
          since: wide?.recordedAt.toISOString() ?? null,
          vehicles,
        };
      });
      return { purposes, history: history.map(historyEntry).reverse() };
    },

    /** Appends a record only when the choice changes, naming the privacy notice in force; then tells the listeners. */
    async setConsent(
      accountId: string,
      l: Locale,
      input: { purpose: string; granted: boolean; vin?: string | undefined; method: ConsentMethod },
    ): Promise<ConsentHistoryEntry> {
      const purpose = requirePurpose(input.purpose);
      let vin: string | null = null;
      if (input.vin !== undefined) {
        if (!PER_VEHICLE.has(purpose))
          throw AppError.invalidField(
            'vin',
            `${purpose} is given for the whole account, not per vehicle.`,
            'consent.vin_not_allowed',
          );
        const c = checkVin(input.vin);
        if (!c.ok) throw AppError.invalidField('vin', c.message, c.rule);
        vin = c.vin;
      }
      const action = input.granted ? 'given' : 'withdrawn';
      const last = await repo.latestConsent(accountId, purpose, vin);
      if (last && last.action === action) return historyEntry(last);
      const notice = await findCurrent('privacy', l);
      const at = clock.now();
      const r = await repo.appendConsent({
        accountId,
        purpose,
        vin,
        action,
        noticeVersion: notice?.version ?? null,
        noticeMarket: notice?.market ?? null,
        noticeLanguage: notice?.language ?? null,
        method: input.method,
        recordedAt: at,
      });
      await events.emit({ accountId, purpose, vin, granted: input.granted, at });
      return historyEntry(r);
    },

    /** For processing modules: is this purpose granted now? A per-vehicle choice wins over the account-wide one. */
    async isGranted(accountId: string, purposeInput: string, vin?: string): Promise<boolean> {
      const purpose = requirePurpose(purposeInput);
      const own = vin && PER_VEHICLE.has(purpose) ? await repo.latestConsent(accountId, purpose, vin.toUpperCase()) : null;
      const r = own ?? (await repo.latestConsent(accountId, purpose, null));
      return r?.action === 'given';
    },

    /** For the data export: every consent record and every terms acceptance of the account. */
    async exportFor(accountId: string) {
      return { consentRecords: await repo.consentHistory(accountId), termsAccepted: await repo.allAcceptances(accountId) };
    },

    erase: (accountId: string) => repo.eraseAccount(accountId),
  };
}

export type PrivacyService = ReturnType<typeof createPrivacyService>;
