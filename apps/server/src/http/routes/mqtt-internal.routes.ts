import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { timingSafeEqual, createHash } from 'node:crypto';
import { AppError } from '@marque/kernel';
import { VEHICLE_CLIENT_PREFIX, vehicleMayPublish, vehicleMaySubscribe } from '../../mqtt/vehicle-acl';

export const INTERNAL_TOKEN_HEADER = 'x-marque-internal-token';

export interface BrokerAuthDeps {
  /** MQTT_INTERNAL_TOKEN; unset: the routes answer 404 (no external broker uses them). */
  token: string | undefined;
  verifyVehicle(vin: string, secret: string): Promise<boolean>;
  /** The platform's own service account, from MQTT_URL. */
  platform?: { username: string; password: string } | undefined;
}

const same = (a: string, b: string) =>
  timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());

/** What the platform's service account may do: read every car's up/, write every car's down/. */
export function platformMay(action: 'publish' | 'subscribe', topic: string): boolean {
  const t = topic.replace(/^\$share\/[^/]+\//, '');
  if (action === 'subscribe') return t === 'v1/vehicles/+/up/#' || /^v1\/vehicles\/[A-HJ-NPR-Z0-9]{17}\/up\/[a-z-]+$/.test(t);
  return /^v1\/vehicles\/[A-HJ-NPR-Z0-9]{17}\/down\/[a-z-]+$/.test(t);
}

/**
 * Broker authentication and authorisation over HTTP for external brokers (EMQX HTTP auth style; also
 * mosquitto-go-auth's HTTP backend): answers {"result": "allow" | "deny"}. Protected by a shared secret header.
 */
export function mqttInternalRoutes(deps: BrokerAuthDeps) {
  const guard = async (req: FastifyRequest) => {
    if (!deps.token) throw new AppError('not_found', 'Broker HTTP authentication is not enabled (MQTT_INTERNAL_TOKEN).');
    const given = req.headers[INTERNAL_TOKEN_HEADER];
    if (typeof given !== 'string' || !same(given, deps.token)) throw new AppError('unauthenticated', 'Bad internal token.');
  };
  const hide = { hide: true, tags: ['internal'] };
  return async (app: FastifyInstance) => {
    app.post(
      '/internal/mqtt/auth',
      {
        preHandler: guard,
        schema: {
          ...hide,
          body: Type.Object({
            clientid: Type.String({ maxLength: 128 }),
            username: Type.String({ maxLength: 128 }),
            password: Type.String({ maxLength: 256 }),
          }),
        },
      },
      async (req) => {
        const b = req.body as { clientid: string; username: string; password: string };
        const p = deps.platform;
        if (p && b.username === p.username)
          return { result: same(b.password, p.password) ? 'allow' : 'deny', is_superuser: false };
        const ok = b.clientid === `${VEHICLE_CLIENT_PREFIX}${b.username}` && (await deps.verifyVehicle(b.username, b.password));
        return { result: ok ? 'allow' : 'deny', is_superuser: false };
      },
    );
    app.post(
      '/internal/mqtt/acl',
      {
        preHandler: guard,
        schema: {
          ...hide,
          body: Type.Object({
            clientid: Type.String({ maxLength: 128 }),
            username: Type.String({ maxLength: 128 }),
            topic: Type.String({ maxLength: 256 }),
            action: Type.Union([Type.Literal('publish'), Type.Literal('subscribe')]),
          }),
        },
      },
      async (req) => {
        const b = req.body as { clientid: string; username: string; topic: string; action: 'publish' | 'subscribe' };
        if (deps.platform && b.username === deps.platform.username)
          return { result: platformMay(b.action, b.topic) ? 'allow' : 'deny' };
        if (b.clientid !== `${VEHICLE_CLIENT_PREFIX}${b.username}`) return { result: 'deny' };
        const ok = b.action === 'publish' ? vehicleMayPublish(b.username, b.topic) : vehicleMaySubscribe(b.username, b.topic);
        return { result: ok ? 'allow' : 'deny' };
      },
    );
  };
}

/** The service account's user and password from MQTT_URL (mqtt://user:password@host). */
export function platformCredentials(mqttUrl: string | undefined): BrokerAuthDeps['platform'] {
  if (!mqttUrl) return undefined;
  const u = new URL(mqttUrl);
  return u.username ? { username: decodeURIComponent(u.username), password: decodeURIComponent(u.password) } : undefined;
}
