import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Logger } from '@marque/kernel';
import { silentLogger } from '@marque/kernel';
import { telemetryFixture, telemetryMessage, at, T0 } from './test-helpers';

let f: Awaited<ReturnType<typeof telemetryFixture>>;
const warnings: unknown[] = [];
const log: Logger = { ...silentLogger, warn: (o) => void warnings.push(o), child: () => log };
const A = 'SAUVL0AB6KA010000';
const B = 'SAULM1AB3LA010001';
const window = [new Date(Date.parse(T0) - 86_400_000), new Date(Date.parse(T0) + 86_400_000)] as const;

before(async () => {
  f = await telemetryFixture({ log });
});
after(() => f.close());

test('a repeated seq is stored once', async () => {
  const msg = telemetryMessage(7, at(-1000), { 'Vehicle.Speed': 40 });
  const outcomes = await Promise.all([
    f.telemetry.ingest.submit(A, 'telemetry', msg),
    f.telemetry.ingest.submit(A, 'telemetry', msg),
  ]);
  assert.deepEqual(outcomes, ['stored', 'stored']);
  assert.equal(await f.telemetry.ingest.submit(A, 'telemetry', msg), 'stored');
  const samples = await f.telemetry.status.samples(A, ...window);
  assert.equal(samples.filter((s) => s.seq === 7).length, 1);
});

test('a batch mixing messages stored before with new ones stores exactly the new ones', async () => {
  const msg = (seq: number) => telemetryMessage(seq, at(-1000 + seq), { 'Vehicle.Speed': seq });
  assert.equal(await f.telemetry.ingest.submit(B, 'telemetry', msg(200)), 'stored');
  assert.equal(await f.telemetry.ingest.submit(B, 'telemetry', msg(202)), 'stored');
  // One batch (submitted together): 200 and 202 again, 201 and 203 new, 201 twice.
  const outcomes = await Promise.all([200, 201, 202, 203, 201].map((seq) => f.telemetry.ingest.submit(B, 'telemetry', msg(seq))));
  assert.deepEqual(outcomes, ['stored', 'stored', 'stored', 'stored', 'stored']);
  const seqs = (await f.telemetry.status.samples(B, ...window)).map((s) => s.seq).filter((s) => s >= 200);
  assert.deepEqual(seqs, [200, 201, 202, 203]);
});

test('an event is stored once by id and placed by its own time even when it arrives late', async () => {
  const late = { id: randomUUID(), type: 'ignition.off', ts: at(-3 * 3600_000), data: { odometer: 1 } };
  const fresh = { id: randomUUID(), type: 'ignition.on', ts: at(-60_000) };
  for (const e of [fresh, late, late]) assert.equal(await f.telemetry.ingest.submit(B, 'events', JSON.stringify(e)), 'stored');
  const events = await f.telemetry.status.events(B, ...window);
  assert.deepEqual(
    events.map((e) => e.id),
    [late.id, fresh.id],
  );
});

test('samples are stored as the car wrote them (whitespace, escapes) and read back as they were validated', async () => {
  const spaced = Buffer.from(
    `{"seq": 500,\n\t"samples": [ {"ts": "${at(-3000)}", "signals": {\n\t"Vehicle.Speed": 12.5,\r\n "Vehicle.IsMoving" : true } },` +
      // Another offset and no milliseconds: stored as the same instant.
      `{"signals":{"Vehicle.Speed":1e1},"ts":"2026-06-01T10:59:58+02:00"} ] }`,
  );
  // A key written with an escape: what JSON.parse read is stored (serialised again), not the text.
  const escaped = Buffer.from(`{"seq":501,"samples":[{"ts":"${at(-1000)}","signals":{"Vehicle.Spe\\u0065d":13}}]}`);
  assert.equal(await f.telemetry.ingest.submit(A, 'telemetry', spaced), 'stored');
  assert.equal(await f.telemetry.ingest.submit(A, 'telemetry', escaped), 'stored');
  const stored = (await f.telemetry.status.samples(A, ...window)).filter((s) => s.seq >= 500);
  assert.deepEqual(
    stored.map((s) => s.signals),
    [{ 'Vehicle.Speed': 12.5, 'Vehicle.IsMoving': true }, { 'Vehicle.Speed': 10 }, { 'Vehicle.Speed': 13 }],
  );
  assert.deepEqual(
    stored.map((s) => s.ts.toISOString()),
    [at(-3000), at(-2000), at(-1000)],
  );
});

test('late data never overwrites a newer reading', async () => {
  const lock = 'Vehicle.Cabin.Door.Row1.DriverSide.IsLocked';
  await f.telemetry.ingest.submit(
    A,
    'telemetry',
    telemetryMessage(100, at(-10_000), { [lock]: true, 'Vehicle.TraveledDistance': 12_345_678 }),
  );
  await f.telemetry.ingest.submit(
    A,
    'telemetry',
    telemetryMessage(99, at(-3600_000), { [lock]: false, 'Vehicle.TraveledDistance': 12_000_000 }),
  );
  await f.vehicles.access.startHolding(A, '00000000-0000-4000-8000-00000000000a', new Date(Date.parse(T0) - 7 * 86_400_000));
  await f.vehicles.service.importRegistry([{ line: 1, record: registryRecord(A) }]);
  const s = await f.telemetry.status.status('00000000-0000-4000-8000-00000000000a', A);
  assert.equal(s.doors.row1DriverSide.locked?.value, true);
  assert.equal(s.doors.row1DriverSide.locked?.staleSeconds, 10);
  assert.equal(s.odometerKm?.value, 12_345);
});

