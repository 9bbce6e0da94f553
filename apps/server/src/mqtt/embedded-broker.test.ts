import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect as tcpConnect } from 'node:net';
import mqtt from 'mqtt';
import mqttPacket from 'mqtt-packet';
import { silentLogger } from '@marque/kernel';
import { startEmbeddedBroker } from './embedded-broker';

const VIN = 'SAUVL0AB6KA010000';
const OTHER = 'SAULM1AB3LA010001';

async function aBroker(refused: string[], extra: { publishRate?: { perSecond: number; burst: number } } = {}) {
  return startEmbeddedBroker({
    port: 0,
    host: '127.0.0.1',
    fallback: false,
    auth: { verifyVehicle: async (_vin, secret) => secret === 'good-secret-123456' },
    log: silentLogger,
    onRefused: (r) => refused.push(r),
    maxPacketBytes: 64 * 1024,
    ...extra,
  });
}

async function until(cond: () => boolean, what: string) {
  const deadline = Date.now() + 10_000;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('a connection announcing an oversized packet is closed before its body is read, and counted', async () => {
  const refused: string[] = [];
  const broker = await aBroker(refused);
  try {
    const socket = tcpConnect(broker.port, '127.0.0.1');
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.on('error', () => undefined);
    const big = mqttPacket.generate({ cmd: 'publish', topic: 't', payload: Buffer.alloc(100_000), qos: 0, dup: false, retain: false });
    socket.write(big.subarray(0, 16));
    await closed;
    assert.deepEqual(refused, ['oversized']);
  } finally {
    await broker.close();
  }
});

test('a flooding vehicle is cut off and counted while another keeps publishing', async () => {
  const refused: string[] = [];
  const broker = await aBroker(refused, { publishRate: { perSecond: 1, burst: 5 } });
  const car = (vin: string) =>
    mqtt.connect(`mqtt://127.0.0.1:${broker.port}`, { clientId: `veh-${vin}`, username: vin, password: 'good-secret-123456', reconnectPeriod: 0 });
  const flooder = car(VIN);
  const calm = car(OTHER);
  try {
    await Promise.all([flooder, calm].map((c) => new Promise((r) => c.once('connect', r))));
    let closed = false;
    flooder.on('close', () => (closed = true));
    for (let i = 0; i < 30 && !closed; i++) flooder.publish(`v1/vehicles/${VIN}/up/telemetry`, '{}', { qos: 0 });
    await until(() => closed, 'the flooder to be disconnected');
    assert.ok(refused.includes('rate-limited'));
    await calm.publishAsync(`v1/vehicles/${OTHER}/up/telemetry`, '{}', { qos: 1 });
    assert.equal(calm.connected, true);
  } finally {
    flooder.end(true);
    calm.end(true);
    await broker.close();
  }
});
