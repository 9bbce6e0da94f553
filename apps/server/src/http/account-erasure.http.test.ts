import { createECDH } from 'node:crypto';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testPlatform, signedInAccount, TEST_PASSWORD, type TestPlatform } from '../test-support';

let t: TestPlatform;
const VIN = 'SAULM1AB3LA010001';

before(async () => {
  t = await testPlatform();
  await t.modules.vehicles.service.importRegistry([
    {
      line: 1,
      record: { vin: VIN, brand: 'Aurelia', model: 'Lumen', model_year: 2024, powertrain: 'BEV', head_unit: 'mm21', smart_connect: 'no', market: 'GB', delivery_date: '2024-05-20', device_secret: 'a-long-device-secret-0009' },
    },
  ]);
});
after(() => t.close());

test('deleting an account frees its cars and erases its garage, subscriptions and inbox; the export listed them first', async () => {
  const me = await signedInAccount(t, 'leaving@example.com');
  await t.modules.vehicles.garage.assign(VIN, me.id, t.clock.now());
  assert.equal((await me.call('POST', `/vehicles/${VIN}/services/standard/cancel`)).statusCode, 200);
  assert.ok(await t.modules.notifications.add(me.id, { kind: 'vehicle.alarm', key: 'k1', vin: VIN }));
  assert.equal((await me.call('PUT', '/me/notification-preferences', { preferences: { 'vehicle.alarm': { email: false } } })).statusCode, 200);
  const p256dh = createECDH('prime256v1').generateKeys().toString('base64url');
  const sub = { endpoint: 'https://push.example.com/send/leaving', keys: { p256dh, auth: Buffer.alloc(16, 1).toString('base64url') } };
  assert.equal((await me.call('POST', '/me/push-subscriptions', sub)).statusCode, 201);
  const before = await t.modules.notifications.exportFor(me.id);
  assert.deepEqual([before.notices.length, before.pushSubscriptions.length, Object.keys(before.preferences)], [1, 1, ['vehicle.alarm']]);

  const { id } = (await me.call('POST', '/me/exports')).json();
  await t.modules.jobs.service.tick();
  const list = (await me.call('GET', '/me/exports')).json();
  assert.equal(list[0].id, id);
  assert.equal(list[0].status, 'ready');
  const garage = await t.modules.vehicles.exportFor(me.id);
  assert.equal(garage.garage.length, 1);
  assert.equal((await t.modules.subscriptions.exportFor(me.id)).choices.length, 1);

  t.clock.advance(60_000);
  const deleted = await me.call('DELETE', '/me', { password: TEST_PASSWORD, confirm: 'DELETE' });
  assert.equal(deleted.statusCode, 200, deleted.body);
  assert.equal(await t.modules.vehicles.access.holderAt(VIN, t.clock.now()), null, 'the car is free for its next holder');
  const after = await t.modules.vehicles.exportFor(me.id);
  assert.deepEqual([after.garage.length, after.activationTries.length], [0, 0]);
  assert.equal(after.holdings.length, 1, 'the closed holding stays, so later holders never see earlier data');
  assert.ok(after.holdings[0]!.until);
  assert.deepEqual(await t.modules.subscriptions.exportFor(me.id), { choices: [], reminders: [] });
  assert.deepEqual(await t.modules.notifications.exportFor(me.id), { notices: [], preferences: {}, pushSubscriptions: [] });
});
