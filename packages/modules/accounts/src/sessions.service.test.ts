import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { AppError } from '@marque/kernel';
import { accounts } from './accounts.schema';
import { accountsHarness, aRegistration, type AccountsHarness } from './test-support';
import { SESSION_IDLE_MS } from './sessions.service';

let h: AccountsHarness;
before(async () => {
  h = await accountsHarness();
});
after(() => h.database.close());

const MIN = 60_000;
const client = (ip = '10.1.1.1') => ({ ip, userAgent: 'Firefox test' });

/** An active account with the default password. */
async function anActiveAccount(email: string) {
  await h.module.service.register(aRegistration({ email }));
  return h.module.service.activate(h.tokenFrom(email, '/app/activate'));
}

test('sign-in gives a session that resolves to the account; sign-out ends it', async () => {
  const a = await anActiveAccount('s1@example.com');
  const { token, principal } = await h.module.sessions.signIn(
    { email: 'S1@example.com', password: 'correct horse battery' },
    client(),
  );
  assert.equal(principal.accountId, a.id);
  assert.deepEqual(principal.roles, ['customer']);
  assert.equal((await h.module.sessions.resolve(token))?.accountId, a.id);
  await h.module.sessions.signOut(token);
  assert.equal(await h.module.sessions.resolve(token), null);
  assert.equal(await h.module.sessions.resolve('made-up-session-id'), null);
});

test('five failures lock the account for 15 minutes, even for the right password, with Retry-After', async () => {
  await anActiveAccount('s2@example.com');
  const attempt = (password: string, ip?: string) => h.module.sessions.signIn({ email: 's2@example.com', password }, client(ip));
  for (let i = 0; i < 5; i++) await assert.rejects(attempt('not the password'), (e: AppError) => e.kind === 'unauthenticated');
  await assert.rejects(
    attempt('correct horse battery', '10.1.1.2'),
    (e: AppError) => e.kind === 'rate_limited' && e.details.retryAfterSeconds === 900,
  );
  h.clock.advance(10 * MIN);
  await assert.rejects(
    attempt('correct horse battery'),
    (e: AppError) => e.kind === 'rate_limited' && e.details.retryAfterSeconds === 300,
  );
  h.clock.advance(5 * MIN);
  const ok = await attempt('correct horse battery');
  assert.ok(ok.token);
});

test('twenty failures from one address lock that address out, for any account', async () => {
  await anActiveAccount('s3@example.com');
  for (let i = 0; i < 20; i++) {
    await assert.rejects(
      h.module.sessions.signIn({ email: `guess${i}@example.com`, password: 'whatever123' }, client('10.9.9.9')),
      (e: AppError) => e.kind === 'unauthenticated',
    );
  }
  await assert.rejects(
    h.module.sessions.signIn({ email: 's3@example.com', password: 'correct horse battery' }, client('10.9.9.9')),
    (e: AppError) => e.kind === 'rate_limited' && e.details.code === 'sign_in_address.limited',
  );
  const elsewhere = await h.module.sessions.signIn(
    { email: 's3@example.com', password: 'correct horse battery' },
    client('10.9.9.10'),
  );
  assert.ok(elsewhere.token);
});

test('an account lists only its own sessions and cannot revoke another account’s', async () => {
  const a = await anActiveAccount('s4@example.com');
  const b = await anActiveAccount('s5@example.com');
  const sa = await h.module.sessions.signIn({ email: 's4@example.com', password: 'correct horse battery' }, client());
  const sb = await h.module.sessions.signIn({ email: 's5@example.com', password: 'correct horse battery' }, client());
  const listA = await h.module.sessions.list(a.id, sa.principal.sessionId);
  assert.deepEqual(
    listA.map((s) => [s.id, s.current, s.userAgent]),
    [[sa.principal.sessionId, true, 'Firefox test']],
  );
  await assert.rejects(h.module.sessions.revoke(a.id, sb.principal.sessionId), (e: AppError) => e.kind === 'not_found');
  assert.ok(await h.module.sessions.resolve(sb.token), 'b is still signed in');
  await h.module.sessions.revoke(b.id, sb.principal.sessionId);
  assert.equal(await h.module.sessions.resolve(sb.token), null);
});

test('a session unused for 30 days ends', async () => {
  await anActiveAccount('s6@example.com');
  const { token } = await h.module.sessions.signIn({ email: 's6@example.com', password: 'correct horse battery' }, client());
  h.clock.advance(SESSION_IDLE_MS - MIN);
  assert.ok(await h.module.sessions.resolve(token), 'used just in time, which renews it');
  h.clock.advance(SESSION_IDLE_MS + MIN);
  assert.equal(await h.module.sessions.resolve(token), null);
});

