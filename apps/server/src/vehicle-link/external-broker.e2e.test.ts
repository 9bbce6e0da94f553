import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import mqtt, { type MqttClient } from 'mqtt';
import { loadPublicKey, topics, vehicleClientId, vehicleCommandCheck, type CommandMessageT } from '@marque/contracts/vehicle';
import { openBrokerWorld } from './broker-world';
import { eventually } from './test-fixture';

// The same scenario on a real Mosquitto (MARQUE_TEST_MQTT_URL, dynamic-security plugin, shared-subscription
// ingest) and, without it, on the embedded broker. A set but unreachable MARQUE_TEST_MQTT_URL fails the file.
const w = await openBrokerWorld();
after(() => w.close());
const [VIN, OTHER_VIN] = w.vins;
const OWNER = '00000000-0000-4000-8000-0000000000f1';
const clients: MqttClient[] = [];
after(async () => void (await Promise.all(clients.map((c) => c.endAsync(true)))));

const v5 = w.kind === 'mosquitto';
const connect = async (opts: mqtt.IClientOptions = {}) => {
  const c = await mqtt.connectAsync(w.carUrl, {
    clientId: vehicleClientId(VIN),
    username: VIN,
    password: w.secret,
    // MQTT 5 on Mosquitto for its reason codes; aedes speaks 3.1.1 only.
    protocolVersion: v5 ? 5 : 4,
    reconnectPeriod: 0,
    connectTimeout: 5000,
    ...opts,
  });
  clients.push(c);
  return c;
};
const telemetry = (seq: number) =>
  JSON.stringify({ seq, samples: [{ ts: new Date().toISOString(), signals: { 'Vehicle.Speed': seq } }] });
const stored = (vin: string) =>
  w.modules.telemetry.status.samples(vin, new Date(Date.now() - 3600_000), new Date(Date.now() + 3600_000));
const storedSeq = (seq: number) => async () => ((await stored(VIN)).some((s) => s.seq === seq) ? true : undefined);

test(`[${w.kind}] a wrong device secret is refused at CONNECT`, async () => {
  await assert.rejects(connect({ password: 'not-the-device-secret' }), /Bad user ?name or password|Not authorized/i);
});

test(`[${w.kind}] the right secret under another client id is refused`, async () => {
  await assert.rejects(connect({ clientId: 'not-veh-prefixed' }), /Bad user ?name or password|Not authorized|Client Identifier/i);
});

test(`[${w.kind}] a car cannot publish under another VIN's up/ nor read another VIN's down/`, async () => {
  const rogue = await connect({ clean: true });
  const closed = new Promise<'closed'>((resolve) => rogue.once('close', () => resolve('closed')));
  const pub = rogue.publishAsync(topics.up(OTHER_VIN, 'telemetry'), telemetry(1), { qos: 1 }).then(
    () => 'acked',
    () => 'refused',
  );
  // Mosquitto answers PUBACK 0x87 (not authorised); the embedded broker drops the connection.
  assert.notEqual(await Promise.race([pub, closed]), 'acked');
  if (rogue.connected) {
    const granted = await rogue.subscribeAsync(topics.commands(OTHER_VIN), { qos: 1 }).catch(() => [{ qos: 0x80 }]);
    assert.ok(
      granted.every((g) => g.qos >= 0x80),
      'subscription to another car refused',
    );
  }
  await rogue.endAsync(true);
});

let car: MqttClient;
const inbox: CommandMessageT[] = [];

test(`[${w.kind}] QoS 1 telemetry lands in the database through the platform's ingest`, async () => {
  car = await connect({ clean: false, ...(v5 ? { properties: { sessionExpiryInterval: 300 } } : {}) });
  car.on('message', (_t, payload) => {
    try {
      inbox.push(JSON.parse(payload.toString()) as CommandMessageT);
    } catch {
      /* not a command */
    }
  });
  const sub = await car.subscribeAsync(topics.commands(VIN), { qos: 1 });
  assert.equal(sub[0]!.qos, 1);
  await car.publishAsync(topics.up(VIN, 'telemetry'), telemetry(1), { qos: 1 });
  await eventually(storedSeq(1), 'the sample in the database');
  // What the rogue published under the other VIN never reached the platform.
  assert.deepEqual(await stored(OTHER_VIN), []);
});

test(`[${w.kind}] a signed command reaches the car, and the car's result moves it to executed`, async () => {
  await w.modules.vehicles.access.startHolding(VIN, OWNER, new Date(Date.now() - 86_400_000));
  const { command } = await w.modules.commands.service.request(OWNER, VIN, { name: 'doors.lock' }, `ext-${w.kind}-1`);
  assert.equal(command.status, 'sent');
  const msg = await eventually(async () => inbox.find((c) => c.id === command.id), 'the command on the car');
  const publicKey = loadPublicKey(await w.modules.commands.publicKeyPem());
  assert.equal(vehicleCommandCheck(msg, { vin: VIN, publicKey, lastCounter: 0, now: new Date() }), null);
  await car.publishAsync(
    topics.up(VIN, 'command-results'),
    JSON.stringify({ commandId: command.id, status: 'executed', ts: new Date().toISOString() }),
    { qos: 1 },
  );
  await eventually(
    async () => ((await w.modules.commands.service.get(OWNER, VIN, command.id)).status === 'executed' ? true : undefined),
    'the command executed',
  );
});

test(
  `[${w.kind}] messages published while the platform's ingest was disconnected arrive once it reconnects`,
  { skip: w.ingest ? false : 'the embedded broker stores in-process: there is no ingest connection to lose' },
  async () => {
    await w.ingest!.stop();
    for (const seq of [10, 11, 12]) await car.publishAsync(topics.up(VIN, 'telemetry'), telemetry(seq), { qos: 1 });
    assert.equal((await storedSeq(10)()) ?? false, false, 'nothing is stored while ingest is away');
    await w.ingest!.start();
    for (const seq of [10, 11, 12]) await eventually(storedSeq(seq), `sample ${seq} after the reconnect`);
  },
);
