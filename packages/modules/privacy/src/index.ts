import type { Db } from '@marque/db';
import type { Clock, Logger } from '@marque/kernel';
import { createPrivacyRepository } from './privacy.repository';
import { createPrivacyService } from './privacy.service';
import { createConsentEvents, type ConsentEvents } from './privacy.events';

export function createPrivacyModule(deps: {
  db: Db;
  clock: Clock;
  events?: ConsentEvents | undefined;
  log?: Logger | undefined;
}) {
  const events = deps.events ?? createConsentEvents(deps.log);
  const service = createPrivacyService({ repo: createPrivacyRepository(deps.db), clock: deps.clock, events });
  return {
    service,
    /** Listen for consents given or withdrawn. */
    onConsentChanged: events.on,
    /** For the account-deletion registry: removes this account's consent records and terms acceptances. */
    eraser: { name: 'privacy', erase: service.erase },
  };
}

export type PrivacyModule = ReturnType<typeof createPrivacyModule>;
export type {
  PrivacyService,
  Locale,
  LegalDocumentView,
  TermsStatus,
  ConsentState,
  ConsentHistoryEntry,
} from './privacy.service';
export { DEFAULT_LOCALE } from './privacy.service';
export type { LegalKind, ConsentMethod } from './privacy.repository';
export { createConsentEvents } from './privacy.events';
export type { ConsentEvents, ConsentChanged, ConsentListener } from './privacy.events';
export { PURPOSES, PER_VEHICLE } from './purposes';
export type { Purpose } from './purposes';
export { legalSeed, parseLegalMarkdown } from './legal-seed';
export { legalDocuments, termsAcceptances, consentRecords } from './privacy.schema';
