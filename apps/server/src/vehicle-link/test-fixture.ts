import type { FastifyInstance, FastifyRequest } from 'fastify';
import { testDatabase } from '@marque/db/testing';
import type { Database } from '@marque/db';
import { AppError, silentLogger, systemClock } from '@marque/kernel';
import { createModules, type Modules } from '../container';
import { createMetrics } from '../http/metrics';
import { buildHttpApp } from '../http/app';
import { loadConfig } from '../config';
import { startEmbeddedBroker, type EmbeddedBroker } from '../mqtt/embedded-broker';
import { vehicleLinkHttpRoutes } from '../vehicle-link-wiring';
import { startVehicleLink, vehicleMessageHandler } from '../vehicle-link-start';

export const TEST_ACCOUNT_HEADER = 'x-test-account';

/** Test-only account resolution: the account id comes from a header (the real one is the session cookie). */
export const headerAuth = {
  getAccountId(req: FastifyRequest): string {
    const id = req.headers[TEST_ACCOUNT_HEADER];
    if (typeof id !== 'string') throw new AppError('unauthenticated', 'Sign in to continue.');
    return id;
  },
};

export interface LinkFixture {
  database: Database;
  modules: Modules;
  broker: EmbeddedBroker;
  app: FastifyInstance;
  metrics: ReturnType<typeof createMetrics>;
  close(): Promise<void>;
}

/** The vehicle link as the server runs it: embedded broker on port 0, ingestion, commands and the HTTP routes. */
export async function linkFixture(): Promise<LinkFixture> {
  const database = await testDatabase();
  const modules = createModules(database, systemClock);
  const metrics = createMetrics();
  const broker = await startEmbeddedBroker({
    port: 0,
    host: '127.0.0.1',
    fallback: false,
    auth: { verifyVehicle: (vin, secret) => modules.vehicles.service.verifyDeviceSecret(vin, secret) },
    log: silentLogger,
    onVehiclePublish: vehicleMessageHandler(modules),
  });
  const stop = await startVehicleLink({ modules, metrics, log: silentLogger, ingest: true, broker });
  const app = await buildHttpApp({
    config: loadConfig({}),
    metrics,
    routes: vehicleLinkHttpRoutes(modules, headerAuth),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    database,
    modules,
    broker,
    app,
    metrics,
    close: async () => {
      await app.close();
      await stop();
      await broker.close();
      await modules.telemetry.ingest.close();
      await database.close();
    },
  };
}

/** Polls until `check` returns a value (not undefined) or the deadline passes: no timed assertions. */
export async function eventually<T>(check: () => Promise<T | undefined>, what: string, deadlineMs = 10_000): Promise<T> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
