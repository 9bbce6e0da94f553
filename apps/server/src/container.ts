import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Logger as Pino } from 'pino';
import { openDatabase, migrate, type Database } from '@marque/db';
import { systemClock, type Clock, type Logger } from '@marque/kernel';
import { createVehiclesModule } from '@marque/vehicles';
import type { Config } from './config';
import { createMetrics, type Metrics } from './http/metrics';
import { buildHttpApp } from './http/app';
import { healthRoutes, type ReadinessCheck } from './http/routes/health.routes';
import { connectivityRoutes } from './http/routes/connectivity.routes';
import { startEmbeddedBroker, type EmbeddedBroker } from './mqtt/embedded-broker';
import { connectExternalBroker, type ExternalBroker } from './mqtt/external-broker';
import { importDemoRegistry } from './demo';
import { listenWithFallback } from './net';

// The ocpp and worker roles join this list with the charging and jobs issues; only roles that work are accepted.
export const ROLES = ['api', 'ingest'] as const;
export type Role = (typeof ROLES)[number];

export const webDistDir = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** The modules, built once over one database: the one place that wires things together. */
export function createModules(database: Database, clock: Clock) {
  const vehicles = createVehiclesModule({ db: database.db, clock });
  return { vehicles };
}
export type Modules = ReturnType<typeof createModules>;

/** The HTTP app over given modules; tests call it directly and use `app.inject`. */
export function createHttp(opts: {
  config: Pick<Config, 'bodyLimitBytes' | 'tileUrl'>;
  modules: Modules;
  metrics: Metrics;
  checks: ReadinessCheck[];
  logger?: Pino | undefined;
  webDir?: string | undefined;
  /** Test-only routes under /api/v1, to exercise the shared HTTP machinery. */
  extraRoutes?: Array<(app: FastifyInstance) => void> | undefined;
}): Promise<FastifyInstance> {
  return buildHttpApp({
    config: opts.config,
    metrics: opts.metrics,
    logger: opts.logger,
    webDir: opts.webDir,
    rootRoutes: [healthRoutes({ checks: opts.checks, registry: opts.metrics.registry })],
    routes: [connectivityRoutes(opts.modules.vehicles.service), ...(opts.extraRoutes ?? [])],
  });
}

export interface Platform {
  database: Database;
  modules: Modules;
  metrics: Metrics;
  http?: { app: FastifyInstance; port: number };
  broker?: EmbeddedBroker;
  external?: ExternalBroker;
  close(): Promise<void>;
}

/** Opens the store, applies migrations, then starts the transports of the chosen roles. */
export async function startPlatform(config: Config, roles: Set<Role>, log: Pino): Promise<Platform> {
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  const closers: Array<() => Promise<void>> = [() => database.close()];
  const close = async () => {
    for (const c of closers.reverse()) {
      try {
        await c();
      } catch (e) {
        log.error({ err: e }, 'error during shutdown');
      }
    }
  };
  try {
    await migrate(database);
    const modules = createModules(database, systemClock);
    const metrics = createMetrics();
    const mqttRefused = metrics.counter('marque_mqtt_refused_total', 'MQTT connections and operations refused by reason', [
      'reason',
    ]);
    if (config.demo) await importDemoRegistry(modules.vehicles.service, log as unknown as Logger);

    const checks: ReadinessCheck[] = [{ name: 'database', check: () => database.ping() }];
    const platform: Platform = { database, modules, metrics, close };

    if (roles.has('ingest')) {
      if (config.mqttUrl) {
        platform.external = await connectExternalBroker(config.mqttUrl, log as unknown as Logger);
        closers.push(() => platform.external!.close());
        checks.push({ name: 'broker', check: async () => platform.external!.assertConnected() });
      } else {
        platform.broker = await startEmbeddedBroker({
          port: config.mqttPort,
          host: config.mqttHost,
          fallback: config.portFallback,
          auth: { verifyVehicle: (vin, secret) => modules.vehicles.service.verifyDeviceSecret(vin, secret) },
          log: log.child({ component: 'mqtt' }) as unknown as Logger,
          onRefused: (reason) => mqttRefused.labels(reason).inc(),
        });
        closers.push(() => platform.broker!.close());
        checks.push({ name: 'broker', check: async () => undefined });
      }
    }

    if (roles.has('api')) {
      const app = await createHttp({
        config,
        modules,
        metrics,
        checks,
        logger: log,
        webDir: existsSync(webDistDir) ? webDistDir : undefined,
      });
      const port = await listenWithFallback(
        async (p) => {
          await app.listen({ port: p, host: config.host });
        },
        config.port,
        { fallback: config.portFallback, name: 'HTTP', log: (m) => log.warn(m) },
      );
      const bound = (app.server.address() as { port: number } | null)?.port ?? port;
      // Closing Fastify stops accepting, then waits for in-flight requests to finish.
      closers.push(() => app.close());
      platform.http = { app, port: bound };
    }
    return platform;
  } catch (e) {
    await close();
    throw e;
  }
}
