import type { Db } from '@marque/db';
import { AppError, type Clock, type Logger } from '@marque/kernel';
import { createDataExportRepository } from './data-export.repository';
import { createDataExportService } from './data-export.service';
import { createPrivacyRepository } from './privacy.repository';
import { createPrivacyService } from './privacy.service';
import { createConsentEvents, type ConsentEvents } from './privacy.events';

export function createPrivacyModule(deps: {
  db: Db;
  clock: Clock;
  events?: ConsentEvents | undefined;
  log?: Logger | undefined;
  /** Queues an export build on the worker; without it exports are refused (processes without jobs). */
  enqueueExport?: ((exportId: string) => Promise<void>) | undefined;
}) {
  const events = deps.events ?? createConsentEvents(deps.log);
  const service = createPrivacyService({ repo: createPrivacyRepository(deps.db), clock: deps.clock, events });
  const exports = createDataExportService({
    repo: createDataExportRepository(deps.db),
    clock: deps.clock,
    enqueue:
      deps.enqueueExport ??
      (async () => {
        throw new AppError('unavailable', 'Data exports are not available in this process.', { code: 'export.unavailable' });
      }),
  });
  exports.register({
    name: 'privacy',
    description: 'Your consents with their full history, and the terms of use you accepted.',
    export: service.exportFor,
  });
  return {
    service,
    /** GDPR art. 15/20 data exports; modules register an exporter each. */
    exports,
    /** Listen for consents given or withdrawn. */
    onConsentChanged: events.on,
    /** For the account-deletion registry: removes this account's consent records and terms acceptances. */
    eraser: {
      name: 'privacy',
      erase: async (accountId: string) => {
        await service.erase(accountId);
        await exports.erase(accountId);
      },
    },
  };
}

export type { Exporter, DataExportService } from './data-export.service';
export type { ExportRow } from './data-export.repository';
export { EXPORT_KEEP_DAYS } from './data-export.service';
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
