import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Type } from '@sinclair/typebox';
import { AppError } from '@marque/kernel';
import { testPlatform, type TestPlatform } from '../test-support';

let t: TestPlatform;
const VIN = 'SAUVL0AB6KA010000';

before(async () => {
  t = await testPlatform({
    extraRoutes: [
      (app) => {
        app.post(
          '/echo',
          { schema: { body: Type.Object({ email: Type.String({ format: 'email' }), age: Type.Integer({ minimum: 0 }) }) } },
          async (req) => req.body,
        );
        app.get('/boom', async () => {
          throw new Error('secret internal detail');
        });
        app.get('/locked', async () => {
          throw new AppError('rate_limited', 'Too many tries', { retryAfterSeconds: 90 });
        });
      },
    ],
  });
  await t.modules.vehicles.service.importRegistry([
    {
      line: 1,
      record: {
        vin: VIN,
        brand: 'Aurelia',
        model: 'Vela',
        model_year: 2019,
        powertrain: 'PHEV',
        head_unit: 'mm21',
        smart_connect: 'no',
        market: 'GB',
        delivery_date: '2019-05-01',
        device_secret: 'device-secret-for-tests',
      },
    },
  ]);
});
after(() => t.close());

test('connectivity match answers for a known VIN', async () => {
  const r = await t.app.inject({ method: 'GET', url: `/api/v1/connectivity-match/${VIN.toLowerCase()}` });
  assert.equal(r.statusCode, 200);
  const body = r.json();
  assert.equal(body.vin, VIN);
  assert.equal(body.standardTermYears, 10);
  assert.deepEqual(
    body.groups.map((g: { id: string }) => g.id),
    ['link_app', 'remote', 'multimedia', 'smart_connect', 'charging'],
  );
});

test('an invalid VIN is a 400 problem naming the field and the rule', async () => {
  const r = await t.app.inject({ method: 'GET', url: '/api/v1/connectivity-match/SAUVL0AB6KA01000O' });
  assert.equal(r.statusCode, 400);
  assert.match(r.headers['content-type'] as string, /^application\/problem\+json/);
  const p = r.json();
  assert.equal(p.field, 'vin');
  assert.equal(p.code, 'vin.forbidden_letter');
  assert.equal(p.status, 400);
  assert.ok(p.requestId);
});

test('an unknown VIN is a 404 problem', async () => {
  const r = await t.app.inject({ method: 'GET', url: '/api/v1/connectivity-match/SAUVL0AB6KA019999' });
  assert.equal(r.statusCode, 404);
  assert.equal(r.json().code, 'vehicle.unknown');
});

test('malformed JSON is a 400, never a 500', async () => {
  const r = await t.app.inject({
    method: 'POST',
    url: '/api/v1/echo',
    headers: { 'content-type': 'application/json' },
    payload: '{"email": "a@b.c",',
  });
  assert.equal(r.statusCode, 400);
  assert.equal(r.json().field, 'body');
  assert.match(r.json().detail, /not valid JSON/);
});

test('schema violations name each field', async () => {
  const r = await t.app.inject({ method: 'POST', url: '/api/v1/echo', payload: { email: 'nope', age: -1 } });
  assert.equal(r.statusCode, 400);
  const p = r.json();
  assert.equal(p.field, 'email');
  assert.match(p.detail, /email/);
  const missing = await t.app.inject({ method: 'POST', url: '/api/v1/echo', payload: { email: 'a@example.com' } });
  assert.equal(missing.json().field, 'age');
  assert.match(missing.json().detail, /age is required/);
});

test('an oversized body is a 413 problem', async () => {
  const r = await t.app.inject({
    method: 'POST',
    url: '/api/v1/echo',
    payload: { email: 'a@example.com', age: 1, pad: 'x'.repeat(2 * 1024 * 1024) },
  });
  assert.equal(r.statusCode, 413);
  assert.equal(r.json().status, 413);
});

test('an unexpected error is a 500 that does not leak its message', async () => {
  const r = await t.app.inject({ method: 'GET', url: '/api/v1/boom' });
  assert.equal(r.statusCode, 500);
  assert.doesNotMatch(r.body, /secret internal detail/);
});

test('rate-limit style errors carry Retry-After', async () => {
  const r = await t.app.inject({ method: 'GET', url: '/api/v1/locked' });
  assert.equal(r.statusCode, 429);
  assert.equal(r.headers['retry-after'], '90');
});

test('unknown API paths are 404 problems; request ids are echoed', async () => {
  const r = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here', headers: { 'x-request-id': 'abc12345-test' } });
  assert.equal(r.statusCode, 404);
  assert.equal(r.headers['x-request-id'], 'abc12345-test');
  assert.equal(r.json().requestId, 'abc12345-test');
});

test('health, readiness, metrics and OpenAPI', async () => {
  assert.equal((await t.app.inject('/healthz')).statusCode, 200);
  const ready = await t.app.inject('/readyz');
  assert.equal(ready.statusCode, 200);
  assert.equal(ready.json().checks[0].name, 'database');
  const metrics = await t.app.inject('/metrics');
  assert.match(metrics.body, /marque_http_request_duration_seconds/);
  const spec = (await t.app.inject('/api/openapi.json')).json();
  assert.equal(spec.openapi, '3.1.0');
  assert.ok(spec.paths['/api/v1/connectivity-match/{vin}']);
  const docs = await t.app.inject('/api/docs/');
  assert.equal(docs.statusCode, 200);
});

test('security headers are set', async () => {
  const r = await t.app.inject('/healthz');
  assert.ok(r.headers['content-security-policy']);
  assert.equal(r.headers['x-content-type-options'], 'nosniff');
});

test('connectivity match is rate limited per address', async () => {
  let last = 0;
  for (let i = 0; i < 65; i++) {
    last = (await t.app.inject({ method: 'GET', url: `/api/v1/connectivity-match/${VIN}`, remoteAddress: '10.9.9.9' }))
      .statusCode;
  }
  assert.equal(last, 429);
});
