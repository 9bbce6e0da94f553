import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import type { AppError } from '@marque/kernel';
import { accountsHarness, aRegistration, type AccountsHarness } from './test-support';
import { sha256 } from './secrets';
import { accounts, accountTokens } from './accounts.schema';

let h: AccountsHarness;
before(async () => {
  h = await accountsHarness();
});
after(() => h.database.close());

const kind = (k: string, code?: string) => (e: AppError) => e.kind === k && (code === undefined || e.details.code === code);
const HOUR = 3_600_000;

test('registration mails a single-use activation link; a used link is a 409 that says so', async () => {
  const { service } = h.module;
  await service.register(aRegistration({ email: 'Reg1@Example.com' }));
  const mail = h.outbox.at(-1)!;
  assert.equal(mail.to, 'reg1@example.com');
  assert.match(mail.subject, /Activate/);
  assert.match(mail.html, /<a href="http:\/\/marque\.test\/app\/activate\?token=/);
  const token = h.tokenFrom('reg1@example.com', '/app/activate');
  const profile = await service.activate(token);
  assert.equal(profile.status, 'active');
  await assert.rejects(service.activate(token), kind('conflict', 'token.used'));
  await assert.rejects(
    service.activate('not-a-token'),
    (e: AppError) => e.kind === 'invalid' && e.details.fields?.[0]?.field === 'token',
  );
});

test('an activation link expires after 48 hours with a 410', async () => {
  await h.module.service.register(aRegistration({ email: 'reg2@example.com' }));
  const token = h.tokenFrom('reg2@example.com', '/app/activate');
  h.clock.advance(48 * HOUR);
  await assert.rejects(h.module.service.activate(token), kind('gone', 'token.expired'));
});

test('only the SHA-256 of a token is stored', async () => {
  await h.module.service.register(aRegistration({ email: 'reg3@example.com' }));
  const token = h.tokenFrom('reg3@example.com', '/app/activate');
  const raw = await h.database.db.$count(accountTokens, eq(accountTokens.tokenHash, token));
  const hashed = await h.database.db.$count(accountTokens, eq(accountTokens.tokenHash, sha256(token)));
  assert.equal(raw, 0);
  assert.equal(hashed, 1);
});

test('registering a taken address creates nothing and warns the owner; the answer is the same', async () => {
  const { service } = h.module;
  await service.register(aRegistration({ email: 'taken@example.com' }));
  await service.activate(h.tokenFrom('taken@example.com', '/app/activate'));
  const count = () => h.database.db.$count(accounts);
  const before = await count();
  const sent = h.outbox.length;
  assert.equal(await service.register(aRegistration({ email: 'TAKEN@example.com', name: 'Mallory' })), undefined);
  assert.deepEqual(await count(), before);
  assert.equal(h.outbox.length, sent + 1);
  assert.match(h.outbox.at(-1)!.subject, /Someone tried to register/);
  assert.equal((await service.findByEmail('taken@example.com'))?.name, 'Ada Lovelace');
  // The warning is throttled so a stranger cannot mail-bomb the owner.
  for (let i = 0; i < 5; i++) await service.register(aRegistration({ email: 'taken@example.com' }));
  assert.equal(h.outbox.length, sent + 3);
});

test('the password policy refuses short, common and e-mail passwords, naming the field', async () => {
  const cases: Array<[string, string]> = [
    ['short1234', 'password.too_short'],
    ['x'.repeat(129), 'password.too_long'],
    ['Password123', 'password.common'],
    ['qwertyuiop', 'password.common'],
    ['aaaaaaaaaaaa', 'password.common'],
    ['policy@example.com', 'password.is_email'],
  ];
  for (const [password, code] of cases) {
    await assert.rejects(
      h.module.service.register(aRegistration({ email: 'policy@example.com', password })),
      (e: AppError) => e.kind === 'invalid' && e.details.code === code && e.details.fields?.[0]?.field === 'password',
      `${password} should be refused with ${code}`,
    );
  }
  assert.equal(await h.module.service.findByEmail('policy@example.com'), null);
});

test('a pending account cannot sign in and is told to activate, but only with the right password', async () => {
  await h.module.service.register(aRegistration({ email: 'pending@example.com' }));
  const client = { ip: '10.0.0.1', userAgent: 'test' };
  await assert.rejects(
    h.module.sessions.signIn({ email: 'pending@example.com', password: 'wrong password here' }, client),
    kind('unauthenticated', 'sign_in.failed'),
  );
  await assert.rejects(
    h.module.sessions.signIn({ email: 'pending@example.com', password: 'correct horse battery' }, client),
    kind('forbidden', 'account.pending'),
  );
});

test('resending activation is rate-limited per address, known or not', async () => {
  for (const email of ['resend@example.com', 'nobody-here@example.com']) {
    for (let i = 0; i < 3; i++) await h.module.service.resendActivation(email);
    await assert.rejects(
      h.module.service.resendActivation(email),
      (e: AppError) => e.kind === 'rate_limited' && e.details.retryAfterSeconds! > 0,
    );
  }
});
