import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabase } from '@marque/db/testing';
import { manualClock, silentLogger } from '@marque/kernel';
import { createModules } from '../container';
import { createMetrics } from '../http/metrics';
import { buildHttpApp } from '../http/app';
import { loadConfig } from '../config';
import { startEmbeddedBroker } from '../mqtt/embedded-broker';
import { vehicleLinkHttpRoutes } from '../vehicle-link-wiring';
import { startVehicleLink, vehicleMessageHandler } from '../vehicle-link-start';
import type { PlatformEvent } from '../event-bus';
import { eventually, headerAuth, TEST_ACCOUNT_HEADER } from './test-fixture';

// A command to a car that is offline must reach `expired` in a process without the worker role (what
// `server --roles api` or `--roles ingest` runs), and the app must be told.
const VIN = 'SAUVL0AB6KA010000';
const OWNER = '00000000-0000-4000-8000-0000000000e7';
const closers: Array<() => Promise<unknown>> = [];
after(async () => {
  for (const c of closers.reverse()) await c();
});

test('without a worker, a command to an offline car expires after its TTL and the event reaches the app', async () => {
  const database = await testDatabase();
  closers.push(() => database.close());
  const clock = manualClock(new Date());
  const modules = createModules(database, clock);
  closers.push(() => modules.telemetry.ingest.close());
  const broker = await startEmbeddedBroker({
    port: 0,
    host: '127.0.0.1',
    fallback: false,
    auth: { verifyVehicle: (vin, secret) => modules.vehicles.service.verifyDeviceSecret(vin, secret) },
    log: silentLogger,
    onVehiclePublish: vehicleMessageHandler(modules),
  });
  closers.push(() => broker.close());
  const stop = await startVehicleLink({
    modules,
    metrics: createMetrics(),
    log: silentLogger,
    ingest: true,
    broker,
    commandExpiryEveryMs: 20,
  });
  closers.push(stop);
  const app = await buildHttpApp({
    config: loadConfig({}),
    metrics: createMetrics(),
    routes: vehicleLinkHttpRoutes(modules, headerAuth),
  });
  closers.push(() => app.close());
  await modules.vehicles.service.importRegistry([
    {
      line: 1,
      record: {
        vin: VIN,
        brand: 'Aurelia',
        model: 'Vela',
        model_year: 2024,
        powertrain: 'PHEV',
        head_unit: 'mm21',
        smart_connect: 'no',
        market: 'GB',
        device_secret: 'device-secret-expiry-test',
      },
    },
  ]);
  await modules.vehicles.access.startHolding(VIN, OWNER, new Date(clock.now().getTime() - 86_400_000));
  const events: PlatformEvent[] = [];
  closers.push(async () => unsubscribe());
  const unsubscribe = modules.bus.subscribe((e) => void events.push(e));

  const posted = await app.inject({
    method: 'POST',
    url: `/api/v1/vehicles/${VIN}/commands`,
    headers: { [TEST_ACCOUNT_HEADER]: OWNER, 'idempotency-key': 'expiry-1' },
    payload: { name: 'doors.lock' },
  });
  assert.equal(posted.statusCode, 202, posted.body);
  const { id, status, expiresAt } = posted.json<{ id: string; status: string; expiresAt: string }>();
  assert.equal(status, 'sent', 'nobody is connected, but the broker took the command');

  const current = async () =>
    (
      await app.inject({
        method: 'GET',
        url: `/api/v1/vehicles/${VIN}/commands/${id}`,
        headers: { [TEST_ACCOUNT_HEADER]: OWNER },
      })
    ).json<{ status: string; reason: string | null }>();
  // Before its TTL a sweep leaves it alone (run here directly: no waiting on the timer to prove a negative).
  assert.equal((await modules.commands.service.expiry.run()).expired, 0);
  assert.equal((await current()).status, 'sent');

  clock.set(new Date(Date.parse(expiresAt) + 1));
  const expired = await eventually(
    async () => events.find((e) => e.type === 'command.updated' && e.command.id === id && e.command.status === 'expired'),
    'the expired event from the vehicle link sweep',
  );
  assert.equal(expired.type === 'command.updated' && expired.accountId, OWNER);
  const final = await current();
  assert.equal(final.status, 'expired');
  assert.equal(final.reason, 'ttl');
  // Expired once: later sweeps find nothing more to do.
  assert.equal((await modules.commands.service.expiry.run()).expired, 0);
});
