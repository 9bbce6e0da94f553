import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import mqtt, { type MqttClient } from 'mqtt';
import {
  loadPublicKey,
  topics,
  vehicleClientId,
  vehicleCommandCheck,
  validateCommand,
  type CommandMessageT,
} from '@marque/contracts/vehicle';
import { linkFixture, eventually, TEST_ACCOUNT_HEADER, type LinkFixture } from './test-fixture';

const VIN = 'SAUVL0AB6KA010000';
const OTHER_VIN = 'SAULM1AB3LA010001';
const SECRET = 'device-secret-for-e2e-tests';
const OWNER = '00000000-0000-4000-8000-0000000000e1';
let f: LinkFixture;
let car: MqttClient;
const inbox: CommandMessageT[] = [];

const connectCar = (password: string, opts: mqtt.IClientOptions = {}) =>
  mqtt.connectAsync(`mqtt://127.0.0.1:${f.broker.port}`, {
    clientId: vehicleClientId(VIN),
    username: VIN,
    password,
    protocolVersion: 4,
    reconnectPeriod: 0,
    connectTimeout: 5000,
    ...opts,
  });
const api = (method: 'GET' | 'POST', url: string, body?: unknown, headers: Record<string, string> = {}) =>
  f.app.inject({
    method,
    url,
    headers: { [TEST_ACCOUNT_HEADER]: OWNER, ...headers },
    ...(body ? { payload: body as object } : {}),
  });

before(async () => {
  f = await linkFixture();
  const rec = (vin: string) => ({
    vin,
    brand: 'Aurelia',
    model: 'Vela',
    model_year: 2024,
    powertrain: 'PHEV',
    head_unit: 'mm21',
    smart_connect: 'no',
    market: 'GB',
    device_secret: SECRET,
  });
  await f.modules.vehicles.service.importRegistry([
    { line: 1, record: rec(VIN) },
    { line: 2, record: rec(OTHER_VIN) },
  ]);
  await f.modules.vehicles.access.startHolding(VIN, OWNER, new Date(Date.now() - 86_400_000));
});
after(async () => {
  await car?.endAsync(true);
  await f.close();
});

test('a wrong device secret is refused', async () => {
  await assert.rejects(connectCar('not-the-secret-at-all'), /Bad username or password|Not authorized/i);
});

test('the car connects, its telemetry is stored before the PUBACK, and status shows it', async () => {
  car = await connectCar(SECRET, {
    clean: false,
    will: {
      topic: topics.up(VIN, 'connection'),
      payload: Buffer.from(JSON.stringify({ online: false, ts: new Date().toISOString() })),
      qos: 1,
      retain: true,
    },
  });
  car.on('message', (_t, payload) => inbox.push(JSON.parse(payload.toString()) as CommandMessageT));
  await car.subscribeAsync(topics.commands(VIN), { qos: 1 });
  const ts = new Date().toISOString();
  await car.publishAsync(topics.up(VIN, 'connection'), JSON.stringify({ online: true, ts }), { qos: 1, retain: true });
  await car.publishAsync(
    topics.up(VIN, 'telemetry'),
    JSON.stringify({
      seq: 1,
      samples: [
        {
          ts,
          signals: {
            'Vehicle.TraveledDistance': 42_500_000,
            'Vehicle.Cabin.Door.Row1.DriverSide.IsLocked': false,
            'Vehicle.CurrentLocation.Latitude': 51.5,
            'Vehicle.CurrentLocation.Longitude': -0.12,
          },
        },
      ],
    }),
    { qos: 1 },
  );
  // The PUBACK came after the database write: no waiting needed.
  const status = await api('GET', `/api/v1/vehicles/${VIN}/status`);
  assert.equal(status.statusCode, 200);
  assert.equal(status.json().odometerKm.value, 42_500);
  assert.equal(status.json().connection.online, true);
  const loc = await api('GET', `/api/v1/vehicles/${VIN}/location`);
  assert.equal(loc.json().location.lat, 51.5);
});

test("publishing under another VIN's topic is refused (the broker drops the connection)", async () => {
  const rogue = await connectCar(SECRET, { clientId: vehicleClientId(VIN) + '', clean: true });
  const closed = new Promise<void>((resolve) => rogue.once('close', () => resolve()));
  rogue.publish(topics.up(OTHER_VIN, 'telemetry'), JSON.stringify({ seq: 1, samples: [] }), { qos: 1 });
  await closed;
  await rogue.endAsync(true);
  // The rogue took the car's client id; the car reconnects as cars do.
  car = await connectCar(SECRET, { clean: false });
  car.on('message', (_t, payload) => inbox.push(JSON.parse(payload.toString()) as CommandMessageT));
  await car.subscribeAsync(topics.commands(VIN), { qos: 1 });
});

