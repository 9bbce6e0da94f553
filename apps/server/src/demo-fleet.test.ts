import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  DEMO_FIRST_DEPARTURE_MS,
  DEMO_FLEET_SIZE,
  DEMO_OWNER_CARS,
  DEMO_REPLAY_MS,
  demoDepartures,
  demoFleetVins,
  demoOwnerVins,
  demoReplayPlan,
  loopbackBrokerUrl,
  type DemoHistorySource,
} from './demo-fleet';
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

const NOW = new Date('2026-11-27T12:00:00Z');
const H = 3_600_000;
const [A, B, C, D] = ['SAUVL0AB6KA010000', 'SAULM1AB3LA010001', 'SAUTN3AB2NA010003', 'SAURL4AB3PA010004'];

/** Telemetry and holdings as a table: the car's earliest data (or none), and since when it is held (or not at all). */
function source(cars: Record<string, { data?: Date; heldSince?: Date }>): DemoHistorySource & { asked: Date[] } {
  const asked: Date[] = [];
  return {
    asked,
    earliestReceived: async (vin, _since, notBefore) => {
      asked.push(notBefore);
      const d = cars[vin]?.data;
      return d && d >= notBefore ? d : null;
    },
    holderAt: async (vin, at) => {
      const since = cars[vin]?.heldSince;
      return since && since <= at ? { since } : null;
    },
  };
}

test('the replay plan: cars without telemetry replay 36 h, never from before their holding or beyond the accepted age', async () => {
  const src = source({
    [A]: { heldSince: new Date(NOW.getTime() - 72 * H) },
    [B]: { heldSince: new Date(NOW.getTime() - 10 * H) },
    [C]: { heldSince: new Date(NOW.getTime() - 72 * H), data: new Date(NOW.getTime() - 2 * H) },
    [D]: {},
  });
  const plan = await demoReplayPlan(src, [A, B, C, D], { now: NOW, maxAgeDays: 7 });
  assert.deepEqual(plan, {
    [A]: NOW.getTime() - DEMO_REPLAY_MS,
    [B]: NOW.getTime() - 10 * H + 60_000, // from just after the holding began
  });
  assert.ok(
    src.asked.every((d) => d.getTime() === NOW.getTime() - 7 * 24 * H),
    'telemetry counts within the accepted age',
  );
});

test('the replay plan: old telemetry beyond the accepted age replays again; a just-started holding or a short age does not reach back', async () => {
  const old = await demoReplayPlan(
    source({ [A]: { heldSince: new Date(NOW.getTime() - 30 * 24 * H), data: new Date(NOW.getTime() - 9 * 24 * H) } }),
    [A],
    { now: NOW, maxAgeDays: 7 },
  );
  assert.deepEqual(old, { [A]: NOW.getTime() - DEMO_REPLAY_MS });
  const fresh = await demoReplayPlan(source({ [A]: { heldSince: new Date(NOW.getTime() - 30 * 60_000) } }), [A], {
    now: NOW,
    maxAgeDays: 7,
  });
  assert.deepEqual(fresh, {}, 'less than an hour to replay: nothing');
  const short = await demoReplayPlan(source({ [A]: { heldSince: new Date(NOW.getTime() - 72 * H) } }), [A], {
    now: NOW,
    maxAgeDays: 1,
  });
  assert.deepEqual(short, { [A]: NOW.getTime() - 24 * H + H }, 'the server would refuse anything older');
});

test('the owner’s first car leaves within the first two minutes, the others soon after; other cars are left to chance', () => {
  const d = demoDepartures([A, B, C]);
  assert.ok(DEMO_FIRST_DEPARTURE_MS <= 120_000);
  assert.equal(d[A], DEMO_FIRST_DEPARTURE_MS);
  assert.ok(d[B]! > DEMO_FIRST_DEPARTURE_MS && d[C] === d[B]);
  assert.equal(d[D], undefined);
});
