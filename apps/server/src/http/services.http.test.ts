import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testPlatform, signedInAccount, type TestPlatform } from '../test-support';

let t: TestPlatform;
const VIN = 'SAULM1AB3LA010001'; // mm19, no Smart Connect, delivered 2020-05-20: Standard until 2030-05-20

before(async () => {
  t = await testPlatform();
  const s = await t.modules.vehicles.service.importRegistry([
    {
      line: 1,
      record: { vin: VIN, brand: 'Aurelia', model: 'Lumen', model_year: 2020, powertrain: 'BEV', head_unit: 'mm19', smart_connect: 'no', market: 'GB', delivery_date: '2020-05-20', device_secret: 'a-long-device-secret-0002' },
    },
  ]);
  assert.equal(s.imported, 1);
});
after(() => t.close());

async function user(email: string, roles: Array<'customer' | 'retailer'> = ['customer']) {
  const a = await signedInAccount(t, email, { roles });
  const call = (url: string, method: 'GET' | 'POST' = 'GET', payload?: Record<string, unknown>, headers: Record<string, string> = {}) =>
    a.call(method, url, payload, headers);
  return { id: a.id, call };
}

test('services centre: terms from the registry, cancel Standard stops its services together, re-subscribe, Multimedia trial', async () => {
  const owner = await user('svc-owner@example.com');
  const stranger = await user('svc-stranger@example.com');
  assert.equal((await stranger.call(`/vehicles/${VIN}/services`)).statusCode, 404);
  await t.modules.vehicles.garage.assign(VIN, owner.id, t.clock.now());

  const c = (await owner.call(`/vehicles/${VIN}/services`)).json();
  const std = c.packages.find((p: { id: string }) => p.id === 'standard');
  assert.equal(std.state, 'active');
  assert.equal(std.until, '2030-05-20T00:00:00.000Z');
  assert.equal(std.services.find((s: { id: string }) => s.id === 'accident_assistant').state, 'not_available'); // needs mm21
  assert.equal(c.packages.find((p: { id: string }) => p.id === 'multimedia').state, 'available');

  const cancelled = (await owner.call(`/vehicles/${VIN}/services/standard/cancel`, 'POST')).json();
  const states = Object.fromEntries(cancelled.packages[0].services.map((s: { id: string; state: string }) => [s.id, s.state]));
  assert.equal(states.find_my_car, 'cancelled');
  assert.equal(states.driving_analytics, 'cancelled');
  assert.equal((await owner.call(`/vehicles/${VIN}/status`)).json().code, 'services.inactive');
  const cmd = await owner.call(`/vehicles/${VIN}/commands`, 'POST', { name: 'doors.lock' }, { 'idempotency-key': 'svc-1' });
  assert.equal(cmd.statusCode, 403);
  assert.equal((await owner.call(`/vehicles/${VIN}/services/standard/subscribe`, 'POST')).json().packages[0].state, 'active');
  assert.equal((await owner.call(`/vehicles/${VIN}/status`)).statusCode, 200);

  // Multimedia starts in the car (headunit.http.test.ts drives the head unit's own calls); the app cannot start it.
  assert.equal((await owner.call(`/vehicles/${VIN}/services/multimedia/subscribe`, 'POST')).json().code, 'services.start_in_car');
  await t.modules.subscriptions.service.startInCar(owner.id, VIN);
  const mm = (await owner.call(`/vehicles/${VIN}/services`)).json().packages[1];
  assert.equal(mm.state, 'active');
  assert.equal(mm.until, '2029-06-01T09:00:00.000Z');
});

