import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testPlatform, type TestPlatform } from '../test-support';

let t: TestPlatform;
const PASSWORD = 'correct horse battery';
const VIN = 'SAUVL0AB6KA010000'; // mm21, Smart Connect
const OTHER = 'SAULM1AB3LA010001'; // mm19
const NO_UNIT = 'SAUSR2ABXMA010002';
const SECRET = 'a-long-device-secret-0001';

const record = (vin: string, over: Record<string, unknown>) => ({
  vin,
  brand: 'Aurelia',
  model: 'Vela',
  model_year: 2024,
  powertrain: 'PHEV',
  head_unit: 'mm21',
  smart_connect: 'yes',
  market: 'GB',
  delivery_date: '2024-03-01',
  device_secret: SECRET,
  ...over,
});

before(async () => {
  t = await testPlatform();
  const s = await t.modules.vehicles.service.importRegistry([
    { line: 1, record: record(VIN, { model_year: 2019 }) },
    { line: 2, record: record(OTHER, { head_unit: 'mm19', smart_connect: 'no', delivery_date: '2020-05-20', model_year: 2020 }) },
    { line: 3, record: record(NO_UNIT, { head_unit: 'none', smart_connect: 'no', model_year: 2021 }) },
  ]);
  assert.equal(s.imported, 3, JSON.stringify(s.rejected));
});
after(() => t.close());

type Req = { method?: 'GET' | 'POST' | 'PATCH' | 'DELETE'; payload?: Record<string, unknown>; headers?: Record<string, string> };
async function user(email: string, roles: Array<'customer' | 'retailer'> = ['customer']) {
  const a = await t.modules.accounts.service.createActiveAccount({ email, password: PASSWORD, name: 'U', market: 'GB', roles });
  const r = await t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password: PASSWORD } });
  const jar = Object.fromEntries(r.cookies.map((c) => [c.name, c.value]));
  const call = (url: string, o: Req = {}) =>
    t.app.inject({
      method: o.method ?? 'GET',
      url: `/api/v1${url}`,
      headers: { cookie: `marque_session=${jar.marque_session}`, 'x-csrf-token': jar.marque_csrf!, ...o.headers },
      ...(o.payload ? { payload: o.payload } : {}),
    });
  return { id: a.id, email, call };
}

let seq = 1;
async function odometer(vin: string, km: number, agoMs = 0) {
  const ts = new Date(t.clock.now().getTime() - agoMs).toISOString();
  const msg = JSON.stringify({ seq: seq++, samples: [{ ts, signals: { 'Vehicle.TraveledDistance': km * 1000, 'Vehicle.Speed': 0 } }] });
  assert.equal(await t.modules.telemetry.ingest.submit(vin, 'telemetry', msg), 'stored');
}
const odo = (km: number) => ({ method: 'POST' as const, payload: { method: 'odometer', odometerKm: km } });
const code = (c: string) => ({ method: 'POST' as const, payload: { method: 'code', code: c } });

test('garage: add by VIN (validated, in the registry, connected), nickname, current car, remove', async () => {
  const u = await user('garage-add@example.com');
  assert.equal((await u.call('/garage', { method: 'POST', payload: { vin: 'not-a-vin' } })).statusCode, 400);
  const unknown = await u.call('/garage', { method: 'POST', payload: { vin: 'SAUVL0AB6KA999990' } });
  assert.ok([400, 404].includes(unknown.statusCode));
  const none = await u.call('/garage', { method: 'POST', payload: { vin: NO_UNIT } });
  assert.equal(none.json().code, 'vehicle.not_connected');

  const added = await u.call('/garage', { method: 'POST', payload: { vin: OTHER } });
  assert.equal(added.statusCode, 201);
  assert.equal(added.json().status, 'inactive');
  assert.equal(added.json().heldElsewhere, false);
  assert.equal((await u.call('/garage', { method: 'POST', payload: { vin: OTHER } })).statusCode, 200);
  const named = await u.call(`/garage/${OTHER}`, { method: 'PATCH', payload: { nickname: 'Blue one', current: true } });
  assert.equal(named.json().nickname, 'Blue one');
  assert.equal(named.json().current, true);
  // Inactive: no data.
  assert.equal((await u.call(`/vehicles/${OTHER}/status`)).statusCode, 403);
  assert.equal((await u.call(`/garage/${OTHER}`, { method: 'DELETE' })).statusCode, 204);
  assert.equal((await u.call(`/garage/${OTHER}`, { method: 'DELETE' })).json().code, 'garage.not_held');
  assert.deepEqual((await u.call('/garage')).json().vehicles, []);
});

test('odometer activation: stale reading asks the car, wrong readings count, 5 failures lock out with Retry-After', async () => {
  const u = await user('odo@example.com');
  await t.modules.vehicles.garage.add(u.id, OTHER);
  await odometer(OTHER, 42_000, 10 * 60_000);
  const stale = await u.call(`/vehicles/${OTHER}/activation`, odo(42_000));
  assert.equal(stale.statusCode, 409);
  assert.equal(stale.json().code, 'activation.reading_pending');
  const asked = await t.modules.commands.auditOf(OTHER);
  assert.ok(Array.isArray(asked));

  await odometer(OTHER, 42_000);
  for (let i = 1; i <= 5; i++) {
    const wrong = await u.call(`/vehicles/${OTHER}/activation`, odo(41_000));
    assert.equal(wrong.statusCode, 422);
    assert.equal(wrong.json().code, 'activation.odometer_mismatch');
    assert.equal(wrong.json().remainingAttempts, 5 - i);
  }
  const locked = await u.call(`/vehicles/${OTHER}/activation`, odo(42_000));
  assert.equal(locked.statusCode, 429);
  assert.equal(locked.json().code, 'activation.locked');
  assert.ok(Number(locked.headers['retry-after']) > 0);

  t.clock.advance(24 * 3600_000 + 1000);
  await odometer(OTHER, 42_001);
  const ok = await u.call(`/vehicles/${OTHER}/activation`, odo(42_000)); // within ±2 km
  assert.equal(ok.statusCode, 200);
  assert.equal((await u.call('/garage')).json().vehicles[0].status, 'active');
  assert.equal((await u.call(`/vehicles/${OTHER}/activation`, odo(42_001))).json().code, 'activation.already_active');
});

