import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { testPlatform, type TestPlatform } from '../../test-support';
import { createAuth, type Auth } from '../auth';
import { oauthBearer } from '../../oauth-wiring';
import { aBrowser, anActiveOwner, formAction, pkce, tokenRequest, type Browser } from './oauth.test-support';

const REDIRECT = 'https://insurer.example/cb';
const VIN = 'SAUVL0AB6KA010000';
let t: TestPlatform;
let insurer: { id: string; secret: string };

let auth: Auth | undefined;
// A route guarded by requireScope alone, as a third-party-facing route would be.
const scopedRoute = (app: FastifyInstance) => {
  app.get('/scope-test/status', { preHandler: (req) => auth!.requireScope('read_status')(req) }, async () => ({ ok: true }));
};

before(async () => {
  t = await testPlatform({ extraRoutes: [scopedRoute] });
  auth = createAuth({ sessions: t.modules.accounts.sessions, bearer: oauthBearer(t.modules) });
  const r = await t.modules.oauth.service.registerClient({ name: 'Acme Insurance', redirectUris: [REDIRECT], scopes: ['read_status', 'read_location'] });
  insurer = { id: r.client.clientId, secret: r.clientSecret };
});
after(() => t.close());

let owners = 0;
async function signedInOwner(name = 'Olivia Owner'): Promise<{ b: Browser; email: string }> {
  const email = `owner${++owners}@example.com`;
  await anActiveOwner(t, email, name);
  const b = aBrowser(t.app);
  await b.signIn(email);
  return { b, email };
}

