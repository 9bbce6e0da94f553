import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testPlatform, signedInAccount, importVehicles, TEST_PASSWORD, type TestPlatform } from '../test-support';
import { aBrowser, formAction, hiddenInputs, tokenRequest } from './oauth/oauth.test-support';

// Issue 5: the head unit's user profiles, Multimedia started in the car, and the owner-only rules around both.
let t: TestPlatform;
const VIN = 'SAULM1AB3LA010001'; // mm19: Multimedia available
const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

before(async () => {
  t = await testPlatform();
  t.clock.set(new Date('2026-11-27T10:00:00Z'));
  await importVehicles(t, { vin: VIN, head_unit: 'mm19', smart_connect: 'no', model_year: 2020, delivery_date: '2020-05-20' });
});
after(() => t.close());

const path = (u: string) => {
  const url = new URL(u, 'http://localhost');
  return url.pathname + url.search;
};

/** The device flow as the car's screen runs it, confirmed on the phone by `email`; returns the head unit's tokens. */
async function signInOnHeadUnit(email: string): Promise<{ access: string; refresh: string }> {
  const start = await t.app.inject({
    method: 'POST',
    url: '/oauth/device/auth',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ client_id: 'marque-headunit', scope: 'openid profile offline_access read_status', vin: VIN }).toString(),
  });
  const device = start.json() as Record<string, string>;
  const b = aBrowser(t.app);
  await b.signIn(email, TEST_PASSWORD);
  const landing = await b.get(path(device.verification_uri_complete!));
  const confirm = await b.post(path(formAction(landing.response.body, '/device')), hiddenInputs(landing.response.body));
  const consent = await b.post(path(formAction(confirm.response.body, '/device')), hiddenInputs(confirm.response.body));
  await b.post(formAction(consent.response.body, '/confirm'));
  const tokens = await tokenRequest(t.app, { grant_type: DEVICE_GRANT, device_code: device.device_code!, client_id: 'marque-headunit' });
  assert.equal(tokens.status, 200, JSON.stringify(tokens.body));
  return { access: tokens.body.access_token!, refresh: tokens.body.refresh_token! };
}

const car = (token: string, method: 'GET' | 'POST' | 'DELETE', url: string) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: { authorization: `Bearer ${token}` } });
const me = async (token: string) => (await car(token, 'GET', '/me')).statusCode;

let holder: Awaited<ReturnType<typeof signedInAccount>>;
let guest: Awaited<ReturnType<typeof signedInAccount>>;
let holderToken: string;
let guestToken: string;

test('signing in on the head unit stores a profile the car and the app both show; a web session cannot pose as the car', async () => {
  holder = await signedInAccount(t, 'hu-holder@example.com');
  guest = await signedInAccount(t, 'hu-guest@example.com');
  await t.modules.vehicles.garage.assign(VIN, holder.id, t.clock.now());
  assert.equal((await holder.call('GET', `/vehicles/${VIN}/headunit-profile`)).json().profile, null);

  holderToken = (await signInOnHeadUnit('hu-holder@example.com')).access;
  const made = await car(holderToken, 'POST', `/headunit/${VIN}/profiles`);
  assert.equal(made.statusCode, 201, made.body);
  assert.equal(made.json().displayName, 'Tester');
  assert.equal(made.json().signedInAt, '2026-11-27T10:00:00.000Z');
  // The web app's session is not the head unit.
  assert.equal((await holder.call('POST', `/headunit/${VIN}/profiles`)).json().code, 'headunit.client');
  assert.equal((await car('not-a-real-token-at-all', 'POST', `/headunit/${VIN}/profiles`)).statusCode, 401);

  guestToken = (await signInOnHeadUnit('hu-guest@example.com')).access;
  assert.equal((await car(guestToken, 'POST', `/headunit/${VIN}/profiles`)).statusCode, 201);
  const onCar = (await t.app.inject({ method: 'GET', url: `/api/v1/headunit/${VIN}/profiles` })).json().profiles;
  assert.equal(onCar.length, 2);
  assert.ok(onCar.every((p: { active: boolean }) => p.active));
  const mine = (await holder.call('GET', `/vehicles/${VIN}/headunit-profile`)).json().profile;
  assert.equal(mine.id, made.json().id);
});

