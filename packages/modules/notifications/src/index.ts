import type { Db } from '@marque/db';
import { silentLogger, type Clock, type Logger } from '@marque/kernel';
import { createNotificationsRepository } from './notifications.repository';
import { createNotificationsService, type NotificationPorts } from './notifications.service';
import { createNotificationDelivery, type OutgoingMail, type PushSender } from './notification-delivery';
import { createPushSubscriptions } from './push-subscriptions';
import { createVehicleNotices, type DoorsCheck, type VehicleDataSource } from './vehicle-notices.service';

export const NOTIFY_SCAN_JOB = 'notifications.scan';
export const NOTIFY_DOORS_JOB = 'notifications.doors-check';
export const NOTIFY_EMAIL_JOB = 'notifications.email';
export const NOTIFY_PUSH_JOB = 'notifications.push';

export interface NotificationsDeps {
  db: Db;
  clock: Clock;
  log?: Logger;
  ports: NotificationPorts;
  sendMail?: ((m: OutgoingMail) => Promise<void>) | undefined;
  push?: PushSender | undefined;
  appUrl?: () => string;
  /** Accept http and loopback push endpoints (development and tests only). */
  allowLoopbackPush?: boolean;
  /** Vehicle data and holders, for the rules that turn it into notices; absent: no vehicle-fed notices. */
  vehicles?: {
    source: VehicleDataSource;
    holderAt(vin: string, at: Date): Promise<{ accountId: string } | null>;
    holdersAt(vins: string[], at: Date): Promise<Map<string, { accountId: string }>>;
    queueDoorsCheck(check: DoorsCheck, runAt: Date, key: string): Promise<void>;
  };
}

/** The inbox, preferences, push subscriptions, deliveries and the vehicle rules; other modules reach it through the wiring. */
export function createNotificationsModule(deps: NotificationsDeps) {
  const repo = createNotificationsRepository(deps.db);
  const log = deps.log ?? silentLogger;
  const service = createNotificationsService({ repo, clock: deps.clock, log, ports: deps.ports });
  const v = deps.vehicles;
  return {
    service,
    /** Stores and sends a notice; false when it was stored already under the same key (or rate-limited). */
    add: async (accountId: string, n: Parameters<typeof service.notify>[1]) => (await service.notify(accountId, n)) === 'stored',
    list: service.list,
    push: createPushSubscriptions({ repo, clock: deps.clock, allowLoopback: deps.allowLoopbackPush ?? false }),
    delivery: createNotificationDelivery({
      repo,
      clock: deps.clock,
      log,
      recipient: deps.ports.recipient,
      sendMail: deps.sendMail,
      push: deps.push,
      appUrl: deps.appUrl ?? (() => 'http://localhost:3000'),
    }),
    vehicleNotices: v
      ? createVehicleNotices({ repo, clock: deps.clock, log, source: v.source, holderAt: v.holderAt, holdersAt: v.holdersAt, notify: service.notify, queueDoorsCheck: v.queueDoorsCheck })
      : null,
    /** Re-reads a notice for live delivery in another process (server-sent events over NOTIFY). */
    byId: repo.byId,
    exportFor: (accountId: string) => repo.all(accountId),
    eraser: { name: 'notifications', erase: (accountId: string) => repo.eraseAccount(accountId) },
  };
}

export type NotificationsModule = ReturnType<typeof createNotificationsModule>;
export type { Recipient, NotificationPorts, NotificationView, NotificationCreated, Notice, DeliveryPayload, Choices } from './notifications.service';
export { toView } from './notifications.service';
export type { OutgoingMail, PushSender, PushResult, PushTarget } from './notification-delivery';
export { RetryLater, PUSH_MAX_FAILURES } from './notification-delivery';
export type { VehicleDataSource, DoorsCheck } from './vehicle-notices.service';
export { DOORS_AFTER_MS } from './vehicle-notices.service';
export type { PushSubscriptionInput, PushSubscriptionView } from './push-subscriptions';
export { checkEndpoint } from './push-subscriptions';
export type { Reading, VehicleEvent, Candidate } from './vehicle-rules';
export { eventCandidates, stateCandidates, leftUnlocked } from './vehicle-rules';
export { KINDS, CHANNELS, RATE_WINDOW_MS, deepLink, type Kind, type Channel } from './notification-kinds';
export type { Language } from './notice-texts';
export { notifications, notificationPreferences, pushSubscriptions, notificationWindows, notificationCursors } from './notifications.schema';
