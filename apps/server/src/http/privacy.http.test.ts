import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { legalSeed } from '@marque/privacy';
import type { Role } from '@marque/accounts';
import { testPlatform, type TestPlatform } from '../test-support';

let t: TestPlatform;
before(async () => {
  t = await testPlatform();
  for (const d of legalSeed()) await t.modules.privacy.service.publish(d);
});
after(() => t.close());

const PASSWORD = 'correct horse battery';
type Session = { cookie: string; csrf: string; id: string };

/** An active account (as `marque admin create` makes them), signed in over HTTP. */
async function anAccount(email: string, roles: Role[] = ['customer'], market = 'GB'): Promise<Session> {
  const p = await t.modules.accounts.service.createActiveAccount({ email, password: PASSWORD, name: 'Tester', market, roles });
  const r = await t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password: PASSWORD } });
  const jar = Object.fromEntries(r.cookies.map((c) => [c.name, c.value]));
  return { cookie: `marque_session=${jar.marque_session}; marque_csrf=${jar.marque_csrf}`, csrf: jar.marque_csrf!, id: p.id };
}

function as(s: Session, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) {
  return t.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    ...(payload ? { payload } : {}),
  });
}

test('legal documents are public, default to GB/en or the account’s market, and follow the query', async () => {
  const anon = await t.app.inject('/api/v1/legal/terms');
  assert.equal(anon.statusCode, 200);
  assert.deepEqual([anon.json().market, anon.json().language, anon.json().version], ['GB', 'en', 1]);
  const de = await t.app.inject('/api/v1/legal/privacy?market=de&language=de');
  assert.match(de.json().title, /Datenschutz/);
  const s = await anAccount('p1@example.com', ['customer'], 'DE');
  const mine = await as(s, 'GET', '/legal/terms');
  assert.equal(mine.json().market, 'DE');
});

test('GET /me shows whether the current terms are accepted; only the current version can be accepted', async () => {
  const s = await anAccount('p2@example.com');
  assert.deepEqual((await as(s, 'GET', '/me')).json().terms, { currentVersion: 1, accepted: false, acceptedAt: null });
  const old = await as(s, 'POST', '/me/terms/accept', { version: 7 });
  assert.equal(old.statusCode, 409);
  assert.equal(old.json().code, 'terms.not_current');
  assert.equal((await as(s, 'POST', '/me/terms/accept', { version: 1 })).statusCode, 200);
  assert.equal((await as(s, 'GET', '/me')).json().terms.accepted, true);
});

test('only an admin may publish a legal document; a new terms version asks everyone again', async () => {
  const customer = await anAccount('p3@example.com');
  const admin = await anAccount('p4@example.com', ['admin']);
  await as(customer, 'POST', '/me/terms/accept', { version: 1 });
  const doc = { kind: 'terms', market: 'GB', language: 'en', version: 2, title: 'Terms v2', body: 'Changed.' };
  const refused = await as(customer, 'POST', '/admin/legal', doc);
  assert.equal(refused.statusCode, 403);
  assert.equal(refused.json().code, 'auth.role');
  assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/admin/legal', payload: doc })).statusCode, 401);
  assert.equal((await as(admin, 'POST', '/admin/legal', doc)).statusCode, 201);
  assert.equal((await as(admin, 'POST', '/admin/legal', doc)).statusCode, 409);
  assert.deepEqual((await as(customer, 'GET', '/me')).json().terms.accepted, false);
});

test('consents: one-click toggles with a history, per account, reported by isGranted', async () => {
  const s = await anAccount('p5@example.com');
  const other = await anAccount('p6@example.com');
  const given = await as(s, 'PUT', '/me/consents/location_history', { granted: true });
  assert.equal(given.statusCode, 200);
  assert.equal(given.json().purposes.find((p: { purpose: string }) => p.purpose === 'location_history').granted, true);
  await as(s, 'PUT', '/me/consents/location_history', { granted: false, method: 'app' });
  const view = (await as(s, 'GET', '/me/consents')).json();
  assert.deepEqual(
    view.history.map((h: { action: string; method: string }) => [h.action, h.method]),
    [
      ['withdrawn', 'app'],
      ['given', 'web'],
    ],
  );
  assert.equal(await t.modules.privacy.service.isGranted(s.id, 'location_history'), false);
  assert.deepEqual((await as(other, 'GET', '/me/consents')).json().history, []);
  const unknown = await as(s, 'PUT', '/me/consents/selling_data', { granted: true });
  assert.equal(unknown.statusCode, 400);
  assert.equal(unknown.json().field, 'purpose');
  const noCsrf = await t.app.inject({
    method: 'PUT',
    url: '/api/v1/me/consents/marketing',
    headers: { cookie: s.cookie },
    payload: { granted: true },
  });
  assert.equal(noCsrf.statusCode, 403);
  assert.equal(await t.modules.privacy.service.isGranted(s.id, 'marketing'), false);
});

test('deleting the account needs the password and DELETE, erases consents and signs out', async () => {
  const s = await anAccount('p7@example.com');
  await as(s, 'PUT', '/me/consents/marketing', { granted: true });
  await as(s, 'POST', '/me/terms/accept', { version: (await as(s, 'GET', '/me')).json().terms.currentVersion });
  const noConfirm = await as(s, 'DELETE', '/me', { password: PASSWORD, confirm: 'yes' });
  assert.equal(noConfirm.statusCode, 400);
  assert.equal(noConfirm.json().field, 'confirm');
  const wrong = await as(s, 'DELETE', '/me', { password: 'not my password', confirm: 'DELETE' });
  assert.equal(wrong.statusCode, 400);
  assert.equal(wrong.json().field, 'password');
  const r = await as(s, 'DELETE', '/me', { password: PASSWORD, confirm: 'DELETE' });
  assert.equal(r.statusCode, 200);
  const erased = r.json().erased as string[];
  assert.ok(erased.includes('privacy'), 'privacy registered its eraser');
  assert.equal(erased.at(-1), 'accounts', 'accounts tombstones last');
  assert.equal((await as(s, 'GET', '/me')).statusCode, 401);
  assert.equal((await t.modules.privacy.service.consents(s.id, { market: 'GB', language: 'en' })).history.length, 0);
  assert.equal(await t.modules.privacy.service.isGranted(s.id, 'marketing'), false);
  const signIn = await t.app.inject({
    method: 'POST',
    url: '/api/v1/session',
    payload: { email: 'p7@example.com', password: PASSWORD },
  });
  assert.equal(signIn.statusCode, 401);
});
