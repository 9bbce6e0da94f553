import type { Agent } from 'node:https';
import type { FastifyInstance } from 'fastify';
import type { Db } from '@marque/db';
import type { Clock, Logger } from '@marque/kernel';
import type { VehiclesModule } from '@marque/vehicles';
import type { TelemetryModule } from '@marque/telemetry';
import type { AccountsModule, SendMail } from '@marque/accounts';
import type { JobsService } from '@marque/jobs';
import {
  createNotificationsModule,
  NOTIFY_DOORS_JOB,
  NOTIFY_EMAIL_JOB,
  NOTIFY_PUSH_JOB,
  NOTIFY_SCAN_JOB,
  type DeliveryPayload,
  type DoorsCheck,
  type NotificationsModule,
} from '@marque/notifications';
import type { EventBus } from './event-bus';
import type { PushConfig } from './config';
import { resolveVapidKeys } from './push/vapid';
import { webPushSender } from './push/web-push-sender';
import { notificationsRoutes } from './http/routes/notifications.routes';
import type { AccountResolution } from './vehicle-link-wiring';

export const NOTIFY_SCAN_EVERY_MS = 15_000;
const EMAIL_ATTEMPTS = 5;
/** Bounded retries with the job queue's back-off (5 s, 10 s, 20 s); failures also count towards retiring the endpoint. */
const PUSH_ATTEMPTS = 4;

export interface NotificationOptions {
  push?: PushConfig;
  /** Where the generated VAPID key pair is kept (DATA_DIR); absent: a pair per process (tests). */
  dataDir?: string;
  /** Tests: the TLS agent that trusts a local push service. */
  pushAgent?: Agent;
}

/**
 * Notices from vehicle data (a worker scan over what telemetry stored, with a durable cursor), from the garage and
 * subscriptions hooks; delivered in-app (server-sent events), by e-mail and by Web Push through queued jobs.
 */
export function createNotificationsWiring(deps: {
  db: Db;
  clock: Clock;
  log: Logger;
  accounts: AccountsModule;
  vehicles: VehiclesModule;
  telemetry: TelemetryModule;
  jobs: JobsService;
  bus: EventBus;
  sendMail: SendMail | undefined;
  appUrl: () => string;
  options: NotificationOptions;
}): { notifications: NotificationsModule; vapidPublicKey: string } {
  const push = deps.options.push ?? { vapid: undefined, subject: 'mailto:operator@marque.invalid', allowLoopbackEndpoints: true };
  const vapid = resolveVapidKeys({ configured: push.vapid, subject: push.subject, dataDir: deps.options.dataDir, log: deps.log });
  const history = deps.telemetry.history;
  const notifications = createNotificationsModule({
    db: deps.db,
    clock: deps.clock,
    log: deps.log,
    ports: {
      recipient: async (accountId) => {
        const p = await deps.accounts.service.getProfile(accountId).catch(() => null);
        return p && p.status === 'active' ? { email: p.email, name: p.name, language: p.language } : null;
      },
      publish: (e) => deps.bus.publish(e),
      queue: async (job, payload, key) => {
        const name = job === 'email' ? NOTIFY_EMAIL_JOB : NOTIFY_PUSH_JOB;
        await deps.jobs.enqueue(name, payload, { key, maxAttempts: job === 'email' ? EMAIL_ATTEMPTS : PUSH_ATTEMPTS });
      },
    },
    sendMail: deps.sendMail,
    push: webPushSender(vapid, deps.options.pushAgent ? { agent: deps.options.pushAgent } : {}),
    appUrl: deps.appUrl,
    allowLoopbackPush: push.allowLoopbackEndpoints,
    vehicles: {
      source: {
        eventsReceived: (since, until, after, types, limit) => history.eventsReceived(since, until, after, types, limit),
        vinsReceived: (since, until, limit) => history.vinsReceived(since, until, limit),
        state: (vin, since) => history.state(vin, since),
        states: (vins, since) => history.states(vins, since),
        events: async (vin, from, to, types) => (await history.events(vin, from, to, types)).map((e) => ({ ...e, vin })),
      },
      holderAt: (vin, at) => deps.vehicles.access.holderAt(vin, at),
      holdersAt: (vins, at) => deps.vehicles.access.holdersAt(vins, at),
      queueDoorsCheck: async (check, runAt, key) => {
        await deps.jobs.enqueue(NOTIFY_DOORS_JOB, check, { key, runAt, maxAttempts: 3 });
      },
    },
  });
  const rules = notifications.vehicleNotices!;

  deps.jobs.register(NOTIFY_SCAN_JOB, async () => ({ status: 'done', result: await rules.scan() }));
  deps.jobs.schedule({ name: NOTIFY_SCAN_JOB, everyMs: NOTIFY_SCAN_EVERY_MS });
  deps.jobs.register(NOTIFY_DOORS_JOB, async (p) => ({ status: 'done', result: await rules.checkDoors(p as DoorsCheck) }));
  deps.jobs.register(NOTIFY_EMAIL_JOB, async (p) => ({ status: 'done', result: await notifications.delivery.email(p as DeliveryPayload) }));
  deps.jobs.register(NOTIFY_PUSH_JOB, async (p) => ({ status: 'done', result: await notifications.delivery.push(p as DeliveryPayload) }));

  // The new holder learns that the car's services are theirs now (the previous one is told by the garage wiring).
  // A notice that cannot be stored must not undo the activation itself.
  deps.vehicles.hooks.handedOver.push(async (e) => {
    await notifications
      .add(e.to, { kind: 'vehicle.activated', vin: e.vin, key: `activated:${e.vin}:${e.at.toISOString()}` })
      .catch((err: unknown) => deps.log.warn({ err: { message: (err as Error).message }, vin: e.vin }, 'activation notice not stored'));
  });
  deps.accounts.erasure.register(notifications.eraser);
  return { notifications, vapidPublicKey: vapid.publicKey };
}

export function notificationsHttpRoutes(m: { notifications: NotificationsModule; vapidPublicKey: string }, auth: AccountResolution) {
  return [notificationsRoutes({ notifications: m.notifications, vapidPublicKey: m.vapidPublicKey, auth })] as Array<
    (app: FastifyInstance) => Promise<void>
  >;
}
