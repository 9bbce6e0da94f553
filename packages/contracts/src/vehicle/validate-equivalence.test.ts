import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Ajv } from 'ajv';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { dateTime, validateTelemetry } from './validate';
import { TelemetryMessage } from './payloads';

// Faster forms of the contract's checks must accept and refuse exactly what the plain forms do.

const reference = (fullFormats['date-time'] as { validate: (s: string) => boolean }).validate;

test('date-time answers exactly as ajv-formats does, on what cars send and on near misses', () => {
  let seed = 11;
  const rnd = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0), (seed >>> 16) % n);
  const pad = (v: number, w: number) => String(v).padStart(w, '0');
  const mutate = (s: string) => {
    const i = rnd(s.length);
    const chars = '0123456789-:.TtZz+ \u00a0x';
    return rnd(3) === 0 ? s.slice(0, i) + s.slice(i + 1) : s.slice(0, i) + chars[rnd(chars.length)] + s.slice(i + 1);
  };
  let valid = 0;
  for (let n = 0; n < 200_000; n++) {
    const year = [0, 1900, 2000, 2024, 2026, 2100, 9999][rnd(7)]! + rnd(3);
    const date = `${pad(year, 4)}-${pad(rnd(14), 2)}-${pad(rnd(33), 2)}`;
    const time = `${pad(rnd(26), 2)}:${pad(rnd(61), 2)}:${pad(rnd(62), 2)}`;
    const fraction = ['', '.123', '.5', '.123456'][rnd(4)]!;
    const zone = ['Z', 'Z', 'z', '+01:00', '-00:30'][rnd(5)]!;
    let s = `${date}T${time}${fraction}${zone}`;
    if (rnd(4) === 0) s = mutate(s);
    const expected = reference(s);
    assert.equal(dateTime(s), expected, s);
    if (expected) valid++;
  }
  assert.ok(valid > 20_000, `only ${valid} valid times generated`);
  for (const s of [
    '2026-06-30T23:59:60Z',
    '2026-06-30T24:00:00Z',
    '2024-02-29T00:00:00Z',
    '2026-02-29T00:00:00Z',
    '2026-11-27T10:00:00.123Z',
  ])
    assert.equal(dateTime(s), reference(s), s);
});

test("a signal value's one type list accepts exactly what the anyOf of four schemas did", () => {
  const anyOf = new Ajv({ strict: false }).compile({
    anyOf: [
      { type: 'number' },
      { type: 'boolean' },
      { type: 'string', maxLength: 256 },
      { type: 'array', maxItems: 64, items: { type: 'string', maxLength: 32 } },
    ],
  });
  const values: unknown[] = [
    0,
    -1.5,
    1e300,
    7,
    true,
    false,
    '',
    'x'.repeat(256),
    'x'.repeat(257),
    '\u{1F600}'.repeat(128),
    '\u{1F600}'.repeat(129),
    [],
    ['a'],
    Array(64).fill('a'),
    Array(65).fill('a'),
    ['x'.repeat(32)],
    ['x'.repeat(33)],
    [1],
    [true],
    [null],
    null,
    {},
    { a: 1 },
    [['a']],
  ];
  for (const value of values) {
    const message = { seq: 1, samples: [{ ts: '2026-11-27T10:00:00Z', signals: { 'Vehicle.Speed': value } }] };
    assert.equal(validateTelemetry(message).ok, anyOf(value), JSON.stringify(value));
  }
});

test('telemetry with the signal count bounds checked by a loop passes exactly where the whole schema passes', () => {
  const ajv = new Ajv({ strict: false });
  ajv.addFormat('date-time', reference);
  const schema = ajv.compile(TelemetryMessage);
  const signals = (n: number, from = 0) => Object.fromEntries(Array.from({ length: n }, (_, k) => [`Vehicle.S${from + k}`, k]));
  const sample = (s: unknown) => ({ ts: '2026-11-27T10:00:00Z', signals: s });
  const inherited = Object.create({ 'Vehicle.Inherited': 1 }) as Record<string, unknown>;
  const messages: unknown[] = [];
  for (const n of [0, 1, 2, 199, 200, 201, 300]) {
    messages.push({ seq: 1, samples: [sample(signals(n))] });
    messages.push({ seq: 1, samples: [sample(signals(1)), sample(signals(n, 5))] });
    // A count error and another error in the same message: refused either way.
    messages.push({ seq: -1, samples: [sample(signals(n))] });
    messages.push({ seq: 1, samples: [sample({ ...signals(n), 'not.a.signal': 1 })] });
  }
  messages.push({ seq: 1, samples: [sample(inherited)] });
  messages.push({ seq: 1, samples: [sample(Object.assign(Object.create(inherited) as object, { 'Vehicle.Own': 1 }))] });
  messages.push({ seq: 1, samples: [sample([])] }, { seq: 1, samples: [sample(null)] }, { seq: 1, samples: [] });
  let passed = 0;
  for (const m of messages) {
    const ok = validateTelemetry(m).ok;
    assert.equal(ok, schema(m), JSON.stringify(m).slice(0, 200));
    if (ok) passed++;
  }
  assert.ok(passed >= 6, `only ${passed} messages passed`);
  const refused = validateTelemetry({ seq: 1, samples: [sample(signals(1)), sample(signals(201))] });
  assert.deepEqual(refused, { ok: false, error: '/samples/1/signals must NOT have more than 200 properties' });
});
