import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { tripsFixture } from './test-fixture';
import { aDrive, aRecordedDay, parked } from './test-drive';

const DAY = new Date('2026-06-01T00:00:00Z');
let f: Awaited<ReturnType<typeof tripsFixture>>;
const ALICE = randomUUID();
const BOB = randomUUID();
const EVE = randomUUID();

before(async () => {
  f = await tripsFixture('2026-06-02T00:00:00Z');
});
after(() => f.close());

const summary = (items: Array<{ startedAt: string; endedAt: string; distanceM: number; source: string }>) =>
  items.map((t) => `${t.startedAt}/${t.endedAt}/${t.distanceM}/${t.source}`);

test('trips from shuffled, duplicated and late ingest equal those from clean ingest', async () => {
  const clean = await f.aCar();
  const messy = await f.aCar();
  await f.vehicles.access.startHolding(clean, ALICE, new Date(DAY.getTime() - 86_400_000));
  await f.vehicles.access.startHolding(messy, ALICE, new Date(DAY.getTime() - 86_400_000));
  const day = aRecordedDay(DAY);
  await f.send(clean, day.samples, day.events);
  await f.trips.detection.detect(clean);
  // Event ids are unique platform-wide: the second car's copies get their own.
  day.events = day.events.map((e) => ({ ...e, id: randomUUID() }));
  // The messy car: the afternoon first (detected), then the morning arrives late, with everything sent twice.
  const noon = DAY.getTime() + 14 * 3600_000;
  const later = day.samples.filter((s) => s.ts.getTime() >= noon);
  const earlier = day.samples.filter((s) => s.ts.getTime() < noon);
  await f.send(messy, [...later].reverse(), day.events.filter((e) => e.ts.getTime() >= noon), 7);
  await f.trips.detection.detect(messy);
  f.clock.advance(60_000);
  await f.send(messy, [...earlier, ...earlier.slice(0, 50)], [...day.events, ...day.events], 9);
  await f.trips.detection.detect(messy);
  await f.trips.detection.detect(messy); // idempotent
  const a = await f.trips.service.list(ALICE, clean);
  const b = await f.trips.service.list(ALICE, messy);
  assert.equal(a.items.length, 4);
  assert.deepEqual(summary(b.items), summary(a.items));
});

test('passes run as the day arrives give the trips of one pass; once parked, a pass starts at the settled point', async () => {
  const clean = await f.aCar();
  const live = await f.aCar();
  await f.vehicles.access.startHolding(clean, ALICE, new Date(DAY.getTime() - 86_400_000));
  await f.vehicles.access.startHolding(live, ALICE, new Date(DAY.getTime() - 86_400_000));
  const day = aRecordedDay(DAY);
  await f.send(clean, day.samples, day.events);
  await f.trips.detection.detect(clean);
  const events = day.events.map((e) => ({ ...e, id: randomUUID() }));
  // Twenty-minute slices cut trips in the middle; each slice is received a minute after the previous pass.
  for (let t = DAY.getTime(); t < DAY.getTime() + 86_400_000; t += 20 * 60_000) {
    const inSlice = (x: { ts: Date }) => x.ts.getTime() >= t && x.ts.getTime() < t + 20 * 60_000;
    const samples = day.samples.filter(inSlice);
    if (samples.length === 0 && !events.some(inSlice)) continue;
    f.clock.advance(61_000);
    await f.send(live, samples, events.filter(inSlice), 12);
    await f.trips.detection.detect(live);
  }
  assert.deepEqual(summary((await f.trips.service.list(ALICE, live)).items), summary((await f.trips.service.list(ALICE, clean)).items));
  // A heartbeat late in the evening, parked since the 19:00 trip: its pass starts after that trip, not hours back.
  f.clock.advance(61_000);
  await f.trips.detection.detect(live);
  f.clock.advance(61_000);
  const end = day.samples.at(-1)!;
  await f.send(live, [{ ...end, ts: new Date(end.ts.getTime() + 3600_000), seq: end.seq + 1 }], []);
  const pass = await f.trips.detection.detect(live);
  const lastTrip = (await f.trips.service.list(ALICE, live)).items[0]!;
  assert.ok(pass.window && pass.window.from > lastTrip.endedAt, `pass started at ${pass.window?.from}`);
});

