import type { Db } from '@marque/db';
import type { Clock } from '@marque/kernel';
import type { VehiclesModule } from '@marque/vehicles';
import type { TelemetryModule } from '@marque/telemetry';
import type { AccountsModule } from '@marque/accounts';
import type { PrivacyModule } from '@marque/privacy';
import { createMaintenanceModule, type MaintenanceModule } from '@marque/maintenance';
import type { FastifyInstance, preHandlerHookHandler } from 'fastify';
import type { AccountResolution } from './vehicle-link-wiring';
import { maintenanceRoutes, retailerServiceRoutes } from './http/routes/maintenance.routes';

/**
 * Maintenance over the vehicles, telemetry and accounts doors: a handover or removal withdraws the previous
 * holder's open booking requests; requests are erased with the account and part of its data export.
 */
export function createMaintenanceWiring(deps: {
  db: Db;
  clock: Clock;
  vehicles: VehiclesModule;
  telemetry: TelemetryModule;
  accounts: AccountsModule;
  privacy: PrivacyModule;
}): { maintenance: MaintenanceModule } {
  const maintenance = createMaintenanceModule({
    db: deps.db,
    clock: deps.clock,
    ports: {
      access: deps.vehicles.access,
      vehicle: (vin) => deps.vehicles.findVehicle(vin),
      liveStatus: (accountId, vin) => deps.telemetry.status.status(accountId, vin),
      events: (vin, from, to, types) => deps.telemetry.history.events(vin, from, to, types),
      profile: async (accountId) => {
        const p = await deps.accounts.service.getProfile(accountId).catch(() => null);
        return p ? { name: p.name, email: p.email, language: p.language === 'de' ? 'de' : 'en' } : null;
      },
    },
  });
  deps.vehicles.hooks.handedOver.push(async (e) => {
    if (e.from) await maintenance.service.withdrawOpen(e.from, e.vin);
  });
  deps.vehicles.hooks.removed.push(async (e) => {
    await maintenance.service.withdrawOpen(e.accountId, e.vin);
  });
  deps.accounts.erasure.register(maintenance.eraser);
  deps.privacy.exports.register({
    name: 'maintenance',
    description:
      'Your service booking requests (dates, notes, mileage, warnings, the retailer’s answer) and, as a retailer, the service records you wrote.',
    export: (accountId) => maintenance.exportFor(accountId),
  });
  return { maintenance };
}

export function maintenanceHttpRoutes(
  m: { maintenance: MaintenanceModule },
  auth: AccountResolution,
  requireRetailer: preHandlerHookHandler,
) {
  return [
    maintenanceRoutes({ maintenance: m.maintenance.service, auth }),
    retailerServiceRoutes({ retailer: m.maintenance.retailer, requireRetailer, getAccountId: auth.getAccountId }),
  ] as Array<(app: FastifyInstance) => Promise<void>>;
}
