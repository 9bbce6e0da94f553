import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { telemetryFixture, telemetryMessage } from './test-helpers';

let f: Awaited<ReturnType<typeof telemetryFixture>>;
const VIN = 'SAUVL0AB6KA010000';

before(async () => {
  f = await telemetryFixture();
});
after(() => f.close());

test('monthly partitions are created ahead at start and old ones dropped by retention', async () => {
  // The fixture's clock is 2026-06-01 with a 7-day maximum age: May to July exist.
  await f.telemetry.ingest.submit(VIN, 'telemetry', telemetryMessage(1, '2026-05-30T10:00:00.000Z', { 'Vehicle.Speed': 10 }));
  await f.telemetry.ingest.submit(VIN, 'telemetry', telemetryMessage(2, '2026-06-01T08:59:00.000Z', { 'Vehicle.Speed': 20 }));
  const all = () => f.telemetry.status.samples(VIN, new Date('2026-01-01'), new Date('2027-01-01'));
  assert.equal((await all()).length, 2);

  // 90 days of retention later, May's partition is dropped whole and June's kept.
  f.clock.set('2026-09-01T00:00:00.000Z');
  const r = await f.telemetry.retention.run();
  assert.deepEqual(r.droppedPartitions, ['telemetry_samples_p202605']);
  assert.deepEqual(
    (await all()).map((s) => s.seq),
    [2],
  );
  assert.deepEqual((await f.telemetry.retention.run()).droppedPartitions, []);
});

test('a sample in a month without a partition yet gets one on the fly', async () => {
  f.clock.set('2026-12-31T23:58:00.000Z');
  // 2027-01 lies beyond the partitions made at start (the process has been running for months).
  const ts = '2027-01-01T00:02:00.000Z';
  assert.equal(await f.telemetry.ingest.submit(VIN, 'telemetry', telemetryMessage(3, ts, { 'Vehicle.Speed': 30 })), 'stored');
  const s = await f.telemetry.status.samples(VIN, new Date('2027-01-01'), new Date('2027-02-01'));
  assert.equal(s.length, 1);
});
