import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '@marque/db';
import { testDatabase } from '@marque/db/testing';
import { createOAuthRepository, type OAuthRepository } from './oauth.repository';
import { createAdapterFactory } from './oauth.adapter';
import { loadServerKeys } from './keys';

let database: Database;
let repo: OAuthRepository;
before(async () => {
  database = await testDatabase();
  repo = createOAuthRepository(database.db);
});
after(() => database.close());

const later = () => new Date(Date.now() + 60_000);

test('signing keys are generated once and then read back (every process and restart signs alike)', async () => {
  const a = await loadServerKeys(repo);
  const b = await loadServerKeys(createOAuthRepository(database.db));
  assert.deepEqual(a, b);
  assert.equal(a.jwks.keys[0]!.alg, 'RS256');
  assert.ok(a.jwks.keys[0]!.d, 'the private key is kept (the provider publishes only the public half)');
});

test('adapter: find by id, uid and user code; expired rows are not found; consume is recorded', async () => {
  const adapter = createAdapterFactory(repo);
  await adapter('Session').upsert('s1', { uid: 'u1', accountId: 'acc-1' }, 60);
  await adapter('DeviceCode').upsert('d1', { userCode: 'BCDF-GHJK', grantId: 'g0' }, 60);
  assert.equal((await adapter('Session').findByUid('u1'))?.accountId, 'acc-1');
  assert.ok(await adapter('DeviceCode').findByUserCode('BCDF-GHJK'));
  await adapter('AccessToken').upsert('old', { grantId: 'g0' }, -1);
  assert.equal(await adapter('AccessToken').find('old'), undefined);
  await adapter('DeviceCode').consume('d1');
  assert.equal(typeof (await adapter('DeviceCode').find('d1'))?.consumed, 'number');
});

test('adapter: a refresh token consumed twice revokes its grant and fails the second use', async () => {
  const adapter = createAdapterFactory(repo);
  await repo.upsert('Grant', 'g1', { accountId: 'acc-1', clientId: 'c' }, later());
  await adapter('RefreshToken').upsert('rt1', { grantId: 'g1', accountId: 'acc-1' }, 60);
  await adapter('AccessToken').upsert('at1', { grantId: 'g1', accountId: 'acc-1' }, 60);
  await adapter('RefreshToken').consume('rt1');
  await assert.rejects(() => adapter('RefreshToken').consume('rt1'), { name: 'InvalidGrant' });
  assert.equal(await adapter('AccessToken').find('at1'), undefined);
  assert.equal(await repo.find('Grant', 'g1', new Date()), null);
});

test('grants are read and revoked per account; deleting an account removes its grants and tokens', async () => {
  await repo.upsert('Grant', 'ga', { accountId: 'alice', clientId: 'c', iat: 1 }, later());
  await repo.upsert('AccessToken', 'ata', { accountId: 'alice', grantId: 'ga' }, later());
  await repo.upsert('Grant', 'gb', { accountId: 'bob', clientId: 'c', iat: 1 }, later());
  assert.deepEqual((await repo.listGrants('alice', new Date())).map((g) => g.id), ['ga']);
  assert.equal(await repo.findGrant('bob', 'ga', new Date()), null);
  await repo.deleteByAccount('alice');
  assert.deepEqual(await repo.listGrants('alice', new Date()), []);
  assert.equal(await repo.find('AccessToken', 'ata', new Date()), null);
  assert.equal((await repo.listGrants('bob', new Date())).length, 1);
});