/** Authorization code + PKCE through the real pages: cookie sign-in is reused, the owner allows on the consent page. */
async function authorize(b: Browser, scope: string) {
  const { verifier, challenge } = pkce();
  const q = new URLSearchParams({
    client_id: insurer.id,
    response_type: 'code',
    redirect_uri: REDIRECT,
    scope,
    prompt: 'consent',
    state: 'state-1',
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  const consent = await b.get(`/oauth/auth?${q}`);
  assert.equal(consent.response.statusCode, 200, consent.response.body);
  assert.match(consent.response.body, /Allow Acme Insurance\?/);
  const done = await b.post(formAction(consent.response.body, '/confirm'));
  assert.ok(done.external, `redirected to the client, got ${done.response.statusCode} ${done.response.body.slice(0, 300)}`);
  assert.equal(done.external.origin + done.external.pathname, REDIRECT);
  assert.equal(done.external.searchParams.get('state'), 'state-1');
  const code = done.external.searchParams.get('code')!;
  const tok = await tokenRequest(t.app, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier }, insurer);
  assert.equal(tok.status, 200, JSON.stringify(tok.body));
  return { consentPage: consent.response.body, tokens: tok.body };
}

const bearer = (token: string, url: string, method: 'GET' | 'DELETE' = 'GET') =>
  t.app.inject({ method, url, headers: { authorization: `Bearer ${token}` } });

const refresh = (rt: string) => tokenRequest(t.app, { grant_type: 'refresh_token', refresh_token: rt }, insurer);

test('authorization code + PKCE: the consent page lists the scopes in plain words and the app gets scoped tokens', async () => {
  const { b } = await signedInOwner();
  const { consentPage, tokens } = await authorize(b, 'openid profile offline_access read_status');
  assert.match(consentPage, /See your car’s status/);
  assert.match(consentPage, /Signed in as <strong>Olivia Owner<\/strong>/);
  assert.ok(tokens.access_token && tokens.refresh_token && tokens.id_token);
  assert.equal(tokens.scope?.split(' ').includes('read_location'), false, 'only what was asked and granted');
  const claims = JSON.parse(Buffer.from(tokens.id_token!.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
  assert.equal(claims.name, 'Olivia Owner');
});

test('a request without PKCE is refused', async () => {
  const { b } = await signedInOwner();
  const q = new URLSearchParams({ client_id: insurer.id, response_type: 'code', redirect_uri: REDIRECT, scope: 'openid read_status' });
  const r = await b.get(`/oauth/auth?${q}`);
  assert.ok(r.external);
  assert.equal(r.external.searchParams.get('error'), 'invalid_request');
});

test('a client cannot ask for a scope the admin did not register for it', async () => {
  const { b } = await signedInOwner();
  const { challenge } = pkce();
  const q = new URLSearchParams({ client_id: insurer.id, response_type: 'code', redirect_uri: REDIRECT, scope: 'openid control_security', code_challenge: challenge, code_challenge_method: 'S256' });
  const r = await b.get(`/oauth/auth?${q}`);
  assert.equal(r.external?.searchParams.get('error'), 'invalid_scope');
});

test('requireScope: a token without read_status gets 403 problem+json; with it, or with a cookie session, it passes', async () => {
  const { b } = await signedInOwner();
  const without = (await authorize(b, 'openid read_location')).tokens.access_token!;
  const denied = await bearer(without, '/api/v1/scope-test/status');
  assert.equal(denied.statusCode, 403);
  assert.match(String(denied.headers['content-type']), /application\/problem\+json/);
  assert.equal(denied.json().code, 'auth.scope');
  const withScope = (await authorize(b, 'openid read_status')).tokens.access_token!;
  assert.equal((await bearer(withScope, '/api/v1/scope-test/status')).statusCode, 200);
  const cookie = await t.app.inject({ method: 'GET', url: '/api/v1/scope-test/status', headers: { cookie: b.cookieHeader() } });
  assert.equal(cookie.statusCode, 200);
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/scope-test/status' })).statusCode, 401);
});

test('scopes are enforced: a token without read_location gets 403 problem+json on the location route', async () => {
  const { b } = await signedInOwner();
  const { tokens } = await authorize(b, 'openid read_status');
  const at = tokens.access_token!;
  const location = await bearer(at, `/api/v1/vehicles/${VIN}/location`);
  assert.equal(location.statusCode, 403);
  assert.match(String(location.headers['content-type']), /application\/problem\+json/);
  assert.equal(location.json().code, 'auth.scope');
  // With the scope, the request reaches the service, which then checks the garage (another 403 reason).
  const status = await bearer(at, `/api/v1/vehicles/${VIN}/status`);
  assert.notEqual(status.json().code, 'auth.scope');
  // Third-party tokens never reach account management.
  const me = await bearer(at, '/api/v1/me');
  assert.equal(me.statusCode, 403);
  assert.equal(me.json().code, 'auth.third_party');
  assert.equal((await bearer('not-a-real-token-at-all', '/api/v1/me')).statusCode, 401);
});

test('refresh tokens rotate, and using one twice revokes the grant: the newer refresh token stops working too', async () => {
  const { b } = await signedInOwner();
  const { tokens } = await authorize(b, 'openid offline_access read_status');
  const first = await refresh(tokens.refresh_token!);
  assert.equal(first.status, 200, JSON.stringify(first.body));
  assert.notEqual(first.body.refresh_token, tokens.refresh_token, 'rotated');
  const reused = await refresh(tokens.refresh_token!);
  assert.equal(reused.status, 400);
  assert.equal(reused.body.error, 'invalid_grant');
  const newer = await refresh(first.body.refresh_token!);
  assert.equal(newer.status, 400, 'the rotated token died with the grant');
  assert.equal((await bearer(first.body.access_token!, `/api/v1/vehicles/${VIN}/status`)).statusCode, 401);
});

test('two refreshes racing with one token: one wins, the grant is revoked', async () => {
  const { b } = await signedInOwner();
  const { tokens } = await authorize(b, 'openid offline_access read_status');
  const results = await Promise.all([refresh(tokens.refresh_token!), refresh(tokens.refresh_token!)]);
  assert.ok(results.some((r) => r.status === 400));
  for (const r of results.filter((x) => x.status === 200)) assert.equal((await refresh(r.body.refresh_token!)).status, 400);
});

test('connected apps: listed with scopes, and DELETE revokes the grant and all its tokens', async () => {
  const { b } = await signedInOwner();
  const { tokens } = await authorize(b, 'openid offline_access read_status');
  const cookie = { cookie: b.cookieHeader() };
  const list = await t.app.inject({ method: 'GET', url: '/api/v1/me/apps', headers: cookie });
  assert.equal(list.statusCode, 200);
  const apps = list.json().apps as Array<{ grantId: string; clientName: string; scopes: string[]; grantedAt: string }>;
  assert.equal(apps.length, 1);
  assert.equal(apps[0]!.clientName, 'Acme Insurance');
  assert.ok(apps[0]!.scopes.includes('read_status'));
  const del = await t.app.inject({ method: 'DELETE', url: `/api/v1/me/apps/${apps[0]!.grantId}`, headers: { ...cookie, 'x-csrf-token': b.csrf() } });
  assert.equal(del.statusCode, 204);
  assert.equal((await bearer(tokens.access_token!, `/api/v1/vehicles/${VIN}/status`)).statusCode, 401);
  assert.equal((await refresh(tokens.refresh_token!)).status, 400);
  const after = await t.app.inject({ method: 'GET', url: '/api/v1/me/apps', headers: cookie });
  assert.deepEqual(after.json().apps, []);
});

test('one account can never see or revoke another account’s grants', async () => {
  const alice = await signedInOwner('Alice');
  const { tokens } = await authorize(alice.b, 'openid read_status');
  const aliceApps = (await t.app.inject({ method: 'GET', url: '/api/v1/me/apps', headers: { cookie: alice.b.cookieHeader() } })).json().apps;
  const grantId = aliceApps[0].grantId as string;
  const bob = await signedInOwner('Bob');
  const bobCookie = { cookie: bob.b.cookieHeader() };
  assert.deepEqual((await t.app.inject({ method: 'GET', url: '/api/v1/me/apps', headers: bobCookie })).json().apps, []);
  const del = await t.app.inject({ method: 'DELETE', url: `/api/v1/me/apps/${grantId}`, headers: { ...bobCookie, 'x-csrf-token': bob.b.csrf() } });
  assert.equal(del.statusCode, 404);
  assert.match(String(del.headers['content-type']), /problem\+json/);
  // A third-party token cannot manage grants either.
  assert.equal((await bearer(tokens.access_token!, `/api/v1/me/apps/${grantId}`, 'DELETE')).statusCode, 403);
  const still = await t.app.inject({ method: 'GET', url: '/api/v1/me/apps', headers: { cookie: alice.b.cookieHeader() } });
  assert.equal(still.json().apps.length, 1);
});

test('deny on the consent page sends access_denied back to the app', async () => {
  const { b } = await signedInOwner();
  const { challenge } = pkce();
  const q = new URLSearchParams({ client_id: insurer.id, response_type: 'code', redirect_uri: REDIRECT, scope: 'openid read_status', code_challenge: challenge, code_challenge_method: 'S256' });
  const consent = await b.get(`/oauth/auth?${q}`);
  const r = await b.post(formAction(consent.response.body, '/abort'));
  assert.equal(r.external?.searchParams.get('error'), 'access_denied');
});
