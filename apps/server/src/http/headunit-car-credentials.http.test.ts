import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { testPlatform, signedInAccount, importVehicles, TEST_PASSWORD, type TestPlatform } from '../test-support';
import { createAuth } from './auth';
import { oauthBearer } from '../oauth-wiring';
import { headUnitProfileRoutes } from './routes/headunit.routes';
import { aBrowser, formAction, hiddenInputs, tokenRequest } from './oauth/oauth.test-support';

// Outside demo mode the head unit's calls also carry the car's own credentials (VIN and device secret).
let t: TestPlatform;
const VIN = 'SAULM1AB3LA010001';
const SECRET = 'a-long-device-secret-0042';

/** The same routes as production mounts them with demo off, under /api/v1/strict (the platform under test is in demo mode). */
function strictRoutes(app: FastifyInstance) {
  const modules = () => t.modules;
  const auth = () => createAuth({ sessions: modules().accounts.sessions, bearer: oauthBearer(modules()) });
  void app.register(
    headUnitProfileRoutes({
      get vehicles() {
        return modules().vehicles;
      },
      get subscriptions() {
        return modules().subscriptions;
      },
      preHandler: (req: FastifyRequest) => auth().requireAccount(req),
      headUnitGrantOf: (token) => modules().headUnitGrantOf(token),
      demo: false,
    }),
    { prefix: '/strict' },
  );
}

before(async () => {
  t = await testPlatform({ extraRoutes: [strictRoutes] });
  await importVehicles(t, { vin: VIN, head_unit: 'mm19', smart_connect: 'no', model_year: 2020, delivery_date: '2020-05-20', device_secret: SECRET });
});
after(() => t.close());

async function headUnitToken(email: string): Promise<string> {
  const start = await t.app.inject({
    method: 'POST',
    url: '/oauth/device/auth',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ client_id: 'marque-headunit', scope: 'openid profile offline_access', vin: VIN }).toString(),
  });
  const device = start.json() as Record<string, string>;
  const b = aBrowser(t.app);
  await b.signIn(email, TEST_PASSWORD);
  const rel = (u: string) => new URL(u, 'http://localhost').pathname + new URL(u, 'http://localhost').search;
  const landing = await b.get(rel(device.verification_uri_complete!));
  const confirm = await b.post(rel(formAction(landing.response.body, '/device')), hiddenInputs(landing.response.body));
  const consent = await b.post(rel(formAction(confirm.response.body, '/device')), hiddenInputs(confirm.response.body));
  await b.post(formAction(consent.response.body, '/confirm'));
  const tokens = await tokenRequest(t.app, { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: device.device_code!, client_id: 'marque-headunit' });
  return tokens.body.access_token!;
}

const basic = (user: string, secret: string) => `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;

test('without the car’s credentials, or with wrong ones, the head unit’s calls are refused; with them they pass', async () => {
  await signedInAccount(t, 'strict@example.com');
  const token = await headUnitToken('strict@example.com');
  const call = (creds?: string) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/strict/headunit/${VIN}/profiles`,
      headers: { authorization: `Bearer ${token}`, ...(creds ? { 'x-vehicle-credentials': creds } : {}) },
    });
  for (const creds of [undefined, basic(VIN, 'not-the-secret-at-all'), basic('SAUVL0AB6KA010000', SECRET), 'garbage']) {
    const r = await call(creds);
    assert.equal(r.statusCode, 401, `${creds}: ${r.body}`);
    assert.equal(r.json().code, 'headunit.credentials');
  }
  assert.equal((await t.app.inject({ method: 'GET', url: `/api/v1/strict/headunit/${VIN}/profiles` })).statusCode, 401);
  const ok = await call(basic(VIN, SECRET));
  assert.equal(ok.statusCode, 201, ok.body);
  const list = await t.app.inject({ method: 'GET', url: `/api/v1/strict/headunit/${VIN}/profiles`, headers: { 'x-vehicle-credentials': basic(VIN, SECRET) } });
  assert.equal(list.json().profiles.length, 1);
});
