import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testPlatform, type TestPlatform } from '../../test-support';
import { aBrowser, anActiveOwner, formAction, hiddenInputs, PASSWORD, tokenRequest, type Browser } from './oauth.test-support';

const VIN = 'SAUVL0AB6KA010000';
const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
let t: TestPlatform;

before(async () => {
  t = await testPlatform();
  const record = {
    vin: VIN,
    brand: 'Aurelia',
    model: 'Vela',
    model_year: 2019,
    powertrain: 'PHEV',
    head_unit: 'mm21',
    smart_connect: 'yes',
    market: 'GB',
    delivery_date: '2019-06-04',
    device_secret: 'a-long-device-secret-0001',
  };
  const s = await t.modules.vehicles.service.importRegistry([{ line: 1, record }]);
  assert.equal(s.imported, 1);
});
after(() => t.close());

async function startDeviceFlow(extra: Record<string, string> = { vin: VIN }, headers: Record<string, string> = {}) {
  const r = await t.app.inject({
    method: 'POST',
    url: '/oauth/device/auth',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    payload: new URLSearchParams({ client_id: 'marque-headunit', scope: 'openid profile offline_access read_status', ...extra }).toString(),
  });
  return { status: r.statusCode, body: r.json() as Record<string, string> };
}

const poll = (deviceCode: string) =>
  tokenRequest(t.app, { grant_type: DEVICE_GRANT, device_code: deviceCode, client_id: 'marque-headunit' });

const pathOf = (u: string) => {
  const url = new URL(u, 'http://localhost');
  return url.pathname + url.search;
};

/** What the phone shows after scanning the QR code: the provider's self-submitting page, then the confirmation. */
async function openQrCode(b: Browser, verificationUriComplete: string) {
  const landing = await b.get(pathOf(verificationUriComplete));
  assert.match(landing.response.body, /document\.forms\[0\]\.submit/);
  return b.post(pathOf(formAction(landing.response.body, '/device')), hiddenInputs(landing.response.body));
}

test('device flow: the owner confirms on a page naming the car, signs in, allows, and the head unit gets tokens', async () => {
  await anActiveOwner(t, 'driver@example.com', 'Dana Driver');
  const device = await startDeviceFlow();
  assert.equal(device.status, 200, JSON.stringify(device.body));
  assert.match(device.body.user_code!, /^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
  assert.equal((await poll(device.body.device_code!)).body.error, 'authorization_pending');

  // The phone opens the QR code's verification_uri_complete, not signed in to the web app.
  const b = aBrowser(t.app);
  const confirm = await openQrCode(b, device.body.verification_uri_complete!);
  assert.equal(confirm.response.statusCode, 200);
  assert.match(confirm.response.body, /Head unit of Aurelia Vela SAUVL0AB6KA010000/);
  assert.ok(confirm.response.body.includes(device.body.user_code!));

  const signIn = await b.post(pathOf(formAction(confirm.response.body, '/device')), hiddenInputs(confirm.response.body));
  assert.match(signIn.response.body, /Sign in to Marque/);
  const wrong = await b.post(formAction(signIn.response.body, '/login'), { email: 'driver@example.com', password: 'wrong password!' });
  assert.equal(wrong.response.statusCode, 401);
  assert.match(wrong.response.body, /not right/);

  const consent = await b.post(formAction(wrong.response.body, '/login'), { email: 'driver@example.com', password: PASSWORD });
  assert.equal(consent.response.statusCode, 200, consent.response.body);
  assert.match(consent.response.body, /Allow Head unit of Aurelia Vela SAUVL0AB6KA010000\?/);
  assert.match(consent.response.body, /Signed in as <strong>Dana Driver<\/strong>/);

  const success = await b.post(formAction(consent.response.body, '/confirm'));
  assert.equal(success.response.statusCode, 200);
  assert.match(success.response.body, /Marque head unit is now signed in/);

  const tokens = await poll(device.body.device_code!);
  assert.equal(tokens.status, 200, JSON.stringify(tokens.body));
  assert.ok(tokens.body.refresh_token);
  // The head unit is first-party: its token reads the profile ("Signed in as …").
  const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${tokens.body.access_token}` } });
  assert.equal(me.statusCode, 200, me.body);
  assert.equal(me.json().name, 'Dana Driver');
  const refreshed = await tokenRequest(t.app, { grant_type: 'refresh_token', refresh_token: tokens.body.refresh_token!, client_id: 'marque-headunit' });
  assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
  assert.notEqual(refreshed.body.refresh_token, tokens.body.refresh_token);

  const apps = await t.app.inject({ method: 'GET', url: '/api/v1/me/apps', headers: { cookie: b.cookieHeader() } });
  assert.deepEqual(
    apps.json().apps.map((a: { clientName: string }) => a.clientName),
    ['Marque head unit'],
  );
  // The device code is single-use: replaying it revokes what it granted.
  assert.equal((await poll(device.body.device_code!)).status, 400);
  const after = await tokenRequest(t.app, { grant_type: 'refresh_token', refresh_token: refreshed.body.refresh_token!, client_id: 'marque-headunit' });
  assert.equal(after.status, 400);
});

test('device flow: a signed-in owner goes straight to consent; denying ends the flow with access_denied', async () => {
  await anActiveOwner(t, 'second@example.com');
  const b = aBrowser(t.app);
  await b.signIn('second@example.com');
  const device = await startDeviceFlow();
  const confirm = await openQrCode(b, device.body.verification_uri_complete!);
  const consent = await b.post(pathOf(formAction(confirm.response.body, '/device')), hiddenInputs(confirm.response.body));
  assert.match(consent.response.body, /Allow Head unit of Aurelia Vela/);
  await b.post(formAction(consent.response.body, '/abort'));
  assert.equal((await poll(device.body.device_code!)).body.error, 'access_denied');
});

test('device flow: a malformed VIN is refused at the device authorization request', async () => {
  const r = await startDeviceFlow({ vin: 'NOT-A-VIN' });
  assert.equal(r.status, 400);
  assert.equal(r.body.error, 'invalid_request');
});

test('device flow: the head-unit page may start it from the same origin, a foreign site may not', async () => {
  const same = await startDeviceFlow({ vin: VIN }, { host: 'marque.test', origin: 'http://marque.test' });
  assert.equal(same.status, 200, JSON.stringify(same.body));
  const foreign = await startDeviceFlow({ vin: VIN }, { host: 'marque.test', origin: 'https://evil.example' });
  assert.equal(foreign.status, 400);
});