test('Multimedia starts in the car: the app cannot start it, the head unit offers it to the holder with its terms', async () => {
  const fromApp = await holder.call('POST', `/vehicles/${VIN}/services/multimedia/subscribe`);
  assert.equal(fromApp.statusCode, 409);
  assert.equal(fromApp.json().code, 'services.start_in_car');
  // A guest signed in on the car is not the holder: no offer, no start.
  assert.equal((await car(guestToken, 'GET', `/headunit/${VIN}/multimedia`)).json().code, 'vehicle.not_holder');
  assert.equal((await car(guestToken, 'POST', `/headunit/${VIN}/multimedia/accept`)).statusCode, 403);

  const offer = (await car(holderToken, 'GET', `/headunit/${VIN}/multimedia`)).json();
  assert.equal(offer.state, 'available');
  assert.match(offer.terms, /free for 3 years/);
  t.clock.set(new Date('2026-11-27T10:05:00Z'));
  const started = await car(holderToken, 'POST', `/headunit/${VIN}/multimedia/accept`);
  assert.equal(started.statusCode, 200, started.body);
  assert.deepEqual([started.json().state, started.json().until], ['active', '2029-11-27T10:05:00.000Z']);
  const centre = (await holder.call('GET', `/vehicles/${VIN}/services`)).json();
  assert.equal(centre.packages[1].until, '2029-11-27T10:05:00.000Z');

  // Cancel in the app, and subscribe again within the term: the term does not restart.
  t.clock.set(new Date('2026-11-27T11:00:00Z'));
  assert.equal((await holder.call('POST', `/vehicles/${VIN}/services/multimedia/cancel`)).json().packages[1].state, 'cancelled');
  const again = (await holder.call('POST', `/vehicles/${VIN}/services/multimedia/subscribe`)).json().packages[1];
  assert.deepEqual([again.state, again.until], ['active', '2029-11-27T10:05:00.000Z']);
  // Accepting again in the car changes nothing either.
  assert.equal((await car(holderToken, 'POST', `/headunit/${VIN}/multimedia/accept`)).json().until, '2029-11-27T10:05:00.000Z');
});

test('removing profiles: a guest may remove only its own; the owner-holder may remove anyone’s; removal revokes the head unit’s tokens', async () => {
  const profiles = (await t.app.inject({ method: 'GET', url: `/api/v1/headunit/${VIN}/profiles` })).json().profiles as Array<{ id: string; displayName: string }>;
  const [holderProfile, guestProfile] = profiles;
  const refused = await car(guestToken, 'DELETE', `/headunit/${VIN}/profiles/${holderProfile!.id}`);
  assert.equal(refused.statusCode, 403);
  assert.equal(refused.json().code, 'vehicle.not_holder');
  assert.equal((await car(guestToken, 'DELETE', `/headunit/${VIN}/profiles/00000000-0000-4000-8000-000000000000`)).statusCode, 404);
  assert.equal(await me(holderToken), 200);

  // The holder (no ownership recorded: the holder counts as owner) removes the guest's profile from the car.
  assert.equal((await car(holderToken, 'DELETE', `/headunit/${VIN}/profiles/${guestProfile!.id}`)).statusCode, 204);
  assert.equal(await me(guestToken), 401, 'the guest’s head-unit token is revoked');
  assert.equal((await guest.call('GET', `/vehicles/${VIN}/headunit-profile`)).json().profile, null);
  assert.equal((await guest.call('DELETE', `/vehicles/${VIN}/headunit-profile`)).json().code, 'headunit.no_profile');

  // Once a retailer recorded someone else as the owner, the holder may remove only its own profile.
  guestToken = (await signInOnHeadUnit('hu-guest@example.com')).access;
  const guestAgain = (await car(guestToken, 'POST', `/headunit/${VIN}/profiles`)).json();
  const retailer = await signedInAccount(t, 'hu-dealer@example.com', { roles: ['retailer'] });
  const rec = await retailer.call('POST', '/retailer/ownership-changes', { vin: VIN, ownerEmail: 'someone-else@example.com', effectiveDate: '2026-11-01' });
  assert.equal(rec.statusCode, 201, rec.body);
  const notOwner = await car(holderToken, 'DELETE', `/headunit/${VIN}/profiles/${guestAgain.id}`);
  assert.equal(notOwner.statusCode, 403);
  assert.equal(notOwner.json().code, 'ownership.required');
  assert.equal(await me(guestToken), 200);

  // From the app, the holder removes its own profile: the car no longer lists it and its head-unit token is dead.
  assert.equal((await holder.call('DELETE', `/vehicles/${VIN}/headunit-profile`)).statusCode, 204);
  assert.equal(await me(holderToken), 401);
  const left = (await t.app.inject({ method: 'GET', url: `/api/v1/headunit/${VIN}/profiles` })).json().profiles;
  assert.deepEqual(left.map((p: { id: string }) => p.id), [guestAgain.id]);
});

