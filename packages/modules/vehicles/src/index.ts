import type { Db } from '@marque/db';
import type { Clock } from '@marque/kernel';
import { createVehiclesRepository } from './vehicles.repository';
import { createVehiclesService } from './vehicles.service';

export function createVehiclesModule(deps: { db: Db; clock: Clock }) {
  const repo = createVehiclesRepository(deps.db);
  return { service: createVehiclesService({ repo, clock: deps.clock }) };
}

export type VehiclesModule = ReturnType<typeof createVehiclesModule>;
export type { VehiclesService, ImportRecord, ImportSummary, ImportRejection } from './vehicles.service';
export { hashDeviceSecret, requireValidVin } from './vehicles.service';
export type { StoredVehicle } from './vehicles.repository';
export { connectivityGroups, connectivityMatch } from './connectivity';
export { vehicleRegistry } from './vehicles.schema';
