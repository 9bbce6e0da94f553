import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testPlatform, signedInAccount, importVehicles, type TestPlatform } from '../test-support';

let t: TestPlatform;
const VIN = 'SAUVL0AB6KA010000';
const OTHER = 'SAULM1AB3LA010001';

before(async () => {
  t = await testPlatform();
  await importVehicles(t, { vin: VIN, model: 'Vela', model_year: 2019, powertrain: 'PHEV', head_unit: 'mm21', smart_connect: 'yes', delivery_date: '', device_secret: 'a-long-device-secret-0001' }, { vin: OTHER, model: 'Lumen', model_year: 2020, powertrain: 'BEV', head_unit: 'mm19', smart_connect: 'no', delivery_date: '', device_secret: 'a-long-device-secret-0002' });
});
after(() => t.close());

/** Reads with the session cookie only, as a GET from the web app does. */
async function signedIn(email: string) {
  const a = await signedInAccount(t, email);
  return { id: a.id, get: (url: string) => t.app.inject({ url: `/api/v1${url}`, headers: { cookie: a.headers.cookie } }) };
}

test('GET /garage lists only the cars the account holds, with what the registry says about them', async () => {
  const owner = await signedIn('g-owner@example.com');
  const stranger = await signedIn('g-stranger@example.com');
  await t.modules.vehicles.garage.assign(VIN, owner.id, new Date(t.clock.now().getTime() - 60_000));
  await t.modules.vehicles.garage.assign(VIN, owner.id, t.clock.now()); // a no-op: already held

  const mine = await owner.get('/garage');
  assert.equal(mine.statusCode, 200);
  assert.deepEqual(
    mine.json().vehicles.map((v: Record<string, unknown>) => [v.vin, v.brand, v.model, v.modelYear, v.powertrain]),
    [[VIN, 'Aurelia', 'Vela', 2019, 'PHEV']],
  );
  assert.equal((await owner.get(`/garage/${VIN}`)).statusCode, 200);
  assert.equal((await owner.get(`/garage/${OTHER}`)).statusCode, 404);

  assert.deepEqual((await stranger.get('/garage')).json().vehicles, []);
  const foreign = await stranger.get(`/garage/${VIN}`);
  assert.equal(foreign.statusCode, 404);
  assert.equal(foreign.json().code, 'garage.not_held');
  const status = await stranger.get(`/vehicles/${VIN}/status`);
  assert.equal(status.statusCode, 403);
  assert.equal(status.json().code, 'vehicle.not_holder');
  assert.equal((await owner.get(`/vehicles/${VIN}/status`)).statusCode, 200);
});

test('the garage needs a signed-in account and a valid VIN', async () => {
  assert.equal((await t.app.inject('/api/v1/garage')).statusCode, 401);
  const someone = await signedIn('g-vin@example.com');
  const bad = await someone.get('/garage/not-a-vin');
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().field, 'vin');
});
