import type { Agent } from 'node:https';
import webpush from 'web-push';
import type { PushResult, PushSender } from '@marque/notifications';
import type { VapidKeys } from './vapid';

/** Web Push (RFC 8030) with VAPID (RFC 8292) and aes128gcm payload encryption (RFC 8291), by the `web-push` library. */
export function webPushSender(keys: VapidKeys, opts: { agent?: Agent; timeoutMs?: number } = {}): PushSender {
  return {
    async send(target, payload, o): Promise<PushResult> {
      try {
        await webpush.sendNotification({ endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } }, payload, {
          vapidDetails: keys,
          TTL: o.ttlSeconds,
          urgency: o.urgency,
          topic: o.topic,
          contentEncoding: 'aes128gcm',
          timeout: opts.timeoutMs ?? 10_000,
          ...(opts.agent ? { agent: opts.agent } : {}),
        });
        return { ok: true };
      } catch (e) {
        if (e instanceof webpush.WebPushError) return { ok: false, status: e.statusCode, error: (e.body || e.message).slice(0, 200) };
        return { ok: false, status: null, error: (e as Error).message.slice(0, 200) };
      }
    },
  };
}
