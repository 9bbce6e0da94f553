import type { FastifyInstance } from 'fastify';
import { testDatabase } from '@marque/db/testing';
import type { Database } from '@marque/db';
import { manualClock, type ManualClock } from '@marque/kernel';
import { loadConfig } from './config';
import { createHttp, createModules, type Modules } from './container';
import { createMetrics } from './http/metrics';
import { argon2Hasher } from '@marque/accounts';
import { createMailbox, type Mailbox } from './mail/mailbox';

export interface TestPlatform {
  app: FastifyInstance;
  modules: Modules;
  database: Database;
  clock: ManualClock;
  /** Every e-mail the platform sent (no SMTP in tests). */
  mailbox: Mailbox;
  close(): Promise<void>;
}

/** The HTTP app over a fresh test database (PGlite, or PostgreSQL with MARQUE_TEST_DATABASE_URL); use `app.inject`. */
export async function testPlatform(opts: { extraRoutes?: Array<(app: FastifyInstance) => void> } = {}): Promise<TestPlatform> {
  const database = await testDatabase();
  const clock = manualClock('2026-06-01T09:00:00Z');
  const mailbox = createMailbox();
  const modules = createModules(database, clock, {
    sendMail: async (m) => mailbox.add({ ...m, to: [m.to], from: 'Marque <no-reply@marque.test>', date: clock.now() }),
    appUrl: () => 'http://marque.test',
    // Cheap argon2 parameters: the tests hash many passwords.
    hasher: argon2Hasher({ memoryCost: 1024, timeCost: 1 }),
  });
  const metrics = createMetrics();
  const app = await createHttp({
    config: loadConfig({}),
    modules,
    metrics,
    checks: [{ name: 'database', check: () => database.ping() }],
    extraRoutes: opts.extraRoutes,
    mailbox,
  });
  await app.ready();
  return {
    app,
    modules,
    database,
    clock,
    mailbox,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}
