import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabase } from '@marque/db/testing';
import type { Database } from '@marque/db';
import type { AppError } from '@marque/kernel';
import { manualClock } from '@marque/kernel';
import { createVehiclesModule, type VehiclesService } from './index';
import { aRegistryRecord, someVins } from './test-builders';

let database: Database;
let service: VehiclesService;

before(async () => {
  database = await testDatabase();
  service = createVehiclesModule({ db: database.db, clock: manualClock('2026-06-01T00:00:00Z') }).service;
});
after(() => database.close());

const rows = (records: Record<string, unknown>[]) => records.map((record, i) => ({ line: i + 2, record }));

test('a bad row is reported with its line and reason, the good ones are imported', async () => {
  const [a, b, c, d, e] = someVins(5, 'T1') as [string, string, string, string, string];
  const summary = await service.importRegistry(
    rows([
      aRegistryRecord({ vin: a }),
      aRegistryRecord({ vin: 'SMKIOQ' }),
      aRegistryRecord({ vin: b, powertrain: 'STEAM' }),
      aRegistryRecord({ vin: c, delivery_date: '2024-02-30' }),
      aRegistryRecord({ vin: d, smart_connect: 'yes', head_unit: 'mm16' }),
      aRegistryRecord({ vin: e }),
      aRegistryRecord({ vin: a.toLowerCase() }),
    ]),
  );
  assert.equal(summary.read, 7);
  assert.equal(summary.imported, 2);
  assert.deepEqual(
    summary.rejected.map((r) => [r.line, r.field]),
    [
      [3, 'vin'],
      [4, 'powertrain'],
      [5, 'delivery_date'],
      [6, 'smart_connect'],
      [8, 'vin'],
    ],
  );
  assert.match(summary.rejected[4]!.reason, /duplicate of line 2/);
  assert.ok(await service.findByVin(a));
  assert.equal(await service.findByVin(b), null);
});

test('re-importing is idempotent and a changed row is updated', async () => {
  const vins = someVins(3, 'T2') as [string, string, string];
  const first = await service.importRegistry(rows(vins.map((vin) => aRegistryRecord({ vin }))));
  assert.deepEqual([first.imported, first.updated, first.unchanged], [3, 0, 0]);
  const again = await service.importRegistry(rows(vins.map((vin) => aRegistryRecord({ vin }))));
  assert.deepEqual([again.imported, again.updated, again.unchanged], [0, 0, 3]);
  const changed = await service.importRegistry(
    rows(vins.map((vin, i) => aRegistryRecord({ vin, model: i === 1 ? 'Vela Sport' : 'Vela' }))),
  );
  assert.deepEqual([changed.imported, changed.updated, changed.unchanged], [0, 1, 2]);
  assert.equal((await service.findByVin(vins[1]!))?.model, 'Vela Sport');
});

test('the device secret is stored only as a hash', async () => {
  const [vin] = someVins(1, 'T3');
  await service.importRegistry(rows([aRegistryRecord({ vin, device_secret: 'very-secret-device-key-42' })]));
  const v = await service.findByVin(vin!);
  assert.ok(v);
  assert.notEqual(v.deviceSecretHash, 'very-secret-device-key-42');
  assert.equal(v.deviceSecretHash.length, 64);
});

test('connectivity match groups services, names an invalid VIN rule, and 404s an unknown VIN', async () => {
  const [bev, ice, none] = someVins(3, 'T4');
  await service.importRegistry(
    rows([
      aRegistryRecord({ vin: bev, powertrain: 'BEV', head_unit: 'mm21', smart_connect: 'yes', market: 'DE' }),
      aRegistryRecord({ vin: ice, powertrain: 'ICE', head_unit: 'mm16' }),
      aRegistryRecord({ vin: none, powertrain: 'PHEV', head_unit: 'none' }),
    ]),
  );
  const m = await service.connectivityMatch(bev!.toLowerCase());
  assert.equal(m.eligible, true);
  assert.equal(m.standardTermYears, 4);
  const g = Object.fromEntries(m.groups.map((x) => [x.id, x]));
  assert.equal(g.charging?.supported, true);
  assert.equal(g.smart_connect?.supported, true);
  assert.equal(g.multimedia?.services.find((s) => s.id === 'speed_camera_alerts')?.supported, false);

  const i = await service.connectivityMatch(ice!);
  assert.equal(i.standardTermYears, 10);
  const gi = Object.fromEntries(i.groups.map((x) => [x.id, x]));
  assert.equal(gi.remote?.supported, false);
  assert.equal(gi.charging?.supported, false);
  assert.equal(gi.link_app?.supported, true);

  const n = await service.connectivityMatch(none!);
  assert.equal(n.eligible, false);
  assert.match(n.summary, /charging network/);

  await assert.rejects(
    service.connectivityMatch('SMK'),
    (e: AppError) => e.kind === 'invalid' && e.details.code === 'vin.length',
  );
  await assert.rejects(service.connectivityMatch(someVins(1, 'NXPE9')[0]!), (e: AppError) => e.kind === 'not_found');
});

test('holdersAt answers for many cars at once: the holding at that time, nobody for a car not held then', async () => {
  const [a, b, c] = someVins(3, 'H1') as [string, string, string];
  const m = createVehiclesModule({ db: database.db, clock: manualClock('2026-06-01T09:00:00Z') });
  const first = '00000000-0000-4000-8000-0000000000a1';
  const second = '00000000-0000-4000-8000-0000000000a2';
  await m.access.startHolding(a, first, new Date('2026-01-01T00:00:00Z'));
  await m.access.startHolding(a, second, new Date('2026-03-01T00:00:00Z'));
  await m.access.startHolding(b, first, new Date('2026-05-01T00:00:00Z'));
  const at = (iso: string) => m.access.holdersAt([a, b, c], new Date(iso));
  const owners = (h: Map<string, { accountId: string }>) => Object.fromEntries([...h].map(([vin, x]) => [vin, x.accountId]));
  assert.deepEqual(owners(await at('2026-02-01T00:00:00Z')), { [a]: first });
  assert.deepEqual(owners(await at('2026-05-15T00:00:00Z')), { [a]: second, [b]: first });
  for (const vin of [a, b, c]) {
    assert.equal((await at('2026-05-15T00:00:00Z')).get(vin)?.accountId, (await m.access.holderAt(vin, new Date('2026-05-15T00:00:00Z')))?.accountId);
  }
  assert.equal((await m.access.holdersAt([], new Date())).size, 0);
});
