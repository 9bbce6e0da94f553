import type { Db } from '@marque/db';
import type { Clock } from '@marque/kernel';
import { createVehiclesRepository } from './vehicles.repository';
import { createVehiclesService } from './vehicles.service';
import { createVehicleHoldersRepository } from './vehicle-holders.repository';
import { createVehicleAccess } from './vehicle-access';
import { createGarageService } from './garage.service';

export function createVehiclesModule(deps: { db: Db; clock: Clock }) {
  const repo = createVehiclesRepository(deps.db);
  const holders = createVehicleHoldersRepository(deps.db);
  return {
    service: createVehiclesService({ repo, clock: deps.clock }),
    access: createVehicleAccess({ repo, holders, clock: deps.clock }),
    garage: createGarageService({ repo, holders, clock: deps.clock }),
  };
}

export type VehiclesModule = ReturnType<typeof createVehiclesModule>;
export type { VehiclesService, ImportRecord, ImportSummary, ImportRejection } from './vehicles.service';
export { hashDeviceSecret, requireValidVin } from './vehicles.service';
export type { StoredVehicle } from './vehicles.repository';
export type { VehicleAccess, VehicleCapability } from './vehicle-access';
export type { GarageService } from './garage.service';
export type { Holding } from './vehicle-holders.repository';
export { connectivityGroups, connectivityMatch } from './connectivity';
export { vehicleRegistry, vehicleHolders } from './vehicles.schema';
