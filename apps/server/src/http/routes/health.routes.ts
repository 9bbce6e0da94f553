import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';

export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

export function healthRoutes(deps: { checks: ReadinessCheck[]; registry: Registry }) {
  return async (app: FastifyInstance) => {
    app.get('/healthz', { schema: { tags: ['operations'], summary: 'Liveness' } }, async () => ({ status: 'ok' }));

    app.get(
      '/readyz',
      { schema: { tags: ['operations'], summary: 'Readiness: the database and the broker answer' } },
      async (_req, reply) => {
        const results = await Promise.all(
          deps.checks.map(async (c) => {
            const started = performance.now();
            try {
              await Promise.race([
                c.check(),
                new Promise((_, reject) => setTimeout(() => reject(new Error('timed out after 2 s')), 2000).unref()),
              ]);
              return { name: c.name, ok: true, ms: Math.round(performance.now() - started) };
            } catch (e) {
              return { name: c.name, ok: false, error: (e as Error).message };
            }
          }),
        );
        const ready = results.every((r) => r.ok);
        return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks: results });
      },
    );

    app.get('/metrics', { schema: { tags: ['operations'], summary: 'Prometheus metrics' } }, async (_req, reply) =>
      reply.type(deps.registry.contentType).send(await deps.registry.metrics()),
    );
  };
}
