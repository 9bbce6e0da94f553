import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { VehiclesModule } from '@marque/vehicles';
import type { SubscriptionsModule } from '@marque/subscriptions';
import type { NotificationsModule } from '@marque/notifications';
import { accountOf, type Auth } from './auth';
import { vehicleServicesRoutes } from './routes/vehicle-services.routes';
import { headUnitRoutes, retailerRoutes } from './routes/retailer.routes';
import { headUnitProfileRoutes } from './routes/headunit.routes';

/** Activation, services centre, inbox (signed in, current terms), retailer console (role) and the head unit's code. */
export function garageHttpRoutes(
  m: {
    vehicles: VehiclesModule;
    subscriptions: SubscriptionsModule;
    notifications: NotificationsModule;
    headUnitGrantOf(token: string): Promise<{ accountId: string; grantId: string } | null>;
  },
  opts: { auth: Auth; preHandler: (req: FastifyRequest) => Promise<void>; demo: boolean },
) {
  return [
    vehicleServicesRoutes({ ...m, auth: { preHandler: opts.preHandler, getAccountId: (req) => accountOf(req).accountId } }),
    retailerRoutes({ vehicles: m.vehicles, requireRetailer: opts.auth.requireRole('retailer') }),
    headUnitRoutes({ vehicles: m.vehicles, demo: opts.demo }),
    headUnitProfileRoutes({ ...m, preHandler: opts.preHandler, demo: opts.demo }),
  ] as Array<(app: FastifyInstance) => Promise<void>>;
}
