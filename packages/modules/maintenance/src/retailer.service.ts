import { AppError } from '@marque/kernel';
import { requireValidVin } from '@marque/vehicles';
import type { MaintenanceDeps } from './ports';
import type { RequestStatus } from './maintenance.repository';
import { recordViews, requestView, type ServiceRecordView, type ServiceRequestView } from './views';
import { requireDate, requireOdometer, requireText, requireUpcoming, today } from './validation';

export interface RetailerRequestView extends ServiceRequestView {
  car: { brand: string; model: string; modelYear: number; powertrain: string } | null;
  /** Who to contact about the booking; null when the account no longer exists. */
  customer: { name: string; email: string } | null;
}

export type RequestFilter = 'open' | 'decided' | 'all';
const STATUSES: Record<RequestFilter, RequestStatus[]> = {
  open: ['open'],
  decided: ['confirmed', 'declined'],
  all: ['open', 'confirmed', 'declined'],
};
export const CONFIRM_HORIZON_DAYS = 365;

/** The retailer console's side: open booking requests, confirm or decline them, write the car's service book. */
export function createRetailerService(deps: MaintenanceDeps) {
  async function retailerName(retailerId: string): Promise<string> {
    return (await deps.profile(retailerId))?.name ?? 'Retailer';
  }

  async function openRequest(id: string) {
    if (!/^[0-9a-f-]{36}$/i.test(id))
      throw AppError.invalidField('id', 'id must be a request id (UUID)', 'maintenance.request_id');
    const r = await deps.repo.findRequest(id);
    if (!r || r.status === 'withdrawn')
      throw new AppError('not_found', 'No such service request.', { code: 'maintenance.request_unknown' });
    if (r.status !== 'open') {
      throw new AppError('conflict', `This request was already ${r.status} by ${r.retailerName ?? 'a retailer'}.`, {
        code: 'maintenance.request_decided',
      });
    }
    return r;
  }

  async function decide(id: string, patch: Parameters<MaintenanceDeps['repo']['decide']>[1]): Promise<ServiceRequestView> {
    const done = await deps.repo.decide(id, patch);
    if (!done)
      throw new AppError('conflict', 'This request was decided by someone else a moment ago.', {
        code: 'maintenance.request_decided',
      });
    return requestView(done);
  }

  /** The record a correction may name: same car, same retailer, not already corrected. */
  async function correctable(retailerId: string, vin: string, corrects: unknown): Promise<string | null> {
    if (corrects === undefined || corrects === null) return null;
    if (typeof corrects !== 'string' || !/^[0-9a-f-]{36}$/i.test(corrects)) {
      throw AppError.invalidField('corrects', 'corrects must be the id of an earlier service record', 'maintenance.corrects');
    }
    const old = await deps.repo.findRecord(corrects);
    if (!old || old.vin !== vin) {
      throw AppError.invalidField('corrects', 'corrects names no service record of this car', 'maintenance.corrects_unknown');
    }
    if (old.retailerId !== retailerId) {
      throw new AppError('forbidden', 'Only the retailer who wrote a service record may correct it.', {
        code: 'maintenance.not_your_record',
      });
    }
    if (recordViews(await deps.repo.records(vin)).find((r) => r.id === old.id)?.correctedBy) {
      throw new AppError('conflict', 'This record was already corrected; correct the latest version.', {
        code: 'maintenance.already_corrected',
      });
    }
    return old.id;
  }

  return {
    async requests(retailerId: string, filter: RequestFilter = 'open', limit = 100): Promise<RetailerRequestView[]> {
      const rows = await deps.repo.forRetailer(retailerId, STATUSES[filter] ?? STATUSES.open, limit);
      const out: RetailerRequestView[] = [];
      for (const r of rows) {
        const [v, p] = await Promise.all([deps.vehicle(r.vin), deps.profile(r.accountId)]);
        out.push({
          ...requestView(r),
          car: v ? { brand: v.brand, model: v.model, modelYear: v.modelYear, powertrain: v.powertrain } : null,
          customer: p ? { name: p.name, email: p.email } : null,
        });
      }
      return out;
    },

    async confirm(retailerId: string, id: string, input: { date?: unknown; message?: unknown }): Promise<ServiceRequestView> {
      const date = requireUpcoming('date', input.date, deps.clock.now(), CONFIRM_HORIZON_DAYS);
      const message = requireText('message', input.message, 1000, true);
      await openRequest(id);
      return decide(id, {
        status: 'confirmed',
        retailerId,
        retailerName: await retailerName(retailerId),
        confirmedDate: date,
        message,
        decidedAt: deps.clock.now(),
      });
    },

    async decline(retailerId: string, id: string, input: { message?: unknown }): Promise<ServiceRequestView> {
      const message = requireText('message', input.message, 1000);
      await openRequest(id);
      return decide(id, {
        status: 'declined',
        retailerId,
        retailerName: await retailerName(retailerId),
        confirmedDate: null,
        message,
        decidedAt: deps.clock.now(),
      });
    },

    /** A service done: appended to the car's book. A correction names the earlier record; only its author may correct it. */
    async recordService(
      retailerId: string,
      vinInput: string,
      input: { servicedOn?: unknown; odometerKm?: unknown; work?: unknown; corrects?: unknown },
    ): Promise<ServiceRecordView> {
      const vin = requireValidVin(vinInput);
      const servicedOn = requireDate('servicedOn', input.servicedOn);
      const now = deps.clock.now();
      if (servicedOn > today(now))
        throw AppError.invalidField('servicedOn', 'servicedOn cannot be in the future', 'maintenance.date_future');
      const odometerKm = requireOdometer('odometerKm', input.odometerKm);
      const work = requireText('work', input.work, 2000);
      const corrects = await correctable(retailerId, vin, input.corrects);
      if (!(await deps.vehicle(vin)))
        throw new AppError('not_found', `No vehicle with VIN ${vin} is in the registry.`, { code: 'vehicle.unknown' });
      const row = {
        id: deps.newId(),
        vin,
        servicedOn,
        odometerKm,
        work,
        retailerId,
        retailerName: await retailerName(retailerId),
        corrects,
        recordedAt: now,
      };
      if (!(await deps.repo.addRecord(row))) {
        throw new AppError('conflict', 'This record was already corrected; correct the latest version.', {
          code: 'maintenance.already_corrected',
        });
      }
      return recordViews([row])[0]!;
    },

    async records(vinInput: string): Promise<ServiceRecordView[]> {
      const vin = requireValidVin(vinInput);
      if (!(await deps.vehicle(vin)))
        throw new AppError('not_found', `No vehicle with VIN ${vin} is in the registry.`, { code: 'vehicle.unknown' });
      return recordViews(await deps.repo.records(vin));
    },
  };
}

export type RetailerService = ReturnType<typeof createRetailerService>;
