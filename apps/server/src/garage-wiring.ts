import type { Db } from '@marque/db';
import type { Clock, Logger } from '@marque/kernel';
import type { VehiclesModule } from '@marque/vehicles';
import type { TelemetryModule } from '@marque/telemetry';
import type { CommandsModule } from '@marque/commands';
import type { AccountsModule, SendMail } from '@marque/accounts';
import type { JobsService } from '@marque/jobs';
import { createSubscriptionsModule, type Reminder } from '@marque/subscriptions';
import type { Notice, NotificationsModule } from '@marque/notifications';

export const REMINDERS_EVERY_MS = 3600_000;

/**
 * Garage, activation, ownership and the connected-services centre: plugs subscriptions and the inbox into the
 * vehicles module's hooks (it imports neither), and the odometer check into telemetry and commands.
 */
export function createGarageModules(deps: {
  db: Db;
  clock: Clock;
  vehicles: VehiclesModule;
  telemetry: TelemetryModule;
  commands: CommandsModule;
  accounts: AccountsModule;
  jobs: JobsService;
  /** The inbox and its channels (notifications-wiring.ts); e-mail and push follow the account's preferences. */
  notifications: NotificationsModule;
  sendMail: SendMail | undefined;
  appUrl: () => string;
  log: Logger;
}) {
  const notifications = deps.notifications;
  const notify = async (accountId: string, n: Notice) => void (await notifications.add(accountId, n));
  const subscriptions = createSubscriptionsModule({
    db: deps.db,
    clock: deps.clock,
    vehicles: deps.vehicles,
    sendReminder: (r) => notify(r.accountId, reminderNotice(r)),
  });
  const { hooks, ownership } = deps.vehicles;
  hooks.serviceGate.push(subscriptions.service.gate);
  // docs/ownership.md: unlocking the doors remotely is for the registered owner once a retailer recorded one.
  hooks.serviceGate.push(async ({ accountId, capability }) => {
    if (capability !== 'remote_doors') return () => undefined;
    const p = await deps.accounts.service.getProfile(accountId).catch(() => null);
    return (facts) => ownership.requireRegisteredOwner(facts.registeredOwnerEmail, p?.email ?? '', 'Remote door control');
  });
  hooks.account = async (accountId) => {
    const p = await deps.accounts.service.getProfile(accountId).catch(() => null);
    return p ? { email: p.email, name: p.name } : null;
  };
  hooks.removed.push((e) => subscriptions.service.removed(e.vin, e.accountId));
  // The previous holder's head-unit profile loses its tokens at the handover and stays display-only (docs/ownership.md).
  hooks.handedOver.push((e) => deps.vehicles.headUnit.handedOver(e.vin, e.to));
  hooks.handedOver.push(async (e) => {
    await subscriptions.service.handedOver(e.vin, e.to);
    if (!e.from) return;
    await notify(e.from, {
      kind: 'vehicle.handed_over',
      vin: e.vin,
      key: `handover:${e.vin}:${e.at.toISOString()}`,
      params: { at: e.at.toISOString() },
    });
  });
  // A retailer's record of a change of ownership reaches both owners' inboxes (if they have accounts).
  hooks.ownershipRecorded.push(async (e) => {
    const at = e.at.toISOString();
    const tell = async (email: string | null, previous: boolean) => {
      const a = email ? await deps.accounts.service.findByEmail(email) : null;
      if (!a) return;
      const key = `ownership:${e.vin}:${at}:${previous ? 'previous' : 'new'}`;
      await notify(a.id, { kind: 'vehicle.ownership_recorded', vin: e.vin, key, params: { at, effectiveDate: e.effectiveDate, previous } });
    };
    await tell(e.ownerEmail, false);
    if (e.previousOwnerEmail && e.previousOwnerEmail !== e.ownerEmail) await tell(e.previousOwnerEmail, true);
  });
  hooks.odometer = {
    read: (vin) => deps.telemetry.status.odometer(vin),
    // One request per car per minute, whoever asks: the key makes repeats a replay.
    requestFresh: async (vin) => {
      const slot = Math.floor(deps.clock.now().getTime() / 60_000);
      await deps.commands.service.requestForPlatform(vin, 'status.refresh', `activation-odometer-${vin}-${slot}`);
    },
  };
  deps.accounts.erasure.register(deps.vehicles.eraser);
  deps.accounts.erasure.register(subscriptions.eraser);
  deps.jobs.register(subscriptions.reminders.name, async () => {
    const r = await subscriptions.reminders.run();
    return { status: 'done', result: { sent: r.sent } };
  });
  deps.jobs.schedule({ name: subscriptions.reminders.name, everyMs: REMINDERS_EVERY_MS });
  return { subscriptions, notifications };
}

function reminderNotice(r: Reminder): Notice {
  return {
    kind: 'subscription.expiring',
    vin: r.vin,
    key: `expiry:${r.vin}:${r.pkg.id}:${r.days}:${r.pkg.until}`,
    params: { pkg: r.pkg.name, days: r.days, until: r.pkg.until!.slice(0, 10) },
  };
}
