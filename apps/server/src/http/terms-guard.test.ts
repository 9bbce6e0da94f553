import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { legalSeed } from '@marque/privacy';
import { testPlatform, signedInAccount, type TestPlatform } from '../test-support';

let t: TestPlatform;
before(async () => {
  t = await testPlatform();
  for (const d of legalSeed()) await t.modules.privacy.service.publish(d);
});
after(() => t.close());

test('connected services refuse an account until it accepts the current terms, and ask again for a new version', async () => {
  const { call } = await signedInAccount(t, 'terms-guard@example.com');
  const status = () => call('GET', '/vehicles/SAUVL0AB6KA010000/status');

  const refused = await status();
  assert.equal(refused.statusCode, 403);
  assert.equal(refused.json().code, 'terms.not_accepted');

  await call('POST', '/me/terms/accept', { version: 1 });
  const after = await status();
  assert.notEqual(after.json().code, 'terms.not_accepted', 'past the terms, the holder check decides');

  await t.modules.privacy.service.publish({ kind: 'terms', market: 'GB', language: 'en', version: 2, title: 'Terms v2', body: 'Changed.' });
  assert.equal((await status()).json().code, 'terms.not_accepted');
});
