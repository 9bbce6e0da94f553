import type { FastifyInstance } from 'fastify';
import { testDatabase } from '@marque/db/testing';
import type { Database } from '@marque/db';
import { manualClock, type ManualClock } from '@marque/kernel';
import { loadConfig } from './config';
import { createHttp, createModules, type Modules } from './container';
import type { NotificationOptions } from './notifications-wiring';
import { createMetrics } from './http/metrics';
import { argon2Hasher } from '@marque/accounts';
import { createMailbox, type Mailbox } from './mail/mailbox';
import { aRegistryRecord } from '@marque/vehicles/testing';

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
export async function testPlatform(
  opts: { extraRoutes?: Array<(app: FastifyInstance) => void>; notifications?: NotificationOptions } = {},
): Promise<TestPlatform> {
  const database = await testDatabase();
  const clock = manualClock('2026-06-01T09:00:00Z');
  const mailbox = createMailbox();
  const modules = createModules(database, clock, {
    sendMail: async (m) => mailbox.add({ ...m, to: [m.to], from: 'Marque <no-reply@marque.test>', date: clock.now() }),
    appUrl: () => 'http://marque.test',
    // Cheap argon2 parameters: the tests hash many passwords.
    hasher: argon2Hasher({ memoryCost: 1024, timeCost: 1 }),
  }, {}, opts.notifications);
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

export const TEST_PASSWORD = 'correct horse battery';

/** An active account signed in over HTTP; `call` sends the session cookie and the CSRF header. */
export async function signedInAccount(t: TestPlatform, email: string, opts: { roles?: Array<'customer' | 'retailer' | 'care_agent' | 'admin'>; market?: string } = {}) {
  const profile = await t.modules.accounts.service.createActiveAccount({
    email,
    password: TEST_PASSWORD,
    name: 'Tester',
    market: opts.market ?? 'GB',
    roles: opts.roles ?? ['customer'],
  });
  const r = await t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password: TEST_PASSWORD } });
  const jar = Object.fromEntries(r.cookies.map((c) => [c.name, c.value]));
  const headers = { cookie: `marque_session=${jar.marque_session}; marque_csrf=${jar.marque_csrf}`, 'x-csrf-token': jar.marque_csrf! };
  const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: object, extra: Record<string, string> = {}) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: { ...headers, ...extra }, ...(payload ? { payload } : {}) });
  return { id: profile.id, headers, call };
}

/** Imports registry vehicles built from `aRegistryRecord` with the given overrides; fails the test on a rejection. */
export async function importVehicles(t: TestPlatform, ...overrides: Array<Record<string, unknown>>) {
  const s = await t.modules.vehicles.service.importRegistry(overrides.map((o, i) => ({ line: i + 1, record: aRegistryRecord(o) })));
  if (s.rejected.length) throw new Error(`test vehicles rejected: ${JSON.stringify(s.rejected)}`);
}
