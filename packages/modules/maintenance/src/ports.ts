import type { VehicleStatusT } from '@marque/contracts';
import type { Clock } from '@marque/kernel';
import type { VehicleAccess } from '@marque/vehicles';
import type { Language } from './advice';
import type { Powertrain } from './service-due';
import type { VehicleEventLite } from './warnings';
import type { MaintenanceRepository } from './maintenance.repository';

/** What the maintenance module needs from the others; the container wires these to their doors. */
export interface MaintenancePorts {
  access: Pick<VehicleAccess, 'assertCanView'>;
  /** The registry's facts about a car; null for an unknown VIN. */
  vehicle(
    vin: string,
  ): Promise<{ brand: string; model: string; modelYear: number; powertrain: Powertrain; deliveryDate: string | null } | null>;
  /** The live state the account may see (telemetry: only readings from its own holding). */
  liveStatus(accountId: string, vin: string): Promise<VehicleStatusT>;
  /** The car's events of some types in [from, to]. */
  events(vin: string, from: Date, to: Date, types: string[]): Promise<VehicleEventLite[]>;
  /** Name, e-mail and language of an account; null when it does not exist (any more). */
  profile(accountId: string): Promise<{ name: string; email: string; language: Language } | null>;
}

export interface MaintenanceDeps extends MaintenancePorts {
  repo: MaintenanceRepository;
  clock: Clock;
  newId: () => string;
}