test('changing the password needs the current one and signs out the other devices only', async () => {
  const a = await anActiveAccount('s7@example.com');
  const here = await h.module.sessions.signIn({ email: 's7@example.com', password: 'correct horse battery' }, client());
  const there = await h.module.sessions.signIn({ email: 's7@example.com', password: 'correct horse battery' }, client());
  await assert.rejects(
    h.module.sessions.changePassword(a.id, here.principal.sessionId, 'wrong current one', 'a brand new passphrase'),
    (e: AppError) => e.kind === 'invalid' && e.details.fields?.[0]?.field === 'currentPassword',
  );
  await assert.rejects(
    h.module.sessions.changePassword(a.id, here.principal.sessionId, 'correct horse battery', 'password123'),
    (e: AppError) => e.kind === 'invalid' && e.details.fields?.[0]?.field === 'newPassword',
  );
  await h.module.sessions.changePassword(a.id, here.principal.sessionId, 'correct horse battery', 'a brand new passphrase');
  assert.ok(await h.module.sessions.resolve(here.token));
  assert.equal(await h.module.sessions.resolve(there.token), null);
  assert.match(h.outbox.at(-1)!.subject, /password was changed/);
  await assert.rejects(h.module.sessions.signIn({ email: 's7@example.com', password: 'correct horse battery' }, client()));
  assert.ok(await h.module.sessions.signIn({ email: 's7@example.com', password: 'a brand new passphrase' }, client()));
});

test('forgotten password: no mail for an unknown address; the reset link works once, within an hour, and ends every session', async () => {
  await anActiveAccount('s8@example.com');
  const sent = h.outbox.length;
  await h.module.service.forgotPassword('nobody@example.com');
  assert.equal(h.outbox.length, sent);
  const old = await h.module.sessions.signIn({ email: 's8@example.com', password: 'correct horse battery' }, client());

  await h.module.service.forgotPassword('S8@example.com');
  const token = h.tokenFrom('s8@example.com', '/app/reset-password');
  await assert.rejects(h.module.service.resetPassword(token, 'short'), (e: AppError) => e.details.code === 'password.too_short');
  await h.module.service.resetPassword(token, 'reset and renewed');
  assert.equal(await h.module.sessions.resolve(old.token), null);
  assert.ok(await h.module.sessions.signIn({ email: 's8@example.com', password: 'reset and renewed' }, client()));
  await assert.rejects(h.module.service.resetPassword(token, 'another new one'), (e: AppError) => e.kind === 'conflict');

  await h.module.service.forgotPassword('s8@example.com');
  const late = h.tokenFrom('s8@example.com', '/app/reset-password');
  h.clock.advance(61 * MIN);
  await assert.rejects(h.module.service.resetPassword(late, 'too late for this'), (e: AppError) => e.kind === 'gone');
});

test('deleting the account runs every eraser, keeps only a tombstone and frees the address', async () => {
  const a = await anActiveAccount('s9@example.com');
  const erased: string[] = [];
  h.module.erasure.register({ name: 'fake-module', erase: async (id) => void erased.push(id) });
  const s = await h.module.sessions.signIn({ email: 's9@example.com', password: 'correct horse battery' }, client());
  await assert.rejects(h.module.erasure.deleteAccount(a.id, 'wrong password!'), (e: AppError) => e.kind === 'invalid');
  assert.deepEqual(erased, []);
  const r = await h.module.erasure.deleteAccount(a.id, 'correct horse battery');
  assert.deepEqual(erased, [a.id]);
  assert.deepEqual(r.erased, ['fake-module', 'accounts']);
  assert.equal(await h.module.sessions.resolve(s.token), null);
  assert.equal(await h.module.service.findByEmail('s9@example.com'), null);
  const tomb = await h.module.erasure.tombstone(a.id);
  assert.deepEqual(Object.keys(tomb ?? {}).sort(), ['deletedAt', 'id']);
  const [row] = await h.database.db.select().from(accounts).where(eq(accounts.id, a.id));
  assert.deepEqual([row?.email, row?.name, row?.passwordHash, row?.status], [null, null, null, 'deleted']);
  assert.ok(!JSON.stringify(row).includes(createHash('sha256').update('s9@example.com').digest('hex')));
  await assert.rejects(h.module.sessions.signIn({ email: 's9@example.com', password: 'correct horse battery' }, client()));
  await h.module.service.register(aRegistration({ email: 's9@example.com' }));
  assert.notEqual((await h.module.service.findByEmail('s9@example.com'))?.id, a.id);
});
