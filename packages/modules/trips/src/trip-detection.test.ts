import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectTrips, settledPoint } from './trip-detection';
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

test('restarting at a settled point finds the same trips as the whole history, whatever arrives after it', () => {
  const day = aRecordedDay(DAY);
  const all = detectTrips(day.samples, day.events, HORIZON);
  const iso = (xs: Array<{ start: Date; end: Date }>) => xs.map((t) => `${t.start.toISOString()}-${t.end.toISOString()}`);
  let points = 0;
  // What was known at each quarter hour gives a settled point; everything after that point may still arrive.
  for (let t = DAY.getTime(); t <= HORIZON.getTime(); t += 15 * 60_000) {
    const known = { samples: day.samples.filter((x) => x.ts.getTime() <= t), events: day.events.filter((x) => x.ts.getTime() <= t) };
    const p = settledPoint(known.samples, known.events, { at: DAY, settled: true });
    if (!p) continue;
    points++;
    const from = (xs: Array<{ ts: Date }>) => xs.filter((x) => x.ts >= p);
    const restarted = detectTrips(from(day.samples) as typeof day.samples, from(day.events) as typeof day.events, HORIZON);
    assert.deepEqual(iso(restarted), iso(all.filter((x) => x.start >= p)), `restart at ${p.toISOString()}`);
    // Trips before the point were already over, and already reported, when it was found.
    const before = all.filter((x) => x.start < p);
    assert.ok(before.every((x) => x.end < p));
    assert.deepEqual(iso(detectTrips(known.samples, known.events, new Date(t)).filter((x) => x.start < p)), iso(before));
  }
  assert.ok(points > 40, `settled points found: ${points}`);
});

test('no settled point inside a trip, or after an ignition.on whose off has not arrived', () => {
  const d = aDrive({ start: DAY, minutes: 30, ignition: 'on-only' });
  const p = settledPoint(d.samples, d.events, { at: DAY, settled: true });
  assert.ok(p !== null && p <= d.samples[0]!.ts, 'only before the trip began');
  const standing = parked(d.end, 20, { lat: d.lat, lon: d.lon, odometerM: d.odometerM }, 10_000);
  const q = settledPoint([...d.samples, ...standing], d.events, { at: DAY, settled: true });
  assert.equal(q?.getTime(), p.getTime(), 'the ignition is still on: the trip may still change');
  const m = aDrive({ start: DAY, minutes: 30, ignition: 'none' });
  const parkedAfter = parked(m.end, 20, { lat: m.lat, lon: m.lon, odometerM: m.odometerM }, 10_000);
  const r = settledPoint([...m.samples, ...parkedAfter], [], { at: DAY, settled: true });
  assert.ok(r !== null && r.getTime() - m.end.getTime() >= 5 * 60_000, 'after five minutes seen parked');
  // From an arbitrary window start nothing is known to be closed until a no-data gap has passed.
  assert.equal(settledPoint(m.samples.slice(0, 100), [], { at: DAY, settled: false }), null);
});
