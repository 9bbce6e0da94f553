import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { request } from 'node:http';
import type { AppError } from '@marque/kernel';
import { ocppWorld, refusal, type OcppWorld } from './test-fixture';

let w: OcppWorld;
let password: string;

before(async () => {
  w = await ocppWorld();
  ({ password } = await w.charging.service.registerCharger('CP-AUTH'));
});
after(() => w.close());

test('a wrong password, no password or an unknown charger is refused at the upgrade with 401', async () => {
  await assert.rejects(w.charger('CP-AUTH', 'ocpp1.6', 'not-the-password-at-all'), refusal(401));
  await assert.rejects(w.charger('CP-AUTH', 'ocpp2.0.1', undefined), refusal(401));
  await assert.rejects(w.charger('CP-NOBODY', 'ocpp1.6', password), refusal(401));
  assert.deepEqual(w.role.server.connected(), []);
});

test('only /ocpp/{id} with an OCPP subprotocol is upgraded', async () => {
  const upgrade = (path: string, protocol: string) =>
    new Promise<number>((resolve, reject) => {
      const req = request(`${w.endpoint.replace('ws:', 'http:').replace('/ocpp', '')}${path}`, {
        headers: {
          connection: 'Upgrade',
          upgrade: 'websocket',
          'sec-websocket-version': '13',
          'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
          'sec-websocket-protocol': protocol,
          authorization: `Basic ${Buffer.from(`CP-AUTH:${password}`).toString('base64')}`,
        },
      });
      req.on('response', (res) => resolve(res.statusCode ?? 0));
      req.on('upgrade', (res, socket) => (socket.destroy(), resolve(res.statusCode ?? 0)));
      req.on('error', reject);
      req.end();
    });
  assert.equal(await upgrade('/ocpp/CP-AUTH', 'ocpp1.6'), 101);
  assert.equal(await upgrade('/ocpp/CP-AUTH', 'ocpp1.5'), 400);
  assert.equal(await upgrade('/elsewhere/CP-AUTH', 'ocpp1.6'), 404);
});

test('a reconnecting charger replaces its old socket', async () => {
  const first = await w.charger('CP-AUTH', 'ocpp1.6', password);
  const closed = once(first, 'close');
  const second = await w.charger('CP-AUTH', 'ocpp1.6', password);
  await closed;
  assert.ok(await second.call('Heartbeat', {}));
  assert.deepEqual(w.role.server.connected(), ['CP-AUTH']);
});

test('a remote command for a charger without a socket here is unavailable; a refusing charger is unprocessable', async () => {
  await w.charging.service.registerCharger('CP-AWAY');
  await assert.rejects(
    w.charging.remote.start('CP-AWAY', 1, 'CARD'),
    (e: AppError) => e.kind === 'unavailable' && e.details.code === 'charger.offline',
  );
  const cp = await w.charger('CP-AUTH', 'ocpp1.6', password);
  cp.handle('RemoteStartTransaction', async () => {
    throw Object.assign(new Error('busy'), { rpcErrorCode: 'NotSupported' });
  });
  await assert.rejects(
    w.charging.remote.start('CP-AUTH', 1, 'CARD'),
    (e: AppError) => e.kind === 'unprocessable' && e.details.code === 'charger.call_error',
  );
});

test('in demo mode an unknown charger registers itself with its first password', async () => {
  const demo = await ocppWorld({ autoRegister: true });
  try {
    const cp = await demo.charger('CP-NEW', 'ocpp2.0.1', 'a-demo-charger-password');
    assert.ok(await cp.call('Heartbeat', {}));
    await assert.rejects(demo.charger('CP-NEW', 'ocpp2.0.1', 'another-demo-password'), refusal(401));
    await assert.rejects(demo.charger('CP-SHORTPW', 'ocpp2.0.1', 'short'), refusal(401));
  } finally {
    await demo.close();
  }
});
