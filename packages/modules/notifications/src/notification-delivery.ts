import type { Clock, Logger } from '@marque/kernel';
import type { NotificationsRepository } from './notifications.repository';
import type { DeliveryPayload, Recipient } from './notifications.service';
import { noticeMail } from './notice-texts';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface PushTarget {
  endpoint: string;
  p256dh: string;
  auth: string;
}

/** What a push service answered: ok, or the HTTP status (null: no answer at all) and a short reason. */
export type PushResult = { ok: true } | { ok: false; status: number | null; error: string };

export interface PushSender {
  send(target: PushTarget, payload: string, opts: { ttlSeconds: number; urgency: 'normal' | 'high'; topic: string }): Promise<PushResult>;
}

/** Consecutive failed deliveries after which a push subscription is retired. */
export const PUSH_MAX_FAILURES = 5;

/** A delivery that failed for now; thrown so the job queue retries it with back-off. */
export class RetryLater extends Error {}

export function createNotificationDelivery(deps: {
  repo: NotificationsRepository;
  clock: Clock;
  log: Logger;
  recipient(accountId: string): Promise<Recipient | null>;
  sendMail: ((m: OutgoingMail) => Promise<void>) | undefined;
  push: PushSender | undefined;
  appUrl(): string;
}) {
  return {
    /** Sends the notice by e-mail in the account's language; skipped when the notice or the account is gone. */
    async email(p: DeliveryPayload): Promise<{ sent: boolean; skipped?: string }> {
      const n = await deps.repo.byId(p.notificationId);
      if (!n) return { sent: false, skipped: 'notice gone' };
      const who = await deps.recipient(n.accountId);
      if (!who) return { sent: false, skipped: 'account gone' };
      if (!deps.sendMail) throw new RetryLater('no mail transport in this process');
      const url = `${deps.appUrl().replace(/\/+$/, '')}${n.link}`;
      await deps.sendMail({ to: who.email, ...noticeMail({ title: n.title, body: n.body, url, name: who.name }, who.language) });
      return { sent: true };
    },

    /**
     * Sends the notice to one push subscription. 404/410 retire it at once; other refusals count towards
     * PUSH_MAX_FAILURES; a transient failure (no answer, 429, 5xx) is thrown to be retried with back-off.
     */
    async push(p: DeliveryPayload): Promise<{ sent: boolean; skipped?: string; retired?: boolean }> {
      if (!deps.push) throw new RetryLater('no push sender in this process');
      const sub = p.subscriptionId ? await deps.repo.pushById(p.subscriptionId) : null;
      if (!sub || sub.retiredAt) return { sent: false, skipped: 'subscription gone' };
      const n = await deps.repo.byId(p.notificationId);
      if (!n || n.accountId !== sub.accountId) return { sent: false, skipped: 'notice gone' };
      const payload = JSON.stringify({ id: n.id, kind: n.kind, title: n.title, body: n.body, url: n.link, vin: n.vin });
      const r = await deps.push.send(sub, payload, {
        ttlSeconds: 24 * 3600,
        urgency: n.kind === 'vehicle.alarm' ? 'high' : 'normal',
        topic: `${n.kind}-${n.vin ?? 'account'}`.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 32),
      });
      if (r.ok) {
        await deps.repo.pushSucceeded(sub.id);
        return { sent: true };
      }
      const gone = r.status === 404 || r.status === 410;
      const transient = r.status === null || r.status === 429 || r.status >= 500;
      const { retired } = await deps.repo.pushFailed(sub.id, `${r.status ?? 'no answer'}: ${r.error}`, deps.clock.now(), {
        retire: gone,
        maxFailures: PUSH_MAX_FAILURES,
      });
      if (retired) deps.log.info({ subscription: sub.id, status: r.status }, 'push subscription retired');
      if (!retired && transient) throw new RetryLater(`push service answered ${r.status ?? 'nothing'}`);
      return { sent: false, retired };
    },
  };
}

export type NotificationDelivery = ReturnType<typeof createNotificationDelivery>;
