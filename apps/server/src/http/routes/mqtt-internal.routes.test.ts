import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { buildHttpApp } from '../app';
import { createMetrics } from '../metrics';
import { loadConfig } from '../../config';
import { mqttInternalRoutes, INTERNAL_TOKEN_HEADER, platformCredentials } from './mqtt-internal.routes';

const TOKEN = 'internal-token-0123456789abcdef';
const VIN = 'SAUVL0AB6KA010000';
let app: FastifyInstance;

before(async () => {
  app = await buildHttpApp({
    config: loadConfig({}),
    metrics: createMetrics(),
    routes: [],
    rootRoutes: [
      mqttInternalRoutes({
        token: TOKEN,
        verifyVehicle: async (vin, secret) => vin === VIN && secret === 'good-device-secret',
        platform: platformCredentials('mqtt://marque:svc%2Fpass@broker:1883'),
      }),
    ],
  });
});
after(() => app.close());

const post = (url: string, payload: object, token: string | null = TOKEN) =>
  app.inject({ method: 'POST', url, payload, headers: token ? { [INTERNAL_TOKEN_HEADER]: token } : {} });

test('broker auth allows a vehicle with its secret and the service account, denies the rest', async () => {
  const auth = async (clientid: string, username: string, password: string) =>
    (await post('/internal/mqtt/auth', { clientid, username, password })).json().result;
  assert.equal(await auth(`veh-${VIN}`, VIN, 'good-device-secret'), 'allow');
  assert.equal(await auth(`veh-${VIN}`, VIN, 'bad'), 'deny');
  assert.equal(await auth('someone-else', VIN, 'good-device-secret'), 'deny');
  assert.equal(await auth('marque-ingest-1', 'marque', 'svc/pass'), 'allow');
  assert.equal(await auth('marque-ingest-1', 'marque', 'nope'), 'deny');
});

test('broker ACL keeps each vehicle to its own topics and the service account to up/ reads and down/ writes', async () => {
  const acl = async (username: string, action: string, topic: string, clientid = `veh-${username}`) =>
    (await post('/internal/mqtt/acl', { clientid, username, topic, action })).json().result;
  assert.equal(await acl(VIN, 'publish', `v1/vehicles/${VIN}/up/telemetry`), 'allow');
  assert.equal(await acl(VIN, 'publish', 'v1/vehicles/SAULM1AB3LA010001/up/telemetry'), 'deny');
  assert.equal(await acl(VIN, 'subscribe', `v1/vehicles/${VIN}/down/#`), 'allow');
  assert.equal(await acl(VIN, 'subscribe', 'v1/vehicles/+/up/#'), 'deny');
  assert.equal(await acl('marque', 'subscribe', '$share/ingest/v1/vehicles/+/up/#', 'x'), 'allow');
  assert.equal(await acl('marque', 'publish', `v1/vehicles/${VIN}/down/commands`, 'x'), 'allow');
  assert.equal(await acl('marque', 'publish', `v1/vehicles/${VIN}/up/telemetry`, 'x'), 'deny');
});

test('without the shared secret the routes refuse', async () => {
  assert.equal((await post('/internal/mqtt/auth', { clientid: 'a', username: 'b', password: 'c' }, null)).statusCode, 401);
  assert.equal((await post('/internal/mqtt/auth', { clientid: 'a', username: 'b', password: 'c' }, 'wrong')).statusCode, 401);
});