test('code activation: only the car gets codes; invalid, foreign, expired and reused codes are refused distinctly', async () => {
  const u = await user('code@example.com');
  const noCreds = await t.app.inject({ method: 'POST', url: `/api/v1/headunit/${VIN}/activation-code` });
  assert.equal(noCreds.statusCode, 401);
  const basic = `Basic ${Buffer.from(`${VIN}:${SECRET}`).toString('base64')}`;
  const issue = async (vin = VIN) =>
    (await t.app.inject({ method: 'POST', url: `/api/v1/headunit/${vin}/activation-code`, headers: { authorization: basic.replace(VIN, vin) } })).json()
      .code as string;
  const issueFor = async (vin: string) =>
    (
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/headunit/${vin}/activation-code`,
        headers: { authorization: `Basic ${Buffer.from(`${vin}:${SECRET}`).toString('base64')}` },
      })
    ).json();

  assert.equal((await u.call(`/vehicles/${VIN}/activation`, code('ZZZZ-ZZZZ'))).json().code, 'activation.code_invalid');
  const foreign = await issueFor(OTHER);
  assert.equal(foreign.code, 'activation.code_unsupported'); // mm19 without Smart Connect shows no codes
  const c1 = await issue();
  t.clock.advance(5 * 60_000 + 1);
  assert.equal((await u.call(`/vehicles/${VIN}/activation`, code(c1))).json().code, 'activation.code_expired');
  const c2 = await issue();
  assert.equal((await u.call(`/vehicles/${VIN}/activation`, code(c2.toLowerCase()))).statusCode, 200);
  const other = await user('code-2@example.com');
  const reused = await other.call(`/vehicles/${VIN}/activation`, code(c2));
  assert.equal(reused.statusCode, 410);
  assert.equal(reused.json().code, 'activation.code_used');
  // Clean up: the next test hands VIN over again.
  await u.call(`/garage/${VIN}`, { method: 'DELETE' });
});

test('a code issued for one car does not activate another', async () => {
  const u = await user('foreign@example.com');
  const V2 = 'SAUVL0AB6KA010000';
  const c = await t.modules.vehicles.activation.issueCode(V2);
  // OTHER is held by odo@example.com; the code is for V2.
  const r = await u.call(`/vehicles/${OTHER}/activation`, code(c.code));
  assert.equal(r.json().code, 'activation.code_foreign');
});

test('second-hand handover: the seller loses access at once, the buyer sees nothing from before', async () => {
  const seller = await user('seller@example.com');
  const buyer = await user('buyer@example.com');
  await odometer(VIN, 30_000);
  assert.equal((await seller.call(`/vehicles/${VIN}/activation`, odo(30_000))).statusCode, 200);
  t.clock.advance(1000);
  await odometer(VIN, 30_010); // the seller's data
  const before = await seller.call(`/vehicles/${VIN}/status`);
  assert.equal(before.statusCode, 200);
  assert.equal(before.json().odometerKm.value, 30_010);
  assert.equal((await seller.call(`/vehicles/${VIN}/location`)).statusCode, 200);

  t.clock.advance(60_000);
  await odometer(VIN, 30_012);
  t.clock.advance(1000);
  const taken = await buyer.call(`/vehicles/${VIN}/activation`, odo(30_012));
  assert.equal(taken.statusCode, 200);
  assert.equal(taken.json().previousHolderNotified, true);

  for (const url of [`/vehicles/${VIN}/status`, `/vehicles/${VIN}/location`]) {
    const r = await seller.call(url);
    assert.equal(r.statusCode, 403, url);
    assert.equal(r.json().code, 'vehicle.not_holder');
  }
  const cmd = await seller.call(`/vehicles/${VIN}/commands`, { method: 'POST', headers: { 'idempotency-key': 'k-1' }, payload: { name: 'hazards.on' } });
  assert.equal(cmd.statusCode, 403);
  const sellerGarage = (await seller.call('/garage')).json().vehicles;
  assert.deepEqual(sellerGarage.map((v: { vin: string; status: string; heldElsewhere: boolean }) => [v.vin, v.status, v.heldElsewhere]), [[VIN, 'inactive', true]]);
  const inbox = (await seller.call('/notifications')).json().items;
  assert.equal(inbox[0].kind, 'vehicle.handed_over');
  assert.deepEqual(inbox.map((n: { kind: string }) => n.kind), ['vehicle.handed_over', 'vehicle.activated']);
  const buyerInbox = (await buyer.call('/notifications')).json().items;
  assert.deepEqual(buyerInbox.map((n: { kind: string; link: string }) => [n.kind, n.link]), [['vehicle.activated', `/app/cars/${VIN}/services`]]);
  await t.modules.jobs.service.tick(50); // the worker sends the queued e-mail
  assert.ok(t.mailbox.list('seller@example.com').length > 0);

  // The buyer sees no reading from before it took over.
  const fresh = await buyer.call(`/vehicles/${VIN}/status`);
  assert.equal(fresh.statusCode, 200);
  assert.equal(fresh.json().odometerKm, null);
});
