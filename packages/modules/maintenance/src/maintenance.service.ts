import { AppError } from '@marque/kernel';
import type { Language } from './advice';
import type { MaintenanceDeps } from './ports';
import { serviceDue, type ServiceDue } from './service-due';
import { warningsFor, type Warning } from './warnings';
import { lastService, recordViews, requestView, type ServiceRecordView, type ServiceRequestView } from './views';
import { requireText, requireUpcoming } from './validation';

export interface MaintenanceOverview {
  vin: string;
  language: Language;
  odometerKm: number | null;
  due: ServiceDue;
  warnings: Warning[];
  history: ServiceRecordView[];
  requests: ServiceRequestView[];
}

/** Events that bear on warnings: codes set and cleared, and ignition (the 12 V check needs the engine off). */
const EVENT_TYPES = ['dtc.set', 'dtc.cleared', 'ignition.on', 'ignition.off'];
export const MAX_PREFERRED_DATES = 3;
export const BOOKING_HORIZON_DAYS = 180;

/** The owner's side: service due, warnings with advice, the car's service book, and booking requests. */
export function createMaintenanceService(deps: MaintenanceDeps) {
  async function language(accountId: string): Promise<Language> {
    return (await deps.profile(accountId))?.language === 'de' ? 'de' : 'en';
  }

  /** Due and warnings as the holder may see them: live data only from its own holding (`since`). */
  async function assess(accountId: string, vin: string, since: Date, lang: Language) {
    const vehicle = await deps.vehicle(vin);
    if (!vehicle) throw new AppError('not_found', `No vehicle with VIN ${vin} is known.`, { code: 'vehicle.unknown' });
    const now = deps.clock.now();
    const [status, events, rows] = await Promise.all([
      deps.liveStatus(accountId, vin),
      deps.events(vin, since, now, EVENT_TYPES),
      deps.repo.records(vin),
    ]);
    const history = recordViews(rows);
    const last = lastService(history);
    const odometerKm = status.odometerKm?.value ?? null;
    const due = serviceDue({ now, vehicle, service: status.service, odometerKm, lastService: last });
    const warnings = warningsFor({ status, events, serviceDue: due.isDue, language: lang });
    return { odometerKm, due, warnings, history };
  }

  return {
    async overview(accountId: string, vinInput: string): Promise<MaintenanceOverview> {
      const holding = await deps.access.assertCanView(accountId, vinInput);
      const lang = await language(accountId);
      const a = await assess(accountId, holding.vin, holding.since, lang);
      const requests = (await deps.repo.requestsOf(accountId, holding.vin)).map(requestView);
      return { vin: holding.vin, language: lang, ...a, requests };
    },

    /** Book a service: sent to the retailers with the current mileage and warnings attached. */
    async requestService(
      accountId: string,
      vinInput: string,
      input: { preferredDates?: unknown; note?: unknown },
    ): Promise<ServiceRequestView> {
      const holding = await deps.access.assertCanView(accountId, vinInput);
      const now = deps.clock.now();
      const raw = input.preferredDates;
      if (!Array.isArray(raw) || raw.length < 1 || raw.length > MAX_PREFERRED_DATES) {
        throw AppError.invalidField(
          'preferredDates',
          `preferredDates must list 1 to ${MAX_PREFERRED_DATES} dates`,
          'maintenance.dates',
        );
      }
      const dates = raw.map((d, i) => requireUpcoming(`preferredDates/${i}`, d, now, BOOKING_HORIZON_DAYS));
      if (new Set(dates).size !== dates.length) {
        throw AppError.invalidField('preferredDates', 'preferredDates must not repeat a date', 'maintenance.dates_repeat');
      }
      const note = requireText('note', input.note, 1000, true);
      const mine = await deps.repo.requestsOf(accountId, holding.vin);
      if (mine.some((r) => r.status === 'open')) {
        throw new AppError('conflict', 'You already have an open service request for this car; wait for the retailer’s answer.', {
          code: 'maintenance.request_open',
        });
      }
      const a = await assess(accountId, holding.vin, holding.since, 'en');
      const row = {
        id: deps.newId(),
        vin: holding.vin,
        accountId,
        preferredDates: [...dates].sort(),
        note,
        mileageKm: a.odometerKm === null ? null : Math.round(a.odometerKm),
        warnings: a.warnings.map((w) => ({ code: w.code, title: w.title, severity: w.severity })),
        status: 'open' as const,
        retailerId: null,
        retailerName: null,
        confirmedDate: null,
        message: null,
        createdAt: now,
        decidedAt: null,
      };
      await deps.repo.addRequest(row);
      return requestView(row);
    },

    /** Handover or removal: the account's open requests for the car are withdrawn (retailers stop seeing them). */
    withdrawOpen: (accountId: string, vin: string) => deps.repo.withdrawOpen(accountId, vin, deps.clock.now()),
  };
}

export type MaintenanceService = ReturnType<typeof createMaintenanceService>;
