import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseUpMessage, type TelemetryIn } from './ingest-validation';
import { latestSignals } from './write-set';

const NOW = Date.parse('2026-06-01T12:00:00.000Z');
const limits = { now: new Date(NOW), maxFutureMs: 300_000, maxAgeMs: 86_400_000 };
const NAMES = ['Vehicle.Speed', 'Vehicle.IsMoving', 'Vehicle.Powertrain.Range', 'Vehicle.Exterior.AirTemperature'];

/** A small deterministic generator (the test must fail the same way every time). */
function rng(seed: number) {
  let x = seed;
  return () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32);
}

function parse(payload: Buffer | string): TelemetryIn {
  const r = parseUpMessage('VIN1', 'telemetry', payload, limits);
  assert.ok(r.ok, JSON.stringify(r));
  return r.item as TelemetryIn;
}

test('signals let go after parsing never change the state a message leads to', () => {
  const random = rng(7);
  let dropped = 0;
  for (let m = 0; m < 2000; m++) {
    const samples = Array.from({ length: 1 + Math.floor(random() * 5) }, () => {
      const signals: Record<string, unknown> = {};
      // Mostly the same signals in every sample; sometimes some are missing; times repeat and go back.
      for (const name of NAMES) if (random() < 0.85) signals[name] = name === 'Vehicle.IsMoving' ? random() < 0.5 : Math.round(random() * 60);
      if (Object.keys(signals).length === 0) signals[NAMES[0]!] = 1;
      return { ts: new Date(NOW - 60_000 + Math.floor(random() * 4) * 1000).toISOString(), signals };
    });
    const text = JSON.stringify({ seq: m, samples });
    // From a string nothing is let go (the stored text is serialised from the parsed values): the reference.
    const reference = parse(text);
    assert.ok(reference.samples.every((s) => s.signals !== null));
    const fromBytes = parse(Buffer.from(text));
    dropped += fromBytes.samples.filter((s) => s.signals === null).length;
    const state = (item: TelemetryIn) => latestSignals([item]).sort((a, b) => a.signal.localeCompare(b.signal));
    assert.deepEqual(state(fromBytes), state(reference), text);
  }
  assert.ok(dropped > 1000, `only ${dropped} samples let go`);
});

test('a message whose bytes need escaping keeps every sample (its stored text is serialised from them)', () => {
  // Tabs and newlines between the tokens: COPY text would need them escaped.
  const text = `{"seq":1,"samples":[{"ts":"2026-06-01T11:59:00.000Z","signals":{"Vehicle.Speed":1}},\n\t{"ts":"2026-06-01T11:59:01.000Z","signals":{"Vehicle.Speed":2}}]}`;
  const item = parse(Buffer.from(text));
  assert.equal(item.plain, false);
  assert.ok(item.samples.every((s) => s.signals !== null));
});
