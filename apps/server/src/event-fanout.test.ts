import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from '@marque/db';
import { testDatabase } from '@marque/db/testing';
import { silentLogger, systemClock } from '@marque/kernel';
import { createModules } from './container';
import { EVENTS_CHANNEL, eventsCrossProcesses, startEventFanout } from './event-fanout';
import type { PlatformEvent } from './event-bus';
import { createNotifyRepository } from './event-notify.repository';
import { eventually } from './vehicle-link/test-fixture';

const VIN = 'SAUVL0AB6KA010000';
const OWNER = '00000000-0000-4000-8000-0000000000d1';

/**
 * Two module sets as two processes would have them: "ingest" publishes, "api" listens. On PostgreSQL each has its own
 * connection pool to the same database; on PGlite (one process by design) they share the instance.
 */
async function twoProcesses(): Promise<{ ingestDb: Database; apiDb: Database; close(): Promise<void> }> {
  const first = await testDatabase();
  const url = process.env.MARQUE_TEST_DATABASE_URL;
  if (!url) return { ingestDb: first, apiDb: first, close: () => first.close() };
  const r = (await first.db.execute(sql`select current_database() as name`)) as unknown as { rows: Array<{ name: string }> };
  const u = new URL(url);
  u.pathname = `/${r.rows[0]!.name}`;
  const second = await openDatabase({ url: u.toString(), poolSize: 2 });
  return {
    ingestDb: first,
    apiDb: second,
    close: async () => {
      await second.close();
      await first.close();
    },
  };
}

test('vehicle and command events published by one module set reach the subscribers of another through NOTIFY', async () => {
  const dbs = await twoProcesses();
  const ingest = createModules(dbs.ingestDb, systemClock);
  const api = createModules(dbs.apiDb, systemClock);
  const stops = [
    await startEventFanout({
      database: dbs.ingestDb,
      bus: ingest.bus,
      commands: ingest.commands,
      listen: false,
      log: silentLogger,
    }),
    await startEventFanout({ database: dbs.apiDb, bus: api.bus, commands: api.commands, listen: true, log: silentLogger }),
  ];
  const heard: PlatformEvent[] = [];
  const unsubscribe = api.bus.subscribe((e) => heard.push(e));
  try {
    await ingest.vehicles.service.importRegistry([
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
          device_secret: 'device-secret-fanout-01',
        },
      },
    ]);
    await ingest.vehicles.access.startHolding(VIN, OWNER, new Date(Date.now() - 86_400_000));
    await ingest.telemetry.ingest.ensurePartitions();
    const sample = { seq: 1, samples: [{ ts: new Date().toISOString(), signals: { 'Vehicle.Speed': 12 } }] };
    assert.equal(await ingest.telemetry.ingest.submit(VIN, 'telemetry', JSON.stringify(sample)), 'stored');
    const state = await eventually(async () => heard.find((e) => e.type === 'vehicle.state'), 'vehicle.state in the api');
    assert.deepEqual(state, { type: 'vehicle.state', vin: VIN, signals: ['Vehicle.Speed'] });

    ingest.transport.send = async () => undefined;
    const { command } = await ingest.commands.service.request(OWNER, VIN, { name: 'doors.lock' }, 'fanout-1');
    const updated = await eventually(
      async () => heard.find((e) => e.type === 'command.updated' && e.command.id === command.id),
      'command.updated in the api',
    );
    // Only the id travelled: the api re-read the command, account included.
    assert.equal(updated.type === 'command.updated' && updated.accountId, OWNER);
    assert.equal(updated.type === 'command.updated' && updated.command.status, 'sent');

    // A malformed notification is ignored; the next good one still arrives.
    const notify = createNotifyRepository(dbs.ingestDb.db);
    await notify.notify(EVENTS_CHANNEL, '{"t":"s","vin":"not a vin","s":[]}');
    await notify.notify(EVENTS_CHANNEL, 'not json');
    await notify.notify(EVENTS_CHANNEL, JSON.stringify({ t: 's', vin: VIN, s: ['Vehicle.Cabin.HVAC.IsAirConditioningActive'] }));
    await eventually(
      async () =>
        heard.some((e) => e.type === 'vehicle.state' && e.signals[0] === 'Vehicle.Cabin.HVAC.IsAirConditioningActive')
          ? true
          : undefined,
      'the good notification after bad ones',
    );
    assert.ok(heard.every((e) => e.type !== 'vehicle.state' || e.vin === VIN));
  } finally {
    unsubscribe();
    for (const stop of stops) await stop();
    await ingest.telemetry.ingest.close();
    await api.telemetry.ingest.close();
    await dbs.close();
  }
});

test('a notice stored by a worker reaches the inbox stream of the api process with its account', async () => {
  const dbs = await twoProcesses();
  const worker = createModules(dbs.ingestDb, systemClock);
  const api = createModules(dbs.apiDb, systemClock);
  const stops = [
    await startEventFanout({ database: dbs.ingestDb, bus: worker.bus, commands: worker.commands, listen: false, log: silentLogger }),
    await startEventFanout({
      database: dbs.apiDb,
      bus: api.bus,
      commands: api.commands,
      notifications: api.notifications,
      listen: true,
      log: silentLogger,
    }),
  ];
  const heard: PlatformEvent[] = [];
  const unsubscribe = api.bus.subscribe((e) => heard.push(e));
  try {
    const who = await worker.accounts.service.createActiveAccount({ email: 'fanout@example.com', password: 'correct horse battery', name: 'Fan', market: 'GB', roles: ['customer'] });
    assert.equal(await worker.notifications.add(who.id, { kind: 'vehicle.alarm', vin: VIN, key: 'fanout-alarm' }), true);
    const e = await eventually(async () => heard.find((x) => x.type === 'notification.created'), 'notification.created in the api');
    assert.equal(e.type === 'notification.created' && e.accountId, who.id);
    assert.equal(e.type === 'notification.created' && e.notification.link, `/app/cars/${VIN}`);
  } finally {
    unsubscribe();
    for (const stop of stops) await stop();
    await worker.telemetry.ingest.close();
    await api.telemetry.ingest.close();
    await dbs.close();
  }
});

test('only PostgreSQL selects the cross-process transport', () => {
  assert.equal(eventsCrossProcesses({ kind: 'postgres' }), true);
  assert.equal(eventsCrossProcesses({ kind: 'pglite' }), false);
});
