import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectTrips } from './trip-detection';
import { aDrive, aRecordedDay, parked } from './test-drive';

const DAY = new Date('2026-06-01T00:00:00Z');
const HORIZON = new Date('2026-06-02T00:00:00Z');

/** A seeded shuffle, so a failing order can be replayed. */
function shuffled<T>(xs: T[], seed: number): T[] {
  const out = [...xs];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

test('a recorded day gives its four trips, from ignition where it has them and from motion where not', () => {
  const day = aRecordedDay(DAY);
  const trips = detectTrips(day.samples, day.events, HORIZON);
  assert.deepEqual(
    trips.map((t) => [t.start.toISOString().slice(11, 16), t.source]),
    [
      ['07:00', 'ignition'],
      ['12:00', 'motion'],
      ['16:00', 'ignition'],
      ['19:00', 'ignition'],
    ],
  );
  // The trip whose ignition.off was lost ends where the car stopped moving.
  assert.ok(trips[2]!.end.getTime() < Date.parse('2026-06-01T16:31:00Z'));
});

test('shuffled, duplicated and late input gives the same trips as clean input (property over seeds)', () => {
  const day = aRecordedDay(DAY);
  const clean = detectTrips(day.samples, day.events, HORIZON);
  for (let seed = 1; seed <= 25; seed++) {
    const dupS = day.samples.filter((_, i) => (i * seed) % 7 === 0);
    const dupE = day.events.filter((_, i) => (i + seed) % 2 === 0);
    // "Late": the last third arrives first, as a store-and-forward flush would deliver it.
    const late = day.samples.slice(Math.floor((day.samples.length * 2) / 3));
    const samples = shuffled([...late, ...day.samples, ...dupS], seed);
    const events = shuffled([...day.events, ...dupE], seed + 100);
    assert.deepEqual(detectTrips(samples, events, HORIZON), clean, `seed ${seed}`);
  }
});

test('a trip still under way is not reported until the car was seen parked, or silent for an hour', () => {
  const d = aDrive({ start: DAY, minutes: 10, ignition: 'none' });
  const after = (min: number) => new Date(d.end.getTime() + min * 60_000);
  assert.equal(detectTrips(d.samples, [], after(1)).length, 0);
  // Ten quiet minutes may be data held in the car (store and forward): not yet a finished trip.
  assert.equal(detectTrips(d.samples, [], after(10)).length, 0);
  assert.equal(detectTrips(d.samples, [], after(61)).length, 1);
  const standing = parked(d.end, 6, { lat: d.lat, lon: d.lon, odometerM: d.odometerM }, 10_000);
  assert.equal(detectTrips([...d.samples, ...standing], [], after(7)).length, 1);
});

test('jitter while parked is not a trip; a short data gap does not split a trip', () => {
  const jitter = [0, 1, 2].map((i) => ({
    ts: new Date(DAY.getTime() + i * 5000),
    seq: i,
    signals: { 'Vehicle.Speed': 6, 'Vehicle.CurrentLocation.Latitude': 48, 'Vehicle.CurrentLocation.Longitude': 11 },
  }));
  assert.equal(detectTrips(jitter, [], HORIZON).length, 0);
  const d = aDrive({ start: DAY, minutes: 30, ignition: 'none' });
  const gapped = d.samples.filter((s) => s.ts.getTime() - DAY.getTime() < 5 * 60_000 || s.ts.getTime() - DAY.getTime() > 15 * 60_000);
  assert.equal(detectTrips(gapped, [], HORIZON).length, 1);
});
