import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DEMO_FLEET_SIZE, DEMO_OWNER_CARS, demoFleetVins, demoOwnerVins, loopbackBrokerUrl } from './demo-fleet';
import { demoRegistryFile } from './demo';

const feed = new Map(
  (JSON.parse(readFileSync(demoRegistryFile, 'utf8')) as Array<{ vin: string; powertrain: string; head_unit: string }>).map(
    (r) => [r.vin, r],
  ),
);

test('the demo fleet is eight cars with a head unit and every powertrain, the same on every start', () => {
  const vins = demoFleetVins();
  assert.equal(vins.length, DEMO_FLEET_SIZE);
  assert.deepEqual(demoFleetVins(), vins);
  assert.ok(vins.every((v) => feed.get(v)!.head_unit !== 'none'));
  assert.deepEqual(new Set(vins.map((v) => feed.get(v)!.powertrain)), new Set(['PHEV', 'BEV', 'ICE', 'HEV']));
  assert.deepEqual(demoOwnerVins(), vins.slice(0, DEMO_OWNER_CARS));
  assert.equal(new Set(demoOwnerVins().map((v) => feed.get(v)!.powertrain)).size, DEMO_OWNER_CARS, 'the owner has mixed cars');
});

test('in-process cars reach the broker over loopback unless it listens on one address', () => {
  assert.equal(loopbackBrokerUrl('0.0.0.0', 1883), 'mqtt://127.0.0.1:1883');
  assert.equal(loopbackBrokerUrl('::', 1883), 'mqtt://127.0.0.1:1883');
  assert.equal(loopbackBrokerUrl('10.0.0.5', 2883), 'mqtt://10.0.0.5:2883');
  assert.equal(loopbackBrokerUrl('::1', 2883), 'mqtt://[::1]:2883');
});