test('selling through a retailer: only the registered owner announces; the retailer completes it with the buyer’s e-mail', async () => {
  const retailer = await signedInAccount(t, 'sale-dealer@example.com', { roles: ['retailer'] });
  // The holder is not the registered owner (someone-else@example.com is, from the previous test).
  const refused = await holder.call('POST', `/vehicles/${VIN}/sale`);
  assert.equal(refused.statusCode, 403);
  assert.equal(refused.json().code, 'ownership.required');
  assert.equal((await guest.call('POST', `/vehicles/${VIN}/sale`)).json().code, 'vehicle.not_holder');

  await retailer.call('POST', '/retailer/ownership-changes', { vin: VIN, ownerEmail: 'hu-holder@example.com', effectiveDate: '2026-11-20' });
  const sale = await holder.call('POST', `/vehicles/${VIN}/sale`);
  assert.equal(sale.statusCode, 201, sale.body);
  assert.equal((await holder.call('POST', `/vehicles/${VIN}/sale`)).statusCode, 200, 'announcing twice keeps one sale');
  assert.equal((await holder.call('GET', `/vehicles/${VIN}/sale`)).json().sale.status, 'pending');
  assert.equal((await guest.call('GET', `/vehicles/${VIN}/sale`)).json().sale, null);

  assert.equal((await holder.call('GET', '/retailer/sales')).json().code, 'auth.role');
  const pending = (await retailer.call('GET', '/retailer/sales')).json().sales;
  assert.deepEqual(pending.map((s: { vin: string; sellerEmail: string }) => [s.vin, s.sellerEmail]), [[VIN, 'hu-holder@example.com']]);
  assert.equal((await retailer.call('GET', '/retailer/sales')).json().next, null);
  assert.deepEqual((await retailer.call('GET', `/retailer/sales?vin=${VIN.slice(0, 6)}`)).json().sales.length, 1);
  assert.deepEqual((await retailer.call('GET', '/retailer/sales?vin=SMKZZZ')).json().sales, []);
  for (const bad of ['limit=0', 'limit=many', 'vin=SMK%25', 'before=nonsense']) {
    const r = await retailer.call('GET', `/retailer/sales?${bad}`);
    assert.equal(r.statusCode, 400, bad);
    assert.match(r.headers['content-type'] as string, /problem\+json/);
  }
  const id = pending[0].id as string;
  const same = await retailer.call('POST', `/retailer/sales/${id}/complete`, { buyerEmail: 'HU-holder@example.com', effectiveDate: '2026-11-27' });
  assert.equal(same.statusCode, 400);
  assert.equal(same.json().code, 'sale.same_person');
  assert.equal((await retailer.call('POST', `/retailer/sales/${id}/complete`, { buyerEmail: 'not an e-mail', effectiveDate: '2026-11-27' })).statusCode, 400);
  // A date in the future is refused by the ownership record, and the sale stays pending.
  const future = await retailer.call('POST', `/retailer/sales/${id}/complete`, { buyerEmail: 'buyer@example.com', effectiveDate: '2027-01-01' });
  assert.equal(future.statusCode, 400);
  assert.equal(future.json().errors?.[0]?.field ?? future.json().field, 'effectiveDate');
  assert.equal((await holder.call('GET', `/vehicles/${VIN}/sale`)).json().sale.status, 'pending');
  const done = await retailer.call('POST', `/retailer/sales/${id}/complete`, { buyerEmail: 'buyer@example.com', effectiveDate: '2026-11-27' });
  assert.equal(done.statusCode, 200, done.body);
  assert.equal(done.json().record.ownerEmail, 'buyer@example.com');
  assert.equal((await retailer.call('POST', `/retailer/sales/${id}/complete`, { buyerEmail: 'buyer@example.com', effectiveDate: '2026-11-27' })).json().code, 'sale.closed');
  assert.deepEqual((await retailer.call('GET', '/retailer/sales')).json().sales, []);
  // The seller is no longer the registered owner: a new announcement is refused.
  assert.equal((await holder.call('POST', `/vehicles/${VIN}/sale`)).json().code, 'ownership.required');
});

test('a handover leaves the previous holder’s profile on the screen as display-only, with its head-unit token revoked', async () => {
  holderToken = (await signInOnHeadUnit('hu-holder@example.com')).access;
  assert.equal((await car(holderToken, 'POST', `/headunit/${VIN}/profiles`)).statusCode, 201);
  const buyer = await signedInAccount(t, 'buyer@example.com');
  await t.modules.vehicles.garage.add(buyer.id, VIN);
  const ts = t.clock.now().toISOString();
  const reading = JSON.stringify({ seq: 1, samples: [{ ts, signals: { 'Vehicle.TraveledDistance': 42_000_000, 'Vehicle.Speed': 0 } }] });
  assert.equal(await t.modules.telemetry.ingest.submit(VIN, 'telemetry', reading), 'stored');
  const activated = await buyer.call('POST', `/vehicles/${VIN}/activation`, { method: 'odometer', odometerKm: 42_000 });
  assert.equal(activated.statusCode, 200, activated.body);

  assert.equal(await me(holderToken), 401);
  const mine = (await holder.call('GET', `/vehicles/${VIN}/headunit-profile`)).json().profile;
  assert.equal(mine.active, false);
  // The new holder is the registered owner (the sale was completed for buyer@example.com): it may clear the screen.
  const buyerToken = (await signInOnHeadUnit('buyer@example.com')).access;
  assert.equal((await car(buyerToken, 'POST', `/headunit/${VIN}/profiles`)).statusCode, 201);
  assert.equal((await car(buyerToken, 'DELETE', `/headunit/${VIN}/profiles/${mine.id}`)).statusCode, 204);
  assert.equal((await holder.call('GET', `/vehicles/${VIN}/headunit-profile`)).json().profile, null);
});
