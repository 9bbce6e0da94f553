import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { legalSeed } from '@marque/privacy';
import { testPlatform, type TestPlatform } from '../test-support';

let t: TestPlatform;
before(async () => {
  t = await testPlatform();
  for (const d of legalSeed()) await t.modules.privacy.service.publish(d);
});
after(() => t.close());

test('connected services refuse an account until it accepts the current terms, and ask again for a new version', async () => {
  const email = 'terms-guard@example.com';
  await t.modules.accounts.service.createActiveAccount({ email, password: 'correct horse battery', name: 'T', market: 'GB', roles: ['customer'] });
  const r = await t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password: 'correct horse battery' } });
  const jar = Object.fromEntries(r.cookies.map((c) => [c.name, c.value]));
  const headers = { cookie: `marque_session=${jar.marque_session}; marque_csrf=${jar.marque_csrf}`, 'x-csrf-token': jar.marque_csrf! };
  const status = () => t.app.inject({ method: 'GET', url: '/api/v1/vehicles/SAUVL0AB6KA010000/status', headers });

  const refused = await status();
  assert.equal(refused.statusCode, 403);
  assert.equal(refused.json().code, 'terms.not_accepted');

  await t.app.inject({ method: 'POST', url: '/api/v1/me/terms/accept', headers, payload: { version: 1 } });
  const after = await status();
  assert.notEqual(after.json().code, 'terms.not_accepted', 'past the terms, the holder check decides');

  await t.modules.privacy.service.publish({ kind: 'terms', market: 'GB', language: 'en', version: 2, title: 'Terms v2', body: 'Changed.' });
  assert.equal((await status()).json().code, 'terms.not_accepted');
});