test('expiry reminders at 90, 30 and 7 days go out once each, by notice and e-mail', async () => {
  const run = () => t.modules.subscriptions.reminders.run();
  const before = t.mailbox.list('svc-owner@example.com').length;
  t.clock.set(new Date('2029-03-01T09:00:00Z')); // Multimedia ends 2029-06-01: 92 days
  assert.equal((await run()).sent, 0);
  t.clock.set(new Date('2029-03-05T09:00:00Z'));
  assert.equal((await run()).sent, 1);
  assert.equal((await run()).sent, 0);
  t.clock.set(new Date('2029-05-28T09:00:00Z')); // 4 days left: the 30-day notice was missed, only the 7-day one is sent
  assert.equal((await run()).sent, 1);
  await t.modules.jobs.service.tick(50); // e-mails are queued deliveries the worker sends
  assert.equal(t.mailbox.list('svc-owner@example.com').length, before + 2);
  t.clock.set(new Date('2029-06-02T09:00:00Z'));
  const owner = await user('svc-owner-2@example.com');
  void owner;
});

test('retailer console: role-checked ownership records with history; unlock needs the registered owner', async () => {
  const retailer = await user('dealer@example.com', ['retailer']);
  const customer = await user('cust@example.com');
  const body = { vin: VIN, ownerEmail: 'svc-owner@example.com', effectiveDate: '2029-01-01' };
  assert.equal((await customer.call('/retailer/ownership-changes', 'POST', body)).json().code, 'auth.role');
  assert.equal((await retailer.call('/retailer/ownership-changes', 'POST', { ...body, effectiveDate: '2099-01-01' })).statusCode, 400);
  assert.equal((await retailer.call('/retailer/ownership-changes', 'POST', body)).statusCode, 201);
  assert.equal((await retailer.call('/retailer/ownership-changes', 'POST', { ...body, ownerEmail: 'someone-else@example.com', effectiveDate: '2029-02-01' })).statusCode, 201);
  const h = (await retailer.call(`/retailer/vehicles/${VIN}/ownership`)).json().records;
  assert.deepEqual(h.map((r: { ownerEmail: string }) => r.ownerEmail), ['someone-else@example.com', 'svc-owner@example.com']);
  assert.equal((await customer.call(`/retailer/vehicles/${VIN}/ownership`)).statusCode, 403);
  // svc-owner still holds the car but is no longer the registered owner.
  const holderId = (await t.modules.vehicles.access.holderAt(VIN, t.clock.now()))!.accountId;
  await assert.rejects(t.modules.vehicles.access.assertCanControl(holderId, VIN, 'remote_doors'), /registered owner/);
  // Both records reached svc-owner's inbox: first as the new owner, then as the previous one; the customer who is
  // neither got nothing.
  const notices = (await t.modules.notifications.list(holderId)).items.filter((n) => n.kind === 'vehicle.ownership_recorded');
  assert.deepEqual(notices.map((n) => n.title).sort(), [`${VIN} is registered in your name`, `${VIN} is registered to its new owner`].sort());
  assert.ok(notices.every((n) => n.vin === VIN && n.link === '/app/inbox'));
  assert.equal((await t.modules.notifications.list(customer.id)).items.filter((n) => n.kind === 'vehicle.ownership_recorded').length, 0);
});

test('past its term, Standard Services stop: no status and no commands, and the centre says expired', async () => {
  const owner = await user('svc-expired@example.com');
  const OLD = 'SAUTN3AB9KA010003';
  await t.modules.vehicles.service.importRegistry([
    {
      line: 1,
      record: { vin: OLD, brand: 'Aurelia', model: 'Tarn', model_year: 2019, powertrain: 'ICE', head_unit: 'mm21', smart_connect: 'no', market: 'GB', delivery_date: '2019-03-01', device_secret: 'a-long-device-secret-0003' },
    },
  ]);
  t.clock.set(new Date('2029-06-01T09:00:00Z'));
  await t.modules.vehicles.garage.assign(OLD, owner.id, t.clock.now());
  assert.equal((await owner.call(`/vehicles/${OLD}/services`)).json().packages[0].state, 'expired');
  const status = await owner.call(`/vehicles/${OLD}/status`);
  assert.equal(status.statusCode, 403);
  assert.equal(status.json().code, 'services.inactive');
  const cmd = await owner.call(`/vehicles/${OLD}/commands`, 'POST', { name: 'doors.lock' }, { 'idempotency-key': 'svc-expired-1' });
  assert.equal(cmd.statusCode, 403);
});
