import { createPublicKey, randomUUID, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { AppError, type Clock } from '@marque/kernel';
import type { NotificationsRepository } from './notifications.repository';

export interface PushSubscriptionInput {
  endpoint: string;
  keys: { p256dh: string; auth: string };
  userAgent?: string;
}

export interface PushSubscriptionView {
  id: string;
  endpoint: string;
  createdAt: string;
  userAgent: string | null;
}

const B64URL = /^[A-Za-z0-9_-]+={0,2}$/;
const MAX_PER_ACCOUNT = 20;

const bytes = (s: string) => (B64URL.test(s) ? Buffer.from(s.replace(/=+$/, ''), 'base64url') : null);

/** True when the 65 bytes are an uncompressed point on P-256 (the browser's ECDH key for payload encryption). */
function onCurve(b: Buffer): boolean {
  if (b.length !== 65 || b[0] !== 4) return false;
  try {
    const jwk = { kty: 'EC', crv: 'P-256', x: b.subarray(1, 33).toString('base64url'), y: b.subarray(33).toString('base64url') };
    createPublicKey({ key: jwk, format: 'jwk' });
    return true;
  } catch {
    return false;
  }
}

const LOOPBACK = (h: string) => h === 'localhost' || h === '[::1]' || /^127\./.test(h);
const PRIVATE_V4 = /^(10\.|192\.168\.|169\.254\.|172\.(1[6-9]|2\d|3[01])\.|0\.)/;

/**
 * A push endpoint is a URL the platform will POST to, so only an https URL of a public host passes; loopback
 * is accepted only when `allowLoopback` (development and tests, with a local push service).
 */
export function checkEndpoint(raw: string, allowLoopback: boolean, field = 'endpoint'): URL {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw AppError.invalidField(field, 'must be an absolute URL', 'push.endpoint');
  }
  const host = u.hostname.toLowerCase();
  if (u.username || u.password) throw AppError.invalidField(field, 'must not carry credentials', 'push.endpoint');
  if (u.protocol !== 'https:') throw AppError.invalidField(field, 'must be an https URL of a push service', 'push.endpoint');
  if (allowLoopback && LOOPBACK(host)) return u;
  const bare = host.replace(/^\[|\]$/g, '');
  if (LOOPBACK(host) || host.endsWith('.local') || host.endsWith('.internal') || !host.includes('.')) {
    throw AppError.invalidField(field, 'must be a public push service', 'push.endpoint');
  }
  if (isIP(bare)) throw AppError.invalidField(field, 'must name a push service host, not an IP address', 'push.endpoint');
  if (PRIVATE_V4.test(bare)) throw AppError.invalidField(field, 'must be a public push service', 'push.endpoint');
  return u;
}

/** A subscription as PushSubscription.toJSON() gives it: a public push service's https endpoint and valid keys. */
function check(input: PushSubscriptionInput, allowLoopback: boolean, prefix = ''): void {
  if (input.endpoint.length > 2000) throw AppError.invalidField(`${prefix}endpoint`, 'is too long', 'push.endpoint');
  checkEndpoint(input.endpoint, allowLoopback, `${prefix}endpoint`);
  const p256dh = bytes(input.keys.p256dh);
  if (!p256dh || !onCurve(p256dh)) {
    throw AppError.invalidField(`${prefix}keys.p256dh`, 'must be an uncompressed P-256 public key (65 bytes, base64url)', 'push.keys');
  }
  const auth = bytes(input.keys.auth);
  if (!auth || auth.length !== 16) throw AppError.invalidField(`${prefix}keys.auth`, 'must be a 16-byte secret (base64url)', 'push.keys');
}

/** The account's Web Push subscriptions (one per installed app and browser). */
export function createPushSubscriptions(deps: { repo: NotificationsRepository; clock: Clock; allowLoopback: boolean }) {
  const view = (r: { id: string; endpoint: string; createdAt: Date; userAgent: string | null }): PushSubscriptionView => ({
    id: r.id,
    endpoint: r.endpoint,
    createdAt: r.createdAt.toISOString(),
    userAgent: r.userAgent,
  });
  return {
    async add(accountId: string, input: PushSubscriptionInput): Promise<PushSubscriptionView> {
      check(input, deps.allowLoopback);
      const active = await deps.repo.activePush(accountId);
      if (active.length >= MAX_PER_ACCOUNT && !active.some((s) => s.endpoint === input.endpoint)) {
        throw new AppError('conflict', `At most ${MAX_PER_ACCOUNT} devices can receive push notices; remove one first.`, { code: 'push.too_many' });
      }
      const row = await deps.repo.upsertPush({
        id: randomUUID(),
        accountId,
        endpoint: input.endpoint,
        p256dh: input.keys.p256dh,
        auth: input.keys.auth,
        userAgent: input.userAgent?.slice(0, 200) ?? null,
        createdAt: deps.clock.now(),
      });
      return view(row);
    },

    /**
     * The browser replaced a subscription (service worker `pushsubscriptionchange`, no session at hand): proving it
     * holds the old one's auth secret, which only the browser and this server know, moves the account's
     * subscription to the new one, even when the old one was already retired by its push service. Unknown endpoint
     * and wrong secret get the same answer.
     */
    async renew(old: { endpoint: string; auth: string }, input: PushSubscriptionInput): Promise<PushSubscriptionView> {
      check(input, deps.allowLoopback, 'subscription.');
      const row = await deps.repo.pushByEndpoint(old.endpoint);
      const given = Buffer.from(old.auth);
      const stored = Buffer.from(row?.auth ?? '');
      if (!row || given.length !== stored.length || !timingSafeEqual(given, stored)) {
        throw new AppError('not_found', 'No push subscription matches this endpoint and secret.', { code: 'push.unknown' });
      }
      const next = await deps.repo.replacePush(row.id, {
        id: randomUUID(),
        accountId: row.accountId,
        endpoint: input.endpoint,
        p256dh: input.keys.p256dh,
        auth: input.keys.auth,
        userAgent: input.userAgent?.slice(0, 200) ?? row.userAgent,
        createdAt: deps.clock.now(),
      });
      return view(next);
    },

    list: async (accountId: string) => (await deps.repo.activePush(accountId)).map(view),

    async remove(accountId: string, id: string): Promise<void> {
      if (!(await deps.repo.removePush(accountId, id))) {
        throw new AppError('not_found', 'No such push subscription on your account.', { code: 'push.unknown' });
      }
    },
  };
}