test('a command reaches the car signed, the car verifies it and reports, and the API shows executed', async () => {
  const events = await openEvents();
  const r = await api(
    'POST',
    `/api/v1/vehicles/${VIN}/commands`,
    { name: 'climate.start', params: { temperatureC: 21 } },
    { 'idempotency-key': 'e2e-1' },
  );
  assert.equal(r.statusCode, 202);
  const { id } = r.json() as { id: string };
  const msg = await eventually(async () => inbox.find((c) => c.id === id), 'the command on the car');
  assert.equal(validateCommand(msg).ok, true);
  const pem = (await api('GET', '/api/v1/vehicle-command-key')).body;
  assert.equal(vehicleCommandCheck(msg, { vin: VIN, publicKey: loadPublicKey(pem), lastCounter: 0, now: new Date() }), null);
  await car.publishAsync(
    topics.up(VIN, 'command-results'),
    JSON.stringify({ commandId: id, status: 'executed', ts: new Date().toISOString() }),
    { qos: 1 },
  );
  const got = await api('GET', `/api/v1/vehicles/${VIN}/commands/${id}`);
  assert.equal(got.json().status, 'executed');
  await eventually(async () => (events.text().includes('"status":"executed"') ? true : undefined), 'the command.updated event');
  const ts = new Date().toISOString();
  await car.publishAsync(
    topics.up(VIN, 'telemetry'),
    JSON.stringify({ seq: 2, samples: [{ ts, signals: { 'Vehicle.Cabin.HVAC.IsAirConditioningActive': true } }] }),
    { qos: 1 },
  );
  await eventually(async () => (/event: vehicle.state/.test(events.text()) ? true : undefined), 'the vehicle.state event');
  events.close();
});

test('HTTP refusals are problem+json naming the reason', async () => {
  const stranger = { [TEST_ACCOUNT_HEADER]: '00000000-0000-4000-8000-0000000000e2' };
  const cases: Array<[Awaited<ReturnType<typeof api>>, number, string?]> = [
    [await api('GET', `/api/v1/vehicles/${VIN}/status`, undefined, stranger), 403],
    [await f.app.inject({ method: 'GET', url: `/api/v1/vehicles/${VIN}/status` }), 401],
    [await api('GET', `/api/v1/vehicles/SAUVL0AB6KA019999/location`), 404],
    [
      await api('POST', `/api/v1/vehicles/${VIN}/commands`, { name: 'doors.lock' }, { ...stranger, 'idempotency-key': 'r1' }),
      403,
    ],
    [
      await api(
        'POST',
        `/api/v1/vehicles/${VIN}/commands`,
        { name: 'climate.start', params: { temperatureC: 99 } },
        { 'idempotency-key': 'r2' },
      ),
      400,
      'params.temperatureC',
    ],
    [await api('POST', `/api/v1/vehicles/${VIN}/commands`, { name: 'doors.lock' }), 400, 'Idempotency-Key'],
    [await api('GET', `/api/v1/vehicles/${VIN}/commands/00000000-0000-4000-8000-000000000000`), 404],
  ];
  for (const [res, status, field] of cases) {
    assert.equal(res.statusCode, status, res.body);
    assert.match(res.headers['content-type'] as string, /application\/problem\+json/);
    if (field) assert.equal(res.json().field, field);
  }
  const again = await api(
    'POST',
    `/api/v1/vehicles/${VIN}/commands`,
    { name: 'climate.start', params: { temperatureC: 22 } },
    { 'idempotency-key': 'e2e-1' },
  );
  assert.equal(again.statusCode, 409);
});

test('a new holder does not see the previous holder’s readings', async () => {
  const next = '00000000-0000-4000-8000-0000000000e3';
  await f.modules.vehicles.access.startHolding(VIN, next, new Date());
  const s = await f.app.inject({
    method: 'GET',
    url: `/api/v1/vehicles/${VIN}/status`,
    headers: { [TEST_ACCOUNT_HEADER]: next },
  });
  assert.equal(s.statusCode, 200);
  assert.equal(s.json().odometerKm, null);
  const loc = await f.app.inject({
    method: 'GET',
    url: `/api/v1/vehicles/${VIN}/location`,
    headers: { [TEST_ACCOUNT_HEADER]: next },
  });
  assert.equal(loc.json().location, null);
  await f.modules.vehicles.access.startHolding(VIN, OWNER, new Date(Date.now() - 86_400_000));
});

/** Reads the server-sent events stream in the background. */
async function openEvents() {
  const ctrl = new AbortController();
  const port = (f.app.server.address() as { port: number }).port;
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/events`, {
    headers: { [TEST_ACCOUNT_HEADER]: OWNER },
    signal: ctrl.signal,
  });
  assert.equal(res.headers.get('content-type'), 'text/event-stream');
  let text = '';
  const reader = res.body!.getReader();
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        text += Buffer.from(value).toString();
      }
    } catch {
      /* aborted */
    }
  })();
  return { text: () => text, close: () => ctrl.abort() };
}
