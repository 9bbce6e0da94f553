import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { unzipSync, strFromU8 } from 'fflate';
import { testPlatform, signedInAccount, type TestPlatform } from '../test-support';

let t: TestPlatform;
before(async () => {
  t = await testPlatform();
});
after(() => t.close());

/** The signed-in account's calls, as `me('GET', '/me/exports')`. */
const signedIn = async (email: string) => (await signedInAccount(t, email)).call;

test('an export is built by the worker, announced by e-mail, and holds one documented JSON file per module', async () => {
  const me = await signedIn('export-owner@example.com');
  await me('PUT', '/me/consents/driving_analytics', { granted: true });
  const requested = await me('POST', '/me/exports');
  assert.equal(requested.statusCode, 202);
  const { id, status } = requested.json();
  assert.equal(status, 'queued');
  assert.equal((await me('POST', '/me/exports')).json().id, id, 'a second request while one is queued returns it');
  assert.equal((await me('GET', `/me/exports/${id}/archive`)).statusCode, 409);

  await t.modules.jobs.service.tick();
  const listed = (await me('GET', '/me/exports')).json();
  assert.equal(listed[0].status, 'ready');
  assert.ok(listed[0].sizeBytes > 100);
  assert.ok(t.mailbox.list('export-owner@example.com').some((m) => /export is ready/.test(m.subject)));

  const zip = await me('GET', `/me/exports/${id}/archive`);
  assert.equal(zip.statusCode, 200);
  assert.equal(zip.headers['content-type'], 'application/zip');
  const files = unzipSync(new Uint8Array(zip.rawPayload));
  const index = JSON.parse(strFromU8(files['index.json']!));
  // Every module that holds personal data contributes a file.
  assert.deepEqual(index.files.map((f: { file: string }) => f.file).sort(), [
    'account.json',
    'connected-apps.json',
    'garage.json',
    'maintenance.json',
    'notifications.json',
    'privacy.json',
    'remote-commands.json',
    'subscriptions.json',
    'trips.json',
  ]);
  for (const f of index.files) assert.ok(f.description.length > 10, f.file);
  assert.equal(JSON.parse(strFromU8(files['account.json']!)).profile.email, 'export-owner@example.com');
  const privacy = JSON.parse(strFromU8(files['privacy.json']!));
  assert.equal(privacy.consentRecords[0].purpose, 'driving_analytics');
});

test('another account cannot see or download my export; an expired one is gone', async () => {
  const owner = await signedIn('export-a@example.com');
  const other = await signedIn('export-b@example.com');
  const { id } = (await owner('POST', '/me/exports')).json();
  await t.modules.jobs.service.tick();
  assert.equal((await other('GET', `/me/exports/${id}/archive`)).statusCode, 404);
  assert.deepEqual((await other('GET', '/me/exports')).json(), []);
  assert.equal((await owner('GET', `/me/exports/${id}/archive`)).statusCode, 200);
  t.clock.advance(8 * 86_400_000);
  const expired = await owner('GET', `/me/exports/${id}/archive`);
  assert.equal(expired.statusCode, 410);
  assert.equal(expired.json().code, 'export.expired');
});

test('exports need a signed-in account', async () => {
  assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/me/exports' })).statusCode, 401);
});