test('an event whose data the database cannot store is dropped and counted; the batch beside it is stored', async () => {
  const before = f.dropped.length;
  const bad = { id: randomUUID(), type: 'dtc.set', ts: at(-1000), data: { note: 'x\u0000y' } };
  const lone = { id: randomUUID(), type: 'dtc.set', ts: at(-1000), data: { codes: ['\ud800'] } };
  const good = { id: randomUUID(), type: 'ignition.on', ts: at(-1000) };
  const outcomes = await Promise.all([bad, lone, good].map((e) => f.telemetry.ingest.submit(A, 'events', JSON.stringify(e))));
  assert.deepEqual(outcomes, ['dropped', 'dropped', 'stored']);
  assert.deepEqual(f.dropped.slice(before), ['schema', 'schema']);
  const ids = (await f.telemetry.status.events(A, ...window)).map((e) => e.id);
  assert.ok(ids.includes(good.id) && !ids.includes(bad.id) && !ids.includes(lone.id));
});

test('timestamps too far in the future or too old are dropped and counted', async () => {
  const before = f.dropped.length;
  assert.equal(
    await f.telemetry.ingest.submit(A, 'telemetry', telemetryMessage(200, at(6 * 60_000), { 'Vehicle.Speed': 1 })),
    'dropped',
  );
  assert.equal(
    await f.telemetry.ingest.submit(A, 'telemetry', telemetryMessage(201, at(-8 * 86_400_000), { 'Vehicle.Speed': 1 })),
    'dropped',
  );
  assert.equal(await f.telemetry.ingest.submit(A, 'telemetry', telemetryMessage(202, at(0), { 'Vehicle.Warp': 1 })), 'dropped');
  assert.equal(await f.telemetry.ingest.submit(A, 'connection', '{"online": "yes"}'), 'dropped');
  assert.deepEqual(f.dropped.slice(before), ['future', 'too_old', 'signal', 'schema']);
});

test('a flood of malformed messages from one car does not stop another car, and is logged once a minute', async () => {
  warnings.length = 0;
  f.clock.advance(61_000);
  const bad = [
    'not json',
    '{"seq": -1}',
    '[]',
    telemetryMessage(1, at(0), { 'Vehicle.Speed': 'fast' }),
    '{"seq":1,"samples":[]}',
  ];
  const flood = Array.from({ length: 3000 }, (_, i) => f.telemetry.ingest.submit(A, 'telemetry', bad[i % bad.length]!));
  const good = Array.from({ length: 50 }, (_, i) =>
    f.telemetry.ingest.submit(B, 'telemetry', telemetryMessage(1000 + i, at(-i * 1000), { 'Vehicle.Speed': i })),
  );
  const [floodResults, goodResults] = await Promise.all([Promise.all(flood), Promise.all(good)]);
  assert.ok(floodResults.every((r) => r === 'dropped'));
  assert.ok(goodResults.every((r) => r === 'stored'));
  const samples = await f.telemetry.status.samples(B, ...window);
  assert.equal(samples.filter((s) => s.seq >= 1000).length, 50);
  assert.equal(warnings.length, 1);
  f.clock.advance(61_000);
  await f.telemetry.ingest.submit(A, 'telemetry', 'still not json');
  assert.equal(warnings.length, 2);
});

test('a state change is published per car after it is stored', async () => {
  f.published.length = 0;
  await f.telemetry.ingest.submit(
    B,
    'telemetry',
    telemetryMessage(5000, at(0, f.clock.now().toISOString()), { 'Vehicle.Body.Hood.IsOpen': true }),
  );
  assert.deepEqual(f.published, [{ type: 'vehicle.state', vin: B, signals: ['Vehicle.Body.Hood.IsOpen'] }]);
});

test('connection messages keep the newest state and last seen', async () => {
  const now = f.clock.now().toISOString();
  await f.telemetry.ingest.submit(B, 'connection', JSON.stringify({ online: false, ts: now }));
  await f.telemetry.ingest.submit(B, 'connection', JSON.stringify({ online: true, ts: at(-30_000, now) }));
  await f.vehicles.service.importRegistry([{ line: 1, record: registryRecord(B) }]);
  await f.vehicles.access.startHolding(B, '00000000-0000-4000-8000-00000000000b', new Date(Date.parse(now) - 86_400_000));
  const s = await f.telemetry.status.status('00000000-0000-4000-8000-00000000000b', B);
  assert.equal(s.connection.online, false);
  assert.equal(s.connection.since, now);
});

export function registryRecord(vin: string): Record<string, unknown> {
  return {
    vin,
    brand: 'Aurelia',
    model: 'Vela',
    model_year: 2024,
    powertrain: 'PHEV',
    head_unit: 'mm21',
    smart_connect: 'no',
    market: 'GB',
    delivery_date: '2024-03-01',
    device_secret: 'a-long-device-secret-0001',
  };
}
