import type { FastifyInstance } from 'fastify';
import type { VehicleAccess } from '@marque/vehicles';
import type { EventBus, PlatformEvent } from '../../event-bus';
import type { AccountResolution } from '../../vehicle-link-wiring';

const HOLDER_CACHE_MS = 30_000;
const KEEPALIVE_MS = 25_000;

/** Server-sent events for the signed-in account: its cars' state changes and its commands' updates, nobody else's. */
export function eventsRoutes(deps: { bus: EventBus; access: VehicleAccess; auth: AccountResolution }) {
  const pre = deps.auth.preHandler ? { preHandler: deps.auth.preHandler } : {};
  return async (app: FastifyInstance) => {
    app.get(
      '/events',
      { ...pre, schema: { tags: ['events'], summary: 'Server-sent events: vehicle.state and command.updated for my cars, notification.created for my inbox' } },
      async (req, reply) => {
        const accountId = deps.auth.getAccountId(req);
        const holds = holderCheck(deps.access, accountId);
        reply.hijack();
        const res = reply.raw;
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
        res.write(': connected\n\n');
        const send = (e: PlatformEvent) => res.write(`event: ${e.type}\ndata: ${JSON.stringify(payload(e))}\n\n`);
        const unsubscribe = deps.bus.subscribe((e) => {
          if (e.type === 'command.updated' || e.type === 'notification.created') {
            if (e.accountId === accountId) send(e);
            return;
          }
          void holds(e.vin).then((ok) => ok && !res.writableEnded && send(e));
        });
        const keepalive = setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS);
        keepalive.unref();
        req.raw.on('close', () => {
          clearInterval(keepalive);
          unsubscribe();
        });
      },
    );
  };
}

function payload(e: PlatformEvent) {
  if (e.type === 'notification.created') return e.notification;
  return e.type === 'command.updated' ? e.command : { vin: e.vin, signals: e.signals };
}

/** Caches "does this account hold this car" briefly: state changes arrive many times a second. */
function holderCheck(access: VehicleAccess, accountId: string) {
  const cache = new Map<string, { ok: boolean; until: number }>();
  return async (vin: string): Promise<boolean> => {
    const hit = cache.get(vin);
    if (hit && hit.until > Date.now()) return hit.ok;
    const ok = await access.assertCanView(accountId, vin).then(
      () => true,
      () => false,
    );
    cache.set(vin, { ok, until: Date.now() + HOLDER_CACHE_MS });
    return ok;
  };
}