test('a late sample arriving after its trip was closed and settled still updates that trip', async () => {
  const vin = await f.aCar();
  await f.vehicles.access.startHolding(vin, BOB, new Date(DAY.getTime() - 86_400_000));
  const d = aDrive({ start: new Date(DAY.getTime() + 7 * 3600_000), minutes: 25, seq: 40_000 });
  const standing = parked(d.end, 30, { lat: d.lat, lon: d.lon, odometerM: d.odometerM }, 41_000);
  await f.send(vin, [...d.samples, ...standing], d.events);
  f.clock.advance(61_000);
  await f.trips.detection.detect(vin);
  const before = (await f.trips.service.list(BOB, vin)).items;
  assert.equal(before.length, 1);
  // The next parked pass starts at the settled point, after the trip.
  f.clock.advance(61_000);
  await f.send(vin, parked(standing.at(-1)!.ts, 4, { lat: d.lat, lon: d.lon, odometerM: d.odometerM }, 42_000), []);
  const settledPass = await f.trips.detection.detect(vin);
  assert.ok(settledPass.window!.from >= before[0]!.endedAt, 'this pass started after the trip');
  // A sample from the middle of the trip, held in the car, arrives now.
  const mid = d.samples[Math.floor(d.samples.length / 3)]!;
  f.clock.advance(61_000);
  await f.send(vin, [{ ...mid, seq: 43_000, ts: new Date(mid.ts.getTime() + 1000), signals: { ...mid.signals, 'Vehicle.Speed': 131 } }], []);
  const latePass = await f.trips.detection.detect(vin);
  assert.ok(latePass.window!.from < before[0]!.startedAt, 'late data: the pass went back before the trip');
  const after = (await f.trips.service.list(BOB, vin)).items;
  assert.equal(after.length, 1);
  assert.equal(after[0]!.id, before[0]!.id);
  assert.equal(after[0]!.maxKmh, 131);
  assert.notEqual(before[0]!.maxKmh, 131);
});

test('trips are attributed to the holder at their start; after a handover nothing crosses over', async () => {
  const vin = await f.aCar();
  await f.vehicles.access.startHolding(vin, ALICE, new Date(DAY.getTime() - 86_400_000));
  const morning = aDrive({ start: new Date(DAY.getTime() + 8 * 3600_000), minutes: 20 });
  await f.vehicles.access.startHolding(vin, BOB, new Date(DAY.getTime() + 12 * 3600_000));
  const evening = aDrive({ start: new Date(DAY.getTime() + 18 * 3600_000), minutes: 15, seq: 5000, odometerM: morning.odometerM });
  await f.send(vin, [...morning.samples, ...evening.samples], [...morning.events, ...evening.events]);
  await f.trips.detection.detect(vin);
  const alice = await f.trips.service.list(ALICE, vin);
  const bob = await f.trips.service.list(BOB, vin);
  assert.deepEqual(alice.items.map((t) => t.startedAt), [morning.samples[0]!.ts.toISOString()]);
  assert.deepEqual(bob.items.map((t) => t.startedAt), [evening.samples[0]!.ts.toISOString()]);
  await assert.rejects(f.trips.service.get(BOB, vin, alice.items[0]!.id), { kind: 'not_found' });
  await assert.rejects(f.trips.service.gpx(ALICE, vin, bob.items[0]!.id), { kind: 'not_found' });
  await assert.rejects(f.trips.service.list(EVE, vin), { kind: 'forbidden' });
  const csv = await f.trips.service.csv(BOB, vin);
  assert.equal(csv.trim().split('\r\n').length, 2);
});

