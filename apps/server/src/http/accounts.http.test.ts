import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { accounts } from '@marque/accounts';
import { testPlatform, type TestPlatform } from '../test-support';

let t: TestPlatform;
let n = 0;
before(async () => {
  t = await testPlatform();
});
after(() => t.close());

const PASSWORD = 'correct horse battery';
// Each registration from its own address keeps the per-address rate limit out of these tests.
const nextAddress = () => `10.20.${Math.floor(++n / 250)}.${n % 250}`;

function tokenFrom(email: string, path: string): string {
  const link = t.mailbox
    .list(email)
    .flatMap((m) => m.links)
    .find((l) => l.includes(path));
  assert.ok(link, `a ${path} link was mailed to ${email}`);
  return new URL(link).searchParams.get('token')!;
}

async function register(email: string, extra: Record<string, unknown> = {}) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/accounts',
    payload: { email, password: PASSWORD, name: 'Test Owner', market: 'GB', ...extra },
    remoteAddress: nextAddress(),
  });
}

interface Session {
  cookie: string;
  csrf: string;
}

async function signIn(email: string, password = PASSWORD): Promise<Session> {
  const r = await t.app.inject({
    method: 'POST',
    url: '/api/v1/session',
    payload: { email, password },
    remoteAddress: nextAddress(),
  });
  assert.equal(r.statusCode, 200, r.body);
  const jar = Object.fromEntries(r.cookies.map((c) => [c.name, c.value]));
  return { cookie: `marque_session=${jar.marque_session}; marque_csrf=${jar.marque_csrf}`, csrf: jar.marque_csrf! };
}

async function anOwner(email: string): Promise<Session> {
  assert.equal((await register(email)).statusCode, 202);
  const r = await t.app.inject({
    method: 'POST',
    url: '/api/v1/accounts/activate',
    payload: { token: tokenFrom(email, '/app/activate') },
  });
  assert.equal(r.statusCode, 200, r.body);
  return signIn(email);
}

function as(s: Session, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: object) {
  return t.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    ...(payload ? { payload } : {}),
  });
}

test('text the database cannot store is a 400 naming the field, before anything is written', async () => {
  const count = () => t.database.db.$count(accounts);
  const before = await count();
  const nul = await register('nul@example.com', { name: 'Test\u0000Owner' });
  assert.equal(nul.statusCode, 400);
  assert.equal(nul.headers['content-type'], 'application/problem+json; charset=utf-8');
  assert.equal(nul.json().field, 'name');
  assert.match(nul.json().detail, /U\+0000/);
  const lone = await register('lone@example.com', { name: 'Test \ud800 Owner' });
  assert.equal(lone.statusCode, 400);
  assert.equal(lone.json().field, 'name');
  const query = await t.app.inject({ method: 'GET', url: '/api/v1/connectivity-match/SAUVL0AB6KA010000?x=%00' });
  assert.equal(query.statusCode, 400);
  assert.equal(query.json().field, 'x');
  assert.equal(await count(), before);
});

test('registering a taken address answers exactly like a new one and creates nothing', async () => {
  const fresh = await register('h1@example.com');
  const count = () => t.database.db.$count(accounts);
  const before = await count();
  const again = await register('H1@Example.com', { name: 'Someone Else' });
  assert.equal(fresh.statusCode, 202);
  assert.equal(again.statusCode, fresh.statusCode);
  assert.equal(again.body, fresh.body);
  assert.equal(await count(), before);
  const weak = await register('h1b@example.com', { password: 'password123' });
  assert.equal(weak.statusCode, 400);
  assert.equal(weak.json().field, 'password');
});

test('activation: an expired link is a 410 and a used one a 409, both problem+json that explain', async () => {
  await register('h2@example.com');
  const token = tokenFrom('h2@example.com', '/app/activate');
  const ok = await t.app.inject({ method: 'POST', url: '/api/v1/accounts/activate', payload: { token } });
  assert.deepEqual(ok.json(), { status: 'active', email: 'h2@example.com' });
  const used = await t.app.inject({ method: 'POST', url: '/api/v1/accounts/activate', payload: { token } });
  assert.equal(used.statusCode, 409);
  assert.match(used.headers['content-type'] as string, /problem\+json/);
  assert.equal(used.json().code, 'token.used');
  assert.match(used.json().detail, /already used/);

  await register('h3@example.com');
  const late = tokenFrom('h3@example.com', '/app/activate');
  t.clock.advance(49 * 3_600_000);
  const expired = await t.app.inject({ method: 'POST', url: '/api/v1/accounts/activate', payload: { token: late } });
  assert.equal(expired.statusCode, 410);
  assert.match(expired.json().detail, /expired/);
});

test('a pending account gets a 403 telling it to activate', async () => {
  await register('h4@example.com');
  const r = await t.app.inject({
    method: 'POST',
    url: '/api/v1/session',
    payload: { email: 'h4@example.com', password: PASSWORD },
  });
  assert.equal(r.statusCode, 403);
  assert.equal(r.json().code, 'account.pending');
  assert.match(r.json().detail, /activat/);
});

