import { randomUUID } from 'node:crypto';
import type { Db } from '@marque/db';
import type { Clock } from '@marque/kernel';
import { createMaintenanceRepository } from './maintenance.repository';
import { createMaintenanceService } from './maintenance.service';
import { createRetailerService } from './retailer.service';
import { recordViews, requestView } from './views';
import type { MaintenancePorts } from './ports';

/**
 * Maintenance: when the next service is due, warnings with what to do, the car's service book kept by retailers,
 * and booking requests from the owner to the retailer console. Reaches other modules only through `ports`.
 */
export function createMaintenanceModule(deps: { db: Db; clock: Clock; ports: MaintenancePorts; newId?: () => string }) {
  const repo = createMaintenanceRepository(deps.db);
  const inner = { ...deps.ports, repo, clock: deps.clock, newId: deps.newId ?? randomUUID };
  return {
    service: createMaintenanceService(inner),
    retailer: createRetailerService(inner),
    /** GDPR export: the account's booking requests, and the service records it wrote as a retailer. */
    exportFor: async (accountId: string) => ({
      serviceRequests: (await repo.allRequests(accountId)).map(requestView),
      serviceRecordsWritten: recordViews(await repo.recordsBy(accountId)),
    }),
    /** Account deletion: booking requests go; the car's service book stays, without the retailer's name. */
    eraser: { name: 'maintenance', erase: (accountId: string) => repo.eraseAccount(accountId) },
  };
}

export type MaintenanceModule = ReturnType<typeof createMaintenanceModule>;
export type { MaintenancePorts } from './ports';
export type { MaintenanceService, MaintenanceOverview } from './maintenance.service';
export type { RetailerService, RetailerRequestView, RequestFilter } from './retailer.service';
export type { ServiceRecordView, ServiceRequestView } from './views';
export type { ServiceDue, ServiceInterval, Powertrain } from './service-due';
export type { Warning, VehicleEventLite } from './warnings';
export type { Advice, Severity, Language } from './advice';
export { adviceFor, KNOWN_CODES } from './advice';
export { serviceDue, serviceInterval, SIGNALS_FRESH_DAYS } from './service-due';
export { warningsFor, activeCodes, TYRE_LOW_KPA, TYRE_CRITICAL_KPA, BATTERY_WEAK_V, BATTERY_FLAT_V } from './warnings';
export { serviceRecords, serviceRequests } from './maintenance.schema';
