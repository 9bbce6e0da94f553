import { test } from 'node:test';
import assert from 'node:assert/strict';
import { latestSignals } from './write-set';
import type { TelemetryIn } from './ingest-validation';

const msg = (vin: string, seq: number, samples: Array<[string, Record<string, unknown>]>): TelemetryIn => ({
  kind: 'telemetry',
  vin,
  seq,
  samples: samples.map(([ts, signals]) => ({ at: Date.parse(ts), iso: new Date(ts).toISOString(), signals })),
});

test('latestSignals keeps the newest reading per (vin, signal), whatever the order of messages and samples', () => {
  const rows = latestSignals([
    msg('A', 2, [
      ['2026-06-01T10:00:05Z', { speed: 50, soc: 80 }],
      ['2026-06-01T10:00:06Z', { speed: 52 }],
    ]),
    // A late message (store and forward) with older samples, and one newer soc reading.
    msg('A', 1, [
      ['2026-06-01T10:00:01Z', { speed: 10, soc: 81 }],
      ['2026-06-01T10:00:09Z', { soc: 79 }],
    ]),
    msg('B', 1, [['2026-06-01T10:00:02Z', { speed: 0 }]]),
  ]);
  const got = Object.fromEntries(rows.map((r) => [`${r.vin}/${r.signal}`, [r.value, r.ts]]));
  assert.deepEqual(got, {
    'A/speed': [52, '2026-06-01T10:00:06.000Z'],
    'A/soc': [79, '2026-06-01T10:00:09.000Z'],
    'B/speed': [0, '2026-06-01T10:00:02.000Z'],
  });
});

test('latestSignals keeps the first of two readings with the same time (as the batch received them)', () => {
  const rows = latestSignals([
    msg('A', 1, [['2026-06-01T10:00:00Z', { speed: 1 }]]),
    msg('A', 2, [['2026-06-01T10:00:00Z', { speed: 2 }]]),
  ]);
  assert.deepEqual(
    rows.map((r) => r.value),
    [1],
  );
});
