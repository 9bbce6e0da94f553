import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { legalSeed } from '@marque/privacy';
import { testPlatform, type TestPlatform } from '../test-support';

let t: TestPlatform;
const VIN = 'SAULM1AB3LA010001';

before(async () => {
  t = await testPlatform();
  for (const d of legalSeed()) await t.modules.privacy.service.publish(d);
  const s = await t.modules.vehicles.service.importRegistry([
    {
      line: 1,
      record: {
        vin: VIN,
        brand: 'Aurelia',
        model: 'Lumen',
        model_year: 2020,
        powertrain: 'BEV',
        head_unit: 'mm19',
        smart_connect: 'no',
        market: 'GB',
        delivery_date: '2020-05-20',
        device_secret: 'a-long-device-secret-0002',
      },
    },
  ]);
  assert.equal(s.imported, 1);
});
after(() => t.close());

async function user(email: string) {
  const a = await t.modules.accounts.service.createActiveAccount({
    email,
    password: 'correct horse battery',
    name: 'U',
    market: 'GB',
    roles: ['customer'],
  });
  const r = await t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password: 'correct horse battery' } });
  const jar = Object.fromEntries(r.cookies.map((c) => [c.name, c.value]));
  const call = (url: string, method: 'GET' | 'PUT' = 'GET', payload?: Record<string, unknown>) =>
    t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: {
        cookie: `marque_session=${jar.marque_session}; marque_csrf=${jar.marque_csrf}`,
        'x-csrf-token': jar.marque_csrf!,
      },
      ...(payload ? { payload } : {}),
    });
  const terms = await t.modules.privacy.service.termsStatus(a.id, { market: 'GB', language: 'en' });
  if (terms.currentVersion !== null)
    await t.modules.privacy.service.acceptTerms(a.id, { market: 'GB', language: 'en' }, terms.currentVersion);
  return { id: a.id, call };
}

test('the car’s location is refused once location_history consent is withdrawn, and served again when given', async () => {
  const owner = await user('loc-owner@example.com');
  const stranger = await user('loc-stranger@example.com');
  await t.modules.vehicles.garage.assign(VIN, owner.id, t.clock.now());

  assert.equal((await owner.call(`/vehicles/${VIN}/location`)).statusCode, 200, 'never asked: served');
  assert.equal((await owner.call('/me/consents/location_history', 'PUT', { granted: false, method: 'app' })).statusCode, 200);
  const refused = await owner.call(`/vehicles/${VIN}/location`);
  assert.equal(refused.statusCode, 403);
  assert.match(refused.headers['content-type'] as string, /application\/problem\+json/);
  assert.equal(refused.json().code, 'consent.location_history');
  assert.equal((await owner.call(`/vehicles/${VIN}/status`)).statusCode, 200, 'the status route is not affected');

  // The existing authorisation still comes first: a car the caller does not hold is refused as before.
  await stranger.call('/me/consents/location_history', 'PUT', { granted: false, method: 'app' });
  const foreign = await stranger.call(`/vehicles/${VIN}/location`);
  assert.notEqual(foreign.json().code, 'consent.location_history');
  assert.ok([403, 404].includes(foreign.statusCode));

  await owner.call('/me/consents/location_history', 'PUT', { granted: true, method: 'app' });
  assert.equal((await owner.call(`/vehicles/${VIN}/location`)).statusCode, 200, 'given again: served');
});