test('scores and analytics only with the analytics consent; a withdrawal stops new analysis; erase removes it', async () => {
  const vin = await f.aCar();
  await f.vehicles.access.startHolding(vin, EVE, new Date(DAY.getTime() - 86_400_000));
  f.granted.add(`${EVE}/driving_analytics`);
  f.granted.add(`${EVE}/location_history`);
  const first = aDrive({ start: new Date(DAY.getTime() + 9 * 3600_000), minutes: 20, hybrid: true });
  await f.send(vin, first.samples, first.events);
  await f.trips.detection.detect(vin);
  let list = await f.trips.service.list(EVE, vin);
  assert.equal(typeof list.items[0]!.score, 'number');
  assert.ok(list.items[0]!.scoreExplanation!.summary.length > 10);
  assert.ok(list.items[0]!.electricShare! > 0 && list.items[0]!.electricShare! < 1);
  const detail = await f.trips.service.get(EVE, vin, list.items[0]!.id);
  assert.ok(detail.route!.length > 10 && detail.speedProfile.length > 10);
  assert.equal(detail.start.place, 'München');
  const analytics = await f.trips.service.analytics(EVE, vin, 'day');
  assert.equal(analytics.series.length, 14);
  assert.equal(analytics.totals.trips, 1);
  assert.equal(analytics.totals.score, list.items[0]!.score);

  f.granted.delete(`${EVE}/driving_analytics`);
  f.granted.delete(`${EVE}/location_history`);
  const second = aDrive({ start: new Date(DAY.getTime() + 15 * 3600_000), minutes: 20, seq: 9000, odometerM: first.odometerM });
  f.clock.advance(60_000);
  await f.send(vin, second.samples, second.events);
  await f.trips.detection.detect(vin);
  list = await f.trips.service.list(EVE, vin);
  assert.equal(list.items.length, 2);
  assert.equal(list.items[0]!.score, null, 'no new analysis after the withdrawal');
  assert.equal((await f.trips.service.get(EVE, vin, list.items[0]!.id)).route, null, 'no route without location history');
  assert.equal(typeof list.items[1]!.score, 'number', 'what existed stays until erased');
  await assert.rejects(f.trips.service.analytics(EVE, vin, 'week'), { kind: 'forbidden' });
  assert.equal((await f.trips.service.eraseAnalytics(EVE, vin)).erased, 2);
  f.granted.add(`${EVE}/driving_analytics`);
  f.clock.advance(60_000);
  await f.send(vin, first.samples.slice(0, 3), []); // new data in the window: recomputation does not re-score erased trips
  await f.trips.detection.detect(vin);
  assert.ok((await f.trips.service.list(EVE, vin)).items.every((t) => t.score === null));
});

test('a deleted trip stays deleted when its data is recomputed; pagination walks newest first', async () => {
  const vin = await f.aCar();
  await f.vehicles.access.startHolding(vin, ALICE, new Date(DAY.getTime() - 86_400_000));
  const day = aRecordedDay(new Date(DAY.getTime() + 60_000));
  await f.send(vin, day.samples, day.events);
  await f.trips.detection.detect(vin);
  const page1 = await f.trips.service.list(ALICE, vin, { limit: 3 });
  const page2 = await f.trips.service.list(ALICE, vin, { limit: 3, cursor: page1.nextCursor! });
  assert.equal(page1.items.length, 3);
  assert.equal(page2.items.length, 1);
  assert.equal(page2.nextCursor, null);
  assert.ok(page1.items[0]!.startedAt > page1.items[1]!.startedAt);
  await f.trips.service.remove(ALICE, vin, page2.items[0]!.id);
  f.clock.advance(60_000);
  await f.send(vin, day.samples.slice(0, 20).map((s) => ({ ...s, seq: s.seq + 100_000 })), []);
  await f.trips.detection.detect(vin);
  assert.equal((await f.trips.service.list(ALICE, vin)).items.length, 3);
  await assert.rejects(f.trips.service.list(ALICE, vin, { cursor: 'garbage' }), { kind: 'invalid' });
});

test('retention removes trips that ended before the retention period, and only those', async () => {
  const vin = await f.aCar();
  await f.vehicles.access.startHolding(vin, BOB, new Date(DAY.getTime() - 86_400_000));
  const d = aDrive({ start: new Date(DAY.getTime() + 10 * 3600_000), minutes: 10, seq: 70_000 });
  await f.send(vin, d.samples, d.events);
  await f.trips.detection.detect(vin);
  const before = (await f.trips.service.list(BOB, vin)).items.length;
  assert.equal(before, 1);
  assert.equal((await f.trips.retention.run()).deleted, 0);
  f.clock.advance(366 * 86_400_000);
  assert.ok((await f.trips.retention.run()).deleted >= 1);
  assert.equal((await f.trips.service.list(BOB, vin).catch(() => ({ items: [] }))).items.length, 0);
});

test('every telemetry partition, including one created after the migrations, has the (vin, received_at) index', async () => {
  await f.telemetry.ingest.ensurePartitions();
  const rows = (await f.database.db.execute(sql`
    select c.relname as partition,
      exists (select 1 from pg_indexes x where x.tablename = c.relname and x.indexdef like '%(vin, received_at)%') as indexed
    from pg_inherits i join pg_class c on c.oid = i.inhrelid
    where i.inhparent = 'telemetry_samples'::regclass`)) as unknown as { rows: Array<{ partition: string; indexed: boolean }> };
  assert.ok(rows.rows.length >= 2);
  assert.deepEqual(rows.rows.filter((r) => !r.indexed), []);
});
