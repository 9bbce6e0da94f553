import type { Db } from '@marque/db';
import type { Clock } from '@marque/kernel';
import type { VehiclesModule } from '@marque/vehicles';
import { createSubscriptionsRepository } from './subscriptions.repository';
import { createSubscriptionsService } from './subscriptions.service';
import { expiryRemindersJob, type Reminder } from './subscriptions.jobs';

/** Connected-services packages over the vehicles module; the container plugs `service.gate` into vehicle access. */
export function createSubscriptionsModule(deps: { db: Db; clock: Clock; vehicles: VehiclesModule; sendReminder(r: Reminder): Promise<void> }) {
  const repo = createSubscriptionsRepository(deps.db);
  const service = createSubscriptionsService({
    repo,
    clock: deps.clock,
    findVehicle: deps.vehicles.findVehicle,
    firstHeld: deps.vehicles.firstHeld,
    holderAt: deps.vehicles.access.holderAt,
  });
  return {
    service,
    reminders: expiryRemindersJob({ service, repo, clock: deps.clock, send: deps.sendReminder }),
    exportFor: (accountId: string) => repo.exportFor(accountId),
    eraser: { name: 'subscriptions', erase: (accountId: string) => repo.eraseAccount(accountId) },
  };
}

export type SubscriptionsModule = ReturnType<typeof createSubscriptionsModule>;
export type { ServicesCentre, PackageView, ServiceState, SubscriptionsService } from './subscriptions.service';
export type { PackageId } from './subscriptions.repository';
export type { Reminder } from './subscriptions.jobs';
export { REMINDER_DAYS, REMINDERS_JOB } from './subscriptions.jobs';
export { STANDARD_YEARS, SMART_CONNECT_YEARS, MULTIMEDIA_TRIAL_YEARS } from './terms';
