import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  canonicalJson,
  signCommand,
  generateCommandKeyPair,
  loadPrivateKey,
  loadPublicKey,
  vehicleCommandCheck,
  commandSigningInput,
  checkSignal,
  validateTelemetry,
  validateEvent,
  validateCommandParams,
  parseJsonPayload,
  parseUpTopic,
  topics,
} from './index';

const VIN = 'SAUVL0AB6KA010000';
const keys = generateCommandKeyPair();
const priv = loadPrivateKey(keys.privateKeyPem);
const pub = loadPublicKey(keys.publicKeyPem);

function aCommand(over: Partial<Parameters<typeof signCommand>[0]> = {}) {
  return signCommand(
    {
      id: randomUUID(),
      vin: VIN,
      name: 'climate.start',
      params: { temperatureC: 21, durationMin: 10 },
      issuedAt: '2026-11-27T12:00:00.000Z',
      expiresAt: '2026-11-27T12:01:00.000Z',
      counter: 17,
      ...over,
    },
    priv,
  );
}
const now = new Date('2026-11-27T12:00:10.000Z');

test('canonical JSON sorts keys at every depth and drops spaces', () => {
  assert.equal(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: 'x' } }), '{"a":{"c":"x","d":[1,{"y":2,"z":1}]},"b":1}');
});

test('the signed bytes follow the contract layout', () => {
  const c = aCommand({ id: '00000000-0000-4000-8000-000000000000' });
  assert.equal(
    commandSigningInput(c).toString(),
    `v1\n${VIN}\n00000000-0000-4000-8000-000000000000\nclimate.start\n{"durationMin":10,"temperatureC":21}\n2026-11-27T12:00:00.000Z\n2026-11-27T12:01:00.000Z\n17`,
  );
});

test('a vehicle runs a good command and rejects forged, expired, replayed and foreign ones', () => {
  const ctx = { vin: VIN, publicKey: pub, lastCounter: 16, now };
  assert.equal(vehicleCommandCheck(aCommand(), ctx), null);
  assert.equal(vehicleCommandCheck({ ...aCommand(), params: { temperatureC: 30 } }, ctx), 'bad_signature');
  const other = loadPrivateKey(generateCommandKeyPair().privateKeyPem);
  const { sig: _s, ...unsigned } = aCommand();
  assert.equal(vehicleCommandCheck(signCommand(unsigned, other), ctx), 'bad_signature');
  assert.equal(vehicleCommandCheck(aCommand({ expiresAt: '2026-11-27T12:00:05.000Z' }), ctx), 'expired');
  assert.equal(vehicleCommandCheck(aCommand({ counter: 16 }), ctx), 'replayed');
  assert.equal(vehicleCommandCheck(aCommand({ vin: 'SAULM1AB3LA010001' }), ctx), 'wrong_vin');
});

test('signals are checked by name, datatype and plausible range', () => {
  assert.equal(checkSignal('Vehicle.Speed', 52.3), null);
  assert.match(checkSignal('Vehicle.Speed', -4) ?? '', /minimum/);
  assert.match(checkSignal('Vehicle.Speed', 9000) ?? '', /maximum/);
  assert.match(checkSignal('Vehicle.Speed', '52') ?? '', /number/);
  assert.match(checkSignal('Vehicle.Teleporter.IsEngaged', true) ?? '', /unknown signal/);
  assert.match(checkSignal('Vehicle.TraveledDistance', 12.5) ?? '', /whole number/);
  assert.equal(checkSignal('Vehicle.Cabin.Door.Row1.DriverSide.IsLocked', true), null);
  assert.match(checkSignal('Vehicle.CurrentLocation.Latitude', 91) ?? '', /maximum/);
});

test('payload schemas accept the contract examples and refuse garbage', () => {
  assert.equal(
    validateTelemetry({ seq: 1042, samples: [{ ts: '2026-11-27T12:00:00.000Z', signals: { 'Vehicle.Speed': 52.3 } }] }).ok,
    true,
  );
  assert.equal(validateTelemetry({ seq: -1, samples: [] }).ok, false);
  assert.equal(validateTelemetry({ seq: 1, samples: [{ ts: 'yesterday', signals: { 'Vehicle.Speed': 1 } }] }).ok, false);
  assert.equal(validateEvent({ id: randomUUID(), type: 'ignition.on', ts: '2026-11-27T12:00:00Z', data: {} }).ok, true);
  assert.equal(validateEvent({ id: 'x', type: 'ignition.on', ts: '2026-11-27T12:00:00Z' }).ok, false);
  assert.equal(validateCommandParams('climate.start', { temperatureC: 21 }).ok, true);
  assert.equal(validateCommandParams('climate.start', { temperatureC: 45 }).ok, false);
  assert.equal(validateCommandParams('doors.lock', { force: true }).ok, false);
  assert.equal(parseJsonPayload('{"a":').ok, false);
  assert.equal(parseJsonPayload('[1]').ok, false);
  assert.equal(parseJsonPayload(Buffer.alloc(300 * 1024, 32)).ok, false);
});

test('topics are built and parsed; anything else is null', () => {
  assert.deepEqual(parseUpTopic(topics.up(VIN, 'telemetry')), { vin: VIN, kind: 'telemetry' });
  assert.equal(parseUpTopic(`v1/vehicles/${VIN}/up/secrets`), null);
  assert.equal(parseUpTopic(`v1/vehicles/${VIN}/down/commands`), null);
  assert.equal(parseUpTopic('v1/vehicles/short/up/telemetry'), null);
});

test('every event type of the contract passes the event schema, dotted or not', () => {
  for (const type of ['ignition.on', 'collision', 'alarm', 'dtc.set', 'headunit.code']) {
    assert.equal(validateEvent({ id: randomUUID(), type, ts: '2026-11-27T12:00:00Z' }).ok, true, type);
  }
  assert.equal(validateEvent({ id: randomUUID(), type: 'Collision!', ts: '2026-11-27T12:00:00Z' }).ok, false);
});
