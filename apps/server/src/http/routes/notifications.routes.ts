import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { CHANNELS, KINDS, type NotificationsModule, type PushSubscriptionInput } from '@marque/notifications';
import type { AccountResolution } from '../../vehicle-link-wiring';
import { ProblemSchema } from './problem.schema';

const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };
const Id = Type.Object({ id: Type.String({ format: 'uuid' }) });
const Notice = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  title: Type.String(),
  body: Type.String(),
  vin: Type.Union([Type.String(), Type.Null()]),
  link: Type.String({ description: 'App path the notice opens' }),
  read: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
});
const Toggles = Type.Object(Object.fromEntries(CHANNELS.map((c) => [c, Type.Boolean()])));
const Preferences = Type.Object({
  kinds: Type.Array(Type.Object({ kind: Type.String(), channels: Toggles })),
  channels: Type.Array(Type.String()),
  pushDevices: Type.Integer(),
});
const PushSubscription = Type.Object({
  id: Type.String(),
  endpoint: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  userAgent: Type.Union([Type.String(), Type.Null()]),
});

/** A browser's PushSubscription.toJSON(). */
const SubscriptionJson = Type.Object(
  {
    endpoint: Type.String({ minLength: 10, maxLength: 2000 }),
    expirationTime: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
    keys: Type.Object({ p256dh: Type.String({ minLength: 1, maxLength: 200 }), auth: Type.String({ minLength: 1, maxLength: 100 }) }),
  },
  { additionalProperties: false },
);

/** The inbox (read state), notification preferences, the VAPID key and the account's push subscriptions. */
export function notificationsRoutes(deps: { notifications: NotificationsModule; vapidPublicKey: string; auth: AccountResolution }) {
  const pre = deps.auth.preHandler ? { preHandler: deps.auth.preHandler } : {};
  const n = deps.notifications;
  const me = deps.auth.getAccountId;
  const preferences = async (accountId: string, choices?: Awaited<ReturnType<typeof n.service.choices>>) => {
    const c = choices ?? (await n.service.choices(accountId));
    return { kinds: KINDS.map((kind) => ({ kind, channels: c[kind] })), channels: [...CHANNELS], pushDevices: (await n.push.list(accountId)).length };
  };
  return async (app: FastifyInstance) => {
    app.get(
      '/notifications',
      {
        ...pre,
        schema: {
          tags: ['notifications'],
          summary: 'My inbox, newest first, with how many are unread',
          querystring: Type.Object({
            cursor: Type.Optional(Type.String({ maxLength: 80 })),
            unread: Type.Optional(Type.Boolean()),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
          }),
          response: {
            200: Type.Object({ items: Type.Array(Notice), unread: Type.Integer(), nextCursor: Type.Union([Type.String(), Type.Null()]) }),
            ...errors,
          },
        },
      },
      async (req) => n.service.list(me(req), req.query as { cursor?: string; unread?: boolean; limit?: number }),
    );

    app.post(
      '/notifications/:id/read',
      { ...pre, schema: { tags: ['notifications'], summary: 'Mark one notice read', params: Id, response: { 204: Type.Null(), ...errors } } },
      async (req, reply) => {
        await n.service.markRead(me(req), (req.params as { id: string }).id);
        return reply.code(204).send();
      },
    );

    app.post(
      '/notifications/read',
      {
        ...pre,
        schema: { tags: ['notifications'], summary: 'Mark every notice read', response: { 200: Type.Object({ marked: Type.Integer() }), ...errors } },
      },
      async (req) => ({ marked: await n.service.markAllRead(me(req)) }),
    );

    app.get(
      '/me/notification-preferences',
      { ...pre, schema: { tags: ['notifications'], summary: 'Which notices reach me on which channel', response: { 200: Preferences, ...errors } } },
      async (req) => preferences(me(req)),
    );

    app.put(
      '/me/notification-preferences',
      {
        ...pre,
        schema: {
          tags: ['notifications'],
          summary: 'Turn channels on or off per notice type (only the given ones change)',
          body: Type.Object(
            {
              preferences: Type.Record(
                Type.String({ maxLength: 64 }),
                Type.Record(Type.String({ maxLength: 32 }), Type.Boolean(), { maxProperties: CHANNELS.length }),
                { maxProperties: KINDS.length },
              ),
            },
            { additionalProperties: false },
          ),
          response: { 200: Preferences, ...errors },
        },
      },
      async (req) => {
        const accountId = me(req);
        const choices = await n.service.setChoices(accountId, (req.body as { preferences: Record<string, Record<string, unknown>> }).preferences);
        return preferences(accountId, choices);
      },
    );

    app.get(
      '/push/vapid-key',
      {
        schema: {
          tags: ['notifications'],
          summary: "The platform's VAPID public key (base64url) for PushManager.subscribe",
          response: { 200: Type.Object({ publicKey: Type.String() }) },
        },
      },
      async () => ({ publicKey: deps.vapidPublicKey }),
    );

    app.get(
      '/me/push-subscriptions',
      { ...pre, schema: { tags: ['notifications'], summary: 'My devices that receive push notices', response: { 200: Type.Object({ items: Type.Array(PushSubscription) }), ...errors } } },
      async (req) => ({ items: await n.push.list(me(req)) }),
    );

    app.post(
      '/me/push-subscriptions',
      {
        ...pre,
        schema: {
          tags: ['notifications'],
          summary: "Register this device's push subscription (PushSubscription.toJSON())",
          body: SubscriptionJson,
          response: { 201: PushSubscription, ...errors, 409: ProblemSchema },
        },
      },
      async (req, reply) => {
        const body = req.body as PushSubscriptionInput;
        const ua = req.headers['user-agent'];
        const view = await n.push.add(me(req), { endpoint: body.endpoint, keys: body.keys, ...(ua ? { userAgent: ua } : {}) });
        return reply.code(201).send(view);
      },
    );

    app.post(
      '/push/subscriptions/renew',
      {
        // No session to tie it to: per address. A browser renews a subscription rarely; guessing a 16-byte secret
        // is hopeless anyway, but an unthrottled endpoint that reads the database is a door for load.
        config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
        schema: {
          tags: ['notifications'],
          summary:
            "For the service worker's pushsubscriptionchange: moves a subscription to its replacement; no session, the old subscription's auth secret is the proof",
          body: Type.Object(
            {
              old: Type.Object({ endpoint: Type.String({ minLength: 10, maxLength: 2000 }), auth: Type.String({ minLength: 1, maxLength: 100 }) }),
              subscription: SubscriptionJson,
            },
            { additionalProperties: false },
          ),
          response: { 200: PushSubscription, ...errors },
        },
      },
      async (req) => {
        const body = req.body as { old: { endpoint: string; auth: string }; subscription: PushSubscriptionInput };
        const ua = req.headers['user-agent'];
        return n.push.renew(body.old, { endpoint: body.subscription.endpoint, keys: body.subscription.keys, ...(ua ? { userAgent: ua } : {}) });
      },
    );

    app.delete(
      '/me/push-subscriptions/:id',
      { ...pre, schema: { tags: ['notifications'], summary: 'Stop push notices to one device', params: Id, response: { 204: Type.Null(), ...errors } } },
      async (req, reply) => {
        await n.push.remove(me(req), (req.params as { id: string }).id);
        return reply.code(204).send();
      },
    );
  };
}
