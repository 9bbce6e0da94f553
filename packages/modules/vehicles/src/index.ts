import type { Db } from '@marque/db';
import type { Clock } from '@marque/kernel';
import { createVehiclesRepository } from './vehicles.repository';
import { createVehiclesService } from './vehicles.service';
import { createVehicleHoldersRepository } from './vehicle-holders.repository';
import { createVehicleAccess } from './vehicle-access';
import { createVehicleAccessRepository } from './vehicle-access.repository';
import { createGarageService } from './garage.service';
import { createGarageRepository } from './garage.repository';
import { createActivationService } from './activation.service';
import { createOwnershipService } from './ownership.service';
import { emptyHooks } from './vehicle-hooks';
import { createHeadUnitRepository } from './headunit.repository';
import { createHeadUnitService } from './headunit.service';
import { createSalesService } from './sales.service';

export function createVehiclesModule(deps: { db: Db; clock: Clock }) {
  const repo = createVehiclesRepository(deps.db);
  const holders = createVehicleHoldersRepository(deps.db);
  const garageRepo = createGarageRepository(deps.db);
  const hooks = emptyHooks();
  const clock = deps.clock;
  const headUnitRepo = createHeadUnitRepository(deps.db);
  const ownership = createOwnershipService({ repo, garage: garageRepo, clock, hooks });
  const headUnit = createHeadUnitService({ repo, holders, headUnit: headUnitRepo, ownership, hooks, clock });
  return {
    service: createVehiclesService({ repo, clock }),
    access: createVehicleAccess({ repo: createVehicleAccessRepository(deps.db), holders, clock, hooks }),
    garage: createGarageService({ repo, holders, garage: garageRepo, hooks, clock }),
    activation: createActivationService({ repo, holders, garage: garageRepo, hooks, clock }),
    ownership,
    /** Head-unit user profiles (docs/ownership.md). */
    headUnit,
    /** Sales announced by the registered owner and completed by a retailer. */
    sales: createSalesService({ headUnit: headUnitRepo, ownership, hooks, clock, assertOwnerOnCar: headUnit.assertOwnerOnCar }),
    /** Filled by the container: gates, reactions to removals and handovers, the odometer port. */
    hooks,
    findVehicle: (vin: string) => repo.findByVin(vin),
    firstHeld: (vin: string) => garageRepo.firstHeld(vin),
    exportFor: async (accountId: string) => ({ ...(await garageRepo.exportFor(accountId)), ...(await headUnitRepo.exportFor(accountId)) }),
    eraser: {
      name: 'garage',
      erase: async (accountId: string) => {
        await headUnitRepo.eraseAccount(accountId);
        await garageRepo.eraseAccount(accountId, clock.now());
      },
    },
  };
}

export type VehiclesModule = ReturnType<typeof createVehiclesModule>;
export type { VehiclesService, ImportRecord, ImportSummary, ImportRejection } from './vehicles.service';
export { hashDeviceSecret, requireValidVin } from './vehicles.service';
export type { StoredVehicle } from './vehicles.repository';
export type { VehicleAccess, VehicleCapability } from './vehicle-access';
export type { GarageService } from './garage.service';
export type { ActivationService, ActivationRequest } from './activation.service';
export { ACTIVATION } from './activation.service';
export type { OwnershipService, OwnershipView } from './ownership.service';
export type { HeadUnitService, HeadUnitProfile } from './headunit.service';
export type { SalesService, SaleView } from './sales.service';
export type { VehicleHooks, Handover, OdometerPort, OwnershipChange, ServiceGate } from './vehicle-hooks';
export type { AccessFacts } from './vehicle-access.repository';
export type { Holding } from './vehicle-holders.repository';
export { connectivityGroups, connectivityMatch } from './connectivity';
export { vehicleRegistry, vehicleHolders } from './vehicles.schema';
