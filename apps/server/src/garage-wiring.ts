import type { Db } from '@marque/db';
import type { Clock, Logger } from '@marque/kernel';
import type { VehiclesModule } from '@marque/vehicles';
import type { TelemetryModule } from '@marque/telemetry';
import type { CommandsModule } from '@marque/commands';
import type { AccountsModule, SendMail } from '@marque/accounts';
import type { JobsService } from '@marque/jobs';
import { createSubscriptionsModule, type Reminder } from '@marque/subscriptions';
import { createNotificationsModule, type Notice, type NotificationsModule } from '@marque/notifications';

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
  sendMail: SendMail | undefined;
  appUrl: () => string;
  log: Logger;
}) {
  const notifications = createNotificationsModule({ db: deps.db, clock: deps.clock });
  const notify = notifier({ ...deps, notifications });
  const subscriptions = createSubscriptionsModule({
    db: deps.db,
    clock: deps.clock,
    vehicles: deps.vehicles,
    sendReminder: (r) => notify(r.accountId, reminderNotice(r)),
  });
  const { hooks, ownership } = deps.vehicles;
  hooks.serviceGate.push((v, holding) => subscriptions.service.gate(v, holding));
  // docs/ownership.md: unlocking the doors remotely is for the registered owner once a retailer recorded one.
  hooks.serviceGate.push(async (v, holding, capability) => {
    if (capability !== 'remote_doors' || !(await ownership.isRecorded(v.vin))) return;
    const p = await deps.accounts.service.getProfile(holding.accountId).catch(() => null);
    await ownership.assertRegisteredOwner(v.vin, p?.email ?? '', 'Remote door control');
  });
  hooks.removed.push((e) => subscriptions.service.removed(e.vin, e.accountId));
  hooks.handedOver.push(async (e) => {
    await subscriptions.service.handedOver(e.vin, e.to);
    if (!e.from) return;
    await notify(e.from, {
      kind: 'vehicle.handed_over',
      vin: e.vin,
      key: `handover:${e.vin}:${e.at.toISOString()}`,
      title: `Connected services for ${e.vin} moved to another account`,
      body:
        `Someone proved physical access to your car ${e.vin} on ${e.at.toISOString()} and activated its connected services. ` +
        'Your account no longer sees its data or sends it commands; the car stays in your garage as inactive. ' +
        'If this was not expected, contact customer care.',
    });
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
  deps.accounts.erasure.register(notifications.eraser);
  deps.jobs.register(subscriptions.reminders.name, async () => {
    const r = await subscriptions.reminders.run();
    return { status: 'done', result: { sent: r.sent } };
  });
  deps.jobs.schedule({ name: subscriptions.reminders.name, everyMs: REMINDERS_EVERY_MS });
  return { subscriptions, notifications };
}

function reminderNotice(r: Reminder): Notice {
  const until = r.pkg.until!.slice(0, 10);
  return {
    kind: 'subscription.expiring',
    vin: r.vin,
    key: `expiry:${r.vin}:${r.pkg.id}:${r.days}:${r.pkg.until}`,
    title: `${r.pkg.name} for ${r.vin} end in ${r.days} days`,
    body: `${r.pkg.name} for your car ${r.vin} end on ${until}. See the connected-services centre for details.`,
  };
}

/** In-app notice plus e-mail; the notice's key keeps a retried job from sending twice. */
function notifier(deps: {
  accounts: AccountsModule;
  notifications: NotificationsModule;
  sendMail: SendMail | undefined;
  appUrl: () => string;
  log: Logger;
}) {
  return async (accountId: string, n: Notice) => {
    if (!(await deps.notifications.add(accountId, n))) return;
    if (!deps.sendMail) return;
    const p = await deps.accounts.service.getProfile(accountId).catch(() => null);
    if (!p) return;
    const link = `${deps.appUrl()}/app`;
    await deps
      .sendMail({ to: p.email, subject: n.title, text: `Hello ${p.name},\n\n${n.body}\n\n${link}\n`, html: `<p>${esc(n.body)}</p><p><a href="${link}">${link}</a></p>` })
      .catch((e: unknown) => deps.log.warn({ err: { message: (e as Error).message } }, 'notice e-mail not sent'));
  };
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
