import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { Aedes } from 'aedes';
import mqtt from 'mqtt';
import {
  checkSignal,
  generateCommandKeyPair,
  loadPrivateKey,
  parseUpTopic,
  topics,
  validateCommandResult,
  validateConnection,
  validateTelemetry,
  type TelemetryMessageT,
} from '@marque/contracts/vehicle';
import { virtualClock } from './clock';
import { startFleet } from './fleet';
import { T0, aCommand, aSpec } from './vehicle/test-support';

const ICE = aSpec({ vin: 'SAUTN3AB2NA010003', deviceSecret: 'secret-ice', powertrain: 'ICE', market: 'NL' });
const BEV = aSpec({ vin: 'SAULM1AB3LA010001', deviceSecret: 'secret-bev', powertrain: 'BEV', market: 'DE' });
const platform = generateCommandKeyPair();
const key = loadPrivateKey(platform.privateKeyPem);

async function waitFor<T>(what: string, probe: () => T | undefined | false, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A real broker on a free port that only lets in vehicles with their registry secret (and the test's observer). */
async function startBroker() {
  const aedes = await Aedes.createBroker();
  const logins: string[] = [];
  const secrets = new Map([ICE, BEV].map((v) => [v.vin, v.deviceSecret]));
  aedes.authenticate = (client, username, password, done) => {
    if (client.id === 'test-observer') return done(null, true);
    const ok = client.id === `veh-${username}` && secrets.get(username ?? '') === password?.toString();
    logins.push(`${client.id} ${ok}`);
    done(ok ? null : Object.assign(new Error('refused'), { returnCode: 4 as const }), ok);
  };
  const server = createServer((socket) => aedes.handle(socket));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const close = () => new Promise<void>((r) => server.close(() => aedes.close(() => r())));
  return { url: `mqtt://127.0.0.1:${port}`, logins, close };
}

/** Serves the platform public key as the API does, so the fleet fetches it like a provisioned car. */
async function startKeyServer() {
  const http = createHttpServer((req, res) => {
    if (req.url !== '/api/v1/vehicle-command-key') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/x-pem-file' }).end(platform.publicKeyPem);
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, close: () => new Promise((r) => http.close(r)) };
}

test('the fleet speaks the contract over a real broker and verifies signed commands end to end', async (t) => {
  const broker = await startBroker();
  const api = await startKeyServer();
  const received: { topic: string; json: Record<string, unknown> }[] = [];
  const observer = await mqtt.connectAsync(broker.url, { clientId: 'test-observer' });
  await observer.subscribeAsync(topics.allUp, { qos: 1 });
  observer.on('message', (topic, payload) =>
    received.push({ topic, json: JSON.parse(payload.toString()) as Record<string, unknown> }),
  );
  const fleet = await startFleet({
    brokerUrl: broker.url,
    apiUrl: api.url,
    vehicles: [ICE, BEV],
    speedup: 20,
    seed: 7,
    tickMs: 20,
    model: { gapChance: 0 },
  });
  t.after(async () => {
    await observer.endAsync();
    await broker.close();
    await api.close();
  });
  const of = (vin: string, kind: string) =>
    received.filter((m) => m.topic === `v1/vehicles/${vin}/up/${kind}`).map((m) => m.json);

  for (const v of [ICE, BEV]) {
    await waitFor(`${v.vin} online`, () => of(v.vin, 'connection').some((m) => m.online === true));
    await waitFor(`${v.vin} telemetry`, () => of(v.vin, 'telemetry').length > 0);
  }
  assert.deepEqual(broker.logins.sort(), [`veh-${BEV.vin} true`, `veh-${ICE.vin} true`]);

  const results = (id: string) => of(ICE.vin, 'command-results').filter((r) => r.commandId === id);
  const send = async (cmd: object) => observer.publishAsync(topics.commands(ICE.vin), JSON.stringify(cmd), { qos: 1 });
  const statuses = async (id: string, n: number) =>
    (await waitFor(`results of ${id}`, () => results(id).length >= n && results(id))).map((r) =>
      r.reason ? `${r.status}:${r.reason}` : r.status,
    );

  const good = aCommand(key, { vin: ICE.vin, name: 'hazards.on', counter: 1 }, Date.now());
  await send(good);
  assert.deepEqual(await statuses(good.id, 2), ['acked', 'executed']);
  const hazards = await waitFor('a sample with the hazards on', () =>
    (of(ICE.vin, 'telemetry') as TelemetryMessageT[])
      .flatMap((m) => m.samples)
      .find((s) => s.signals['Vehicle.Body.Lights.Hazard.IsSignaling'] === true),
  );
  assert.ok(hazards);

  const bad: [string, object, string][] = [
    ['replayed', good, 'rejected:replayed'],
    [
      'forged',
      aCommand(loadPrivateKey(generateCommandKeyPair().privateKeyPem), { vin: ICE.vin, counter: 2 }, Date.now()),
      'rejected:bad_signature',
    ],
    ['expired', aCommand(key, { vin: ICE.vin, counter: 3 }, Date.now() - 120_000), 'rejected:expired'],
    ['another VIN', aCommand(key, { vin: BEV.vin, counter: 4 }, Date.now()), 'rejected:wrong_vin'],
  ];
  for (const [what, cmd, expected] of bad) {
    const id = (cmd as { id: string }).id;
    const before = results(id).length;
    await send(cmd);
    const got = await statuses(id, before + 1);
    assert.equal(got.at(-1), expected, what);
  }
  const ice = aCommand(key, { vin: ICE.vin, name: 'charging.start', counter: 5 }, Date.now());
  await send(ice);
  assert.deepEqual(await statuses(ice.id, 2), ['acked', 'failed:no_traction_battery']);

  const stats = fleet.stats();
  assert.equal(stats.connected, 2);
  assert.equal(stats.commandsExecuted, 1);
  assert.equal(stats.commandsRejected, 4);
  await fleet.stop();
  for (const v of [ICE, BEV]) await waitFor(`${v.vin} offline`, () => of(v.vin, 'connection').at(-1)?.online === false);

  for (const m of received) {
    const kind = parseUpTopic(m.topic)?.kind;
    assert.ok(kind, m.topic);
    if (kind === 'telemetry') {
      assert.ok(validateTelemetry(m.json).ok);
      for (const s of (m.json as TelemetryMessageT).samples)
        for (const [n, v] of Object.entries(s.signals)) assert.equal(checkSignal(n, v), null);
    }
    if (kind === 'command-results') assert.ok(validateCommandResult(m.json).ok);
    if (kind === 'connection') assert.ok(validateConnection(m.json).ok);
  }
});

test('out of coverage a vehicle drops its link (the will says offline), then delivers what it buffered, stamped when it happened', async (t) => {
  const broker = await startBroker();
  const received: { topic: string; json: Record<string, unknown>; at: number }[] = [];
  const observer = await mqtt.connectAsync(broker.url, { clientId: 'test-observer' });
  await observer.subscribeAsync(topics.allUp, { qos: 1 });
  const clock = virtualClock({ startMs: T0, speedup: 300 });
  observer.on('message', (topic, payload) =>
    received.push({ topic, json: JSON.parse(payload.toString()) as Record<string, unknown>, at: clock.now() }),
  );
  const fleet = await startFleet({
    brokerUrl: broker.url,
    commandPublicKeyPem: platform.publicKeyPem,
    vehicles: [ICE],
    clock,
    seed: 4,
    tickMs: 20,
    earlyStarters: 1,
    model: { gapChance: 1 },
  });
  t.after(async () => {
    await fleet.stop();
    await observer.endAsync();
    await broker.close();
  });
  const connection = () => received.filter((m) => m.topic.endsWith('/connection')).map((m) => m.json.online);
  await waitFor('offline then online again', () => connection().join(',').includes('true,false,true'), 20_000);
  const late = await waitFor('telemetry delivered late', () => {
    const tel = received.filter((m) => m.topic.endsWith('/telemetry'));
    return tel.filter((m) => m.at - Date.parse((m.json as TelemetryMessageT).samples[0]!.ts) > 60_000).length > 3 && tel;
  });
  const seqs = late.map((m) => (m.json as TelemetryMessageT).seq);
  assert.deepEqual(
    seqs,
    [...seqs].sort((a, b) => a - b),
    'seq keeps rising across the gap',
  );
  for (const m of late) assert.ok(validateTelemetry(m.json).ok);
});
