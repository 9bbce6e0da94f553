import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { telemetryFixture, at, T0 } from './test-helpers';
import { createTelemetryRepository } from './telemetry.repository';

// One flush holding duplicates (by seq and by event id), late data and a malformed message must store exactly what
// ingesting the same messages one by one stores.
const A = 'SAUVL0AB6KA010000';
const B = 'SAULM1AB3LA010001';
const lock = 'Vehicle.Cabin.Door.Row1.DriverSide.IsLocked';
const E1 = '6f1c1f0e-8d5e-4c1a-9a53-000000000001';
const E2 = '6f1c1f0e-8d5e-4c1a-9a53-000000000002';
const tm = (seq: number, samples: Array<[number, Record<string, unknown>]>) =>
  JSON.stringify({ seq, samples: samples.map(([offset, signals]) => ({ ts: at(offset), signals })) });

const messages: Array<[string, string, string]> = [
  [A, 'telemetry', tm(1, [[-10_000, { 'Vehicle.Speed': 10, [lock]: true }]])],
  [A, 'telemetry', tm(2, [[-5_000, { 'Vehicle.Speed': 20 }]])],
  [A, 'telemetry', tm(1, [[-10_000, { 'Vehicle.Speed': 10, [lock]: true }]])],
  // Late (store and forward): must not overwrite the newer speed or lock, but sets the odometer nobody sent yet.
  [A, 'telemetry', tm(3, [[-3600_000, { 'Vehicle.Speed': 99, [lock]: false, 'Vehicle.TraveledDistance': 5 }]])],
  // Several samples in one message, the older one carrying a newer lock reading than seq 1.
  [A, 'telemetry', tm(4, [[-2_000, { 'Vehicle.Speed': 30 }], [-8_000, { [lock]: false }]])],
  [A, 'telemetry', tm(2, [[-5_000, { 'Vehicle.Speed': 20 }]])],
  [A, 'telemetry', 'not json'],
  [A, 'telemetry', tm(5, [[-1_000, { 'Vehicle.Speed': 'fast' }]])],
  [B, 'telemetry', tm(1, [[-7_000, { 'Vehicle.Speed': 50 }]])],
  [B, 'events', JSON.stringify({ id: E1, type: 'ignition.on', ts: at(-60_000) })],
  [B, 'events', JSON.stringify({ id: E1, type: 'ignition.on', ts: at(-60_000) })],
  [B, 'events', JSON.stringify({ id: E2, type: 'ignition.off', ts: at(-3 * 3600_000), data: { odometer: 1 } })],
  [B, 'connection', JSON.stringify({ online: false, ts: at(0) })],
  [B, 'connection', JSON.stringify({ online: true, ts: at(-30_000) })],
];

async function stored(f: Awaited<ReturnType<typeof telemetryFixture>>) {
  const from = new Date(Date.parse(T0) - 86_400_000);
  const to = new Date(Date.parse(T0) + 86_400_000);
  const repo = createTelemetryRepository(f.database.db);
  const out: Record<string, unknown> = {};
  for (const vin of [A, B]) {
    out[`${vin} samples`] = (await f.telemetry.status.samples(vin, from, to)).map((s) => ({ ...s, ts: s.ts.toISOString() }));
    out[`${vin} state`] = (await repo.state(vin, new Date(0)))
      .map((r) => ({ ...r, ts: r.ts.toISOString() }))
      .sort((x, y) => x.signal.localeCompare(y.signal));
    out[`${vin} events`] = await f.telemetry.status.events(vin, from, to);
    out[`${vin} connection`] = await repo.connection(vin);
  }
  return out;
}

const fixtures: Array<Awaited<ReturnType<typeof telemetryFixture>>> = [];
after(() => Promise.all(fixtures.map((f) => f.close())));

test('one flush with duplicates, late data and a malformed message stores what one-by-one ingestion stores', async () => {
  const oneByOne = await telemetryFixture();
  // A long delay and a large batch: every message below lands in the same flush.
  const batched = await telemetryFixture({ settings: { batchMaxDelayMs: 200, batchMaxItems: 1000 } });
  fixtures.push(oneByOne, batched);

  const sequential: string[] = [];
  for (const [vin, kind, payload] of messages) sequential.push(await oneByOne.telemetry.ingest.submit(vin, kind, payload));
  const together = await Promise.all(messages.map(([vin, kind, payload]) => batched.telemetry.ingest.submit(vin, kind, payload)));

  assert.deepEqual(together, sequential);
  assert.deepEqual(batched.dropped, ['json', 'signal']);
  assert.deepEqual(batched.dropped, oneByOne.dropped);
  assert.deepEqual(await stored(batched), await stored(oneByOne));
  const s = await stored(batched);
  assert.equal((s[`${A} samples`] as unknown[]).length, 5);
  assert.deepEqual(
    (s[`${A} state`] as Array<{ signal: string; value: unknown }>).map((r) => [r.signal, r.value]),
    [
      [lock, false],
      ['Vehicle.Speed', 30],
      ['Vehicle.TraveledDistance', 5],
    ],
  );
  assert.equal((s[`${B} events`] as unknown[]).length, 2);
  assert.equal((s[`${B} connection`] as { online: boolean }).online, false);
});