test('sign-in sets an httpOnly SameSite=Lax session cookie and a readable CSRF cookie; /me needs them', async () => {
  await anOwner('h5@example.com');
  const r = await t.app.inject({
    method: 'POST',
    url: '/api/v1/session',
    payload: { email: 'h5@example.com', password: PASSWORD },
  });
  const session = r.cookies.find((c) => c.name === 'marque_session')!;
  const csrf = r.cookies.find((c) => c.name === 'marque_csrf')!;
  assert.equal(session.httpOnly, true);
  assert.equal(session.sameSite, 'Lax');
  assert.equal(session.secure, undefined, 'not Secure over plain HTTP');
  assert.notEqual(csrf.httpOnly, true);
  const s = { cookie: `marque_session=${session.value}; marque_csrf=${csrf.value}`, csrf: csrf.value };
  const me = await as(s, 'GET', '/me');
  assert.equal(me.statusCode, 200);
  assert.equal(me.json().email, 'h5@example.com');
  assert.deepEqual(me.json().terms, { currentVersion: null, accepted: true, acceptedAt: null });
  const anonymous = await t.app.inject({ method: 'GET', url: '/api/v1/me' });
  assert.equal(anonymous.statusCode, 401);
  assert.equal(anonymous.json().code, 'auth.required');
});

test('a state-changing cookie request without the CSRF header is refused', async () => {
  const s = await anOwner('h6@example.com');
  const noHeader = await t.app.inject({
    method: 'PATCH',
    url: '/api/v1/me',
    headers: { cookie: s.cookie },
    payload: { name: 'Evil' },
  });
  assert.equal(noHeader.statusCode, 403);
  assert.equal(noHeader.json().code, 'csrf.missing');
  const wrong = await t.app.inject({
    method: 'PATCH',
    url: '/api/v1/me',
    headers: { cookie: s.cookie, 'x-csrf-token': 'guess' },
    payload: { name: 'Evil' },
  });
  assert.equal(wrong.statusCode, 403);
  const ok = await as(s, 'PATCH', '/me', { name: 'Grace', language: 'de' });
  assert.equal(ok.statusCode, 200);
  assert.deepEqual([ok.json().name, ok.json().language], ['Grace', 'de']);
});

test('repeated wrong passwords give a 429 problem with Retry-After', async () => {
  await anOwner('h7@example.com');
  const attempt = (password: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { email: 'h7@example.com', password },
      remoteAddress: nextAddress(),
    });
  for (let i = 0; i < 5; i++) assert.equal((await attempt('wrong password!')).statusCode, 401);
  const locked = await attempt(PASSWORD);
  assert.equal(locked.statusCode, 429);
  assert.equal(locked.headers['retry-after'], '900');
  assert.equal(locked.json().retryAfterSeconds, 900);
});

test('one account cannot revoke another’s session; revoking one of mine signs that device out', async () => {
  const mine = await anOwner('h8@example.com');
  const theirs = await anOwner('h9@example.com');
  const theirList = (await as(theirs, 'GET', '/me/sessions')).json().sessions as Array<{ id: string; current: boolean }>;
  assert.equal(theirList.length, 1);
  const r = await as(mine, 'DELETE', `/me/sessions/${theirList[0]!.id}`);
  assert.equal(r.statusCode, 404);
  assert.equal((await as(theirs, 'GET', '/me')).statusCode, 200);
  const other = await signIn('h8@example.com');
  const list = (await as(mine, 'GET', '/me/sessions')).json().sessions as Array<{ id: string; current: boolean }>;
  assert.equal(list.length, 2);
  const notCurrent = list.find((s) => !s.current)!;
  assert.equal((await as(mine, 'DELETE', `/me/sessions/${notCurrent.id}`)).statusCode, 204);
  assert.equal((await as(other, 'GET', '/me')).statusCode, 401);
});

test('sign-out ends the session and clears the cookies', async () => {
  const s = await anOwner('h10@example.com');
  const r = await as(s, 'DELETE', '/session');
  assert.equal(r.statusCode, 204);
  assert.ok(r.cookies.some((c) => c.name === 'marque_session' && c.value === ''));
  assert.equal((await as(s, 'GET', '/me')).statusCode, 401);
});

test('forgot password is always 202; the reset link sets the password', async () => {
  await anOwner('h11@example.com');
  const unknown = await t.app.inject({ method: 'POST', url: '/api/v1/password/forgot', payload: { email: 'ghost@example.com' } });
  const known = await t.app.inject({ method: 'POST', url: '/api/v1/password/forgot', payload: { email: 'h11@example.com' } });
  assert.equal(unknown.statusCode, 202);
  assert.equal(known.body, unknown.body);
  const token = tokenFrom('h11@example.com', '/app/reset-password');
  const r = await t.app.inject({
    method: 'POST',
    url: '/api/v1/password/reset',
    payload: { token, password: 'a fresh passphrase' },
  });
  assert.equal(r.statusCode, 204);
  await signIn('h11@example.com', 'a fresh passphrase');
});

test('the demo mailbox lists the caught mails with their links', async () => {
  await register('h12@example.com', { market: 'DE' });
  const r = await t.app.inject({ method: 'GET', url: '/api/v1/dev/mail?to=H12@example.com' });
  assert.equal(r.statusCode, 200);
  const [m] = r.json().messages;
  assert.match(m.subject, /aktivieren/, 'a German market gets German mail');
  assert.ok(m.links.some((l: string) => l.startsWith('http://marque.test/app/activate?token=')));
});
