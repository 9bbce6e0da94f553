import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateCollisionData } from '@marque/contracts/vehicle';
import { createRng } from '../random';
import { G, collisionData, type HistoryPoint } from './crash';
import type { IncidentKind } from './trip';

const history: HistoryPoint[] = [50, 51, 52, 52, 53, 52].map((speedKmh) => ({ speedKmh, acceleratorPct: 12, brake: false }));
const ctx = (seed: number) => ({
  rng: createRng(seed),
  history,
  location: { lat: 48.85, lon: 2.35, heading: 359.9 },
  belts: { driver: true, passenger: false },
});

/** Peak magnitudes per axis, m/s². */
function peaks(accel: [number, number, number][]) {
  const max = (i: number) => Math.max(...accel.map((a) => Math.abs(a[i]!)));
  return { x: max(0), y: max(1), z: max(2), minX: Math.min(...accel.map((a) => a[0])) };
}

const kinds: {
  kind: IncidentKind;
  check: (p: ReturnType<typeof peaks>, accel: [number, number, number][], rate: number) => void;
}[] = [
  {
    kind: 'frontal',
    check: (p, accel, rate) => {
      assert.ok(p.x >= 19 * G && p.x <= 61 * G, `frontal peak ${p.x / G} g`);
      assert.ok(-p.minX === p.x, 'the crash pulse points backwards (-x)');
      const above = accel.filter((a) => a[0] < -0.5 * p.x).length * (1000 / rate);
      assert.ok(above >= 25 && above <= 110, `half-peak width ${above} ms fits an 80-150 ms half-sine`);
    },
  },
  {
    kind: 'pothole',
    check: (p) => {
      assert.ok(p.z >= 1.8 * G && p.z <= 5.3 * G, `pothole z ${p.z / G} g`);
      assert.ok(p.x < 1 * G, 'little x');
    },
  },
  {
    kind: 'bump',
    check: (p) => {
      assert.ok(p.z >= 1.3 * G && p.z <= 3.8 * G, `bump z ${p.z / G} g`);
      assert.ok(p.x < 0.6 * G, 'little x');
    },
  },
  {
    kind: 'hardBraking',
    check: (p, accel, rate) => {
      assert.ok(p.minX <= -7.5 && p.minX >= -10.6, `braking plateau ${p.minX}`);
      assert.ok(p.z < 1 * G);
      const after = accel.slice(Math.round((100 * rate) / 1000) + 10);
      assert.ok(
        after.every((a) => a[0] < -7),
        'the plateau lasts the whole window after the trigger',
      );
    },
  },
];

for (const { kind, check } of kinds) {
  test(`a ${kind} pulse has the documented shape and passes the contract`, () => {
    for (let seed = 1; seed <= 25; seed++) {
      const d = collisionData(kind, ctx(seed));
      const v = validateCollisionData(d);
      assert.ok(v.ok, v.ok ? '' : v.error);
      assert.ok(d.sampleRateHz >= 100);
      assert.ok(d.accel.length >= ((d.triggerOffsetMs + 300) * d.sampleRateHz) / 1000, 'covers 300 ms after the trigger');
      check(peaks(d.accel), d.accel, d.sampleRateHz);
      if (kind !== 'frontal') assert.equal(d.airbag.deployed, false);
      if (d.airbag.deployed) assert.ok(kind === 'frontal' && d.airbag.timeToDeployMs! > 0);
      else assert.equal(d.airbag.timeToDeployMs, null);
      assert.equal(d.preCrash.length, 50);
      assert.deepEqual(
        d.preCrash.map((p) => p.dtMs),
        Array.from({ length: 50 }, (_, i) => -5000 + i * 100),
      );
      assert.equal(d.speedKmh, 52);
    }
  });
}

test('only severe frontal crashes deploy the airbag', () => {
  const deployed = Array.from({ length: 40 }, (_, i) => collisionData('frontal', ctx(i))).filter((d) => d.airbag.deployed);
  assert.ok(deployed.length > 0);
  for (const d of deployed) assert.ok(peaks(d.accel).x >= 24 * G);
  for (let seed = 1; seed < 20; seed++) assert.equal(collisionData('pothole', ctx(seed)).airbag.deployed, false);
});
