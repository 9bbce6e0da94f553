import { test } from 'node:test';
import assert from 'node:assert/strict';
import { plainSignalSpans, scanSignalSpans, signalSpans } from './signal-spans';

type Finder = (p: Buffer, samples: number) => number[] | null;

/** What the scan found, as text, or null; only for text JSON.parse accepts (as in the ingest). */
function found(text: string, find: Finder): string[] | null {
  const parsed = JSON.parse(text) as { samples: unknown[] };
  const p = Buffer.from(text);
  const spans = find(p, parsed.samples.length);
  if (!spans) return null;
  const out: string[] = [];
  for (let i = 0; i < spans.length; i += 2) out.push(p.subarray(spans[i], spans[i + 1]).toString());
  return out;
}

/** Whenever the scan answers, each object it found is exactly the one JSON.parse produced for that sample. */
function agrees(text: string, find: Finder = signalSpans) {
  const parsed = JSON.parse(text) as { samples: Array<{ signals: unknown }> };
  const spans = found(text, find);
  if (spans)
    assert.deepEqual(
      spans.map((s) => JSON.parse(s) as unknown),
      parsed.samples.map((s) => s.signals),
      text,
    );
  return spans;
}

test('finds each sample’s signals as written, whatever the whitespace and key order', () => {
  assert.deepEqual(
    agrees('{"seq":1,"samples":[{"ts":"t","signals":{"Vehicle.Speed":1}},{"signals":{"Vehicle.IsMoving":true},"ts":"u"}]}'),
    ['{"Vehicle.Speed":1}', '{"Vehicle.IsMoving":true}'],
  );
  assert.deepEqual(agrees('{ "samples" :\n\t[ { "signals" :\r\n {"Vehicle.Speed" : 1.5e1 } , "ts":"t" } ] ,"seq":2}'), [
    '{"Vehicle.Speed" : 1.5e1 }',
  ]);
});

test('ignores look-alikes off the path: other root keys, strings, nested objects', () => {
  const text = JSON.stringify({
    meta: { samples: [{ signals: { fake: 1 } }], note: '"samples":[{"signals":{"x":2}}]' },
    samples: [{ ts: 't', extra: { signals: { nested: 3 } }, signals: { 'Vehicle.Speed': 4 }, s: '{"signals":{}}' }],
    seq: 1,
  });
  assert.deepEqual(agrees(text), ['{"Vehicle.Speed":4}']);
});

test('handles escapes inside strings, including an escaped quote and a trailing backslash', () => {
  const text = '{"note":"a \\" } ] { [ \\\\","samples":[{"ts":"\\\\","signals":{"Vehicle.Speed":1}}],"seq":1}';
  assert.deepEqual(agrees(text), ['{"Vehicle.Speed":1}']);
});

test('gives up (the caller serialises the parsed values) when it could disagree with JSON.parse', () => {
  // A key on the path written with escapes: JSON.parse reads "samples" / "signals".
  assert.equal(agrees('{"sampl\\u0065s":[{"signals":{"Vehicle.Speed":1}}],"seq":1}'), null);
  assert.equal(agrees('{"samples":[{"sign\\u0061ls":{"Vehicle.Speed":1}}],"seq":1}'), null);
  // Duplicate keys: JSON.parse keeps the last one.
  assert.equal(agrees('{"samples":[{"signals":{"Vehicle.Speed":1}}],"samples":[{"signals":{"Vehicle.Speed":2}}]}'), null);
  assert.equal(agrees('{"samples":[{"signals":{"Vehicle.Speed":1},"signals":{"Vehicle.Speed":2}}]}'), null);
  // Unless the earlier duplicate holds no signals object: then what the scan finds is what JSON.parse kept.
  assert.deepEqual(agrees('{"samples":[],"samples":[{"signals":{"Vehicle.Speed":2}}]}'), ['{"Vehicle.Speed":2}']);
  assert.equal(agrees('{"samples":[{"signals":7,"signals":{"Vehicle.Speed":2}}]}'), null);
});

test('agrees with JSON.parse on generated messages with decoys, duplicates and odd spacing (both ways of finding)', () => {
  // A small deterministic generator: whenever a finder answers, it must answer what JSON.parse read. Half the
  // messages have no backslash at all (the native-search path's case), with braces, brackets and the key names
  // inside strings as decoys.
  let seed = 7;
  const rnd = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0), (seed >>> 16) % n);
  const ws = () => [' ', '', '\n', '\t', '\r\n'][rnd(5)]!;
  let plain = false;
  const key = () =>
    plain
      ? ['samples', 'signals', 'ts', 'x'][rnd(4)]!
      : ['samples', 'signals', 'sampl\\u0065s', 'sign\\u0061ls', 'ts', 'x'][rnd(6)]!;
  const text = () => (plain ? ['"}{]["', '"signals"', '"samples"', '"v"'][rnd(4)]! : '"s\\"}{]["');
  const value = (depth: number): string => {
    const k = rnd(depth > 3 ? 3 : 6);
    if (k === 0) return String(rnd(100));
    if (k === 1) return text();
    if (k === 2) return 'true';
    if (k === 3) return `[${ws()}${Array.from({ length: rnd(3) }, () => value(depth + 1)).join(',')}${ws()}]`;
    return object(depth + 1);
  };
  const object = (depth: number): string =>
    `{${Array.from({ length: rnd(4) }, () => `${ws()}"${key()}"${ws()}:${ws()}${value(depth)}`).join(',')}}`;
  // Flat signals objects (numbers and booleans under ordinary names) are what cars send.
  const flat = () =>
    `{${Array.from({ length: rnd(4) }, (_, i) => `${ws()}"Vehicle.S${i}"${ws()}:${ws()}${rnd(2) ? rnd(100) : 'false'}`).join(',')}}`;
  const answered = { scan: 0, plain: 0 };
  for (let n = 0; n < 4000; n++) {
    plain = rnd(2) === 0;
    const samples = Array.from(
      { length: 1 + rnd(3) },
      () => `{"ts":"t",${ws()}"signals":${ws()}${rnd(2) ? flat() : object(3)}${rnd(4) === 0 ? `,"signals":${value(3)}` : ''}}`,
    );
    const decoy = rnd(3) === 0 ? `"samples":${value(1)},` : '';
    const message = `{${decoy}"seq":${n},${ws()}"samples":${ws()}[${samples.join(',')}]${rnd(4) === 0 ? `,"x":${value(1)}` : ''}}`;
    const parsed = JSON.parse(message) as { samples: Array<{ signals: unknown }> };
    // What the schema lets through: every sample's signals an object.
    const valid = (s: { signals: unknown }) => typeof s.signals === 'object' && s.signals !== null && !Array.isArray(s.signals);
    if (!Array.isArray(parsed.samples) || !parsed.samples.every(valid)) continue;
    if (agrees(message, scanSignalSpans)) answered.scan++;
    if (agrees(message, plainSignalSpans)) answered.plain++;
    agrees(message);
  }
  assert.ok(answered.scan > 1000 && answered.plain > 300, `answered: ${JSON.stringify(answered)}`);
});

test('the native-search path takes what cars send and declines the rest', () => {
  const car = JSON.stringify({
    seq: 1,
    samples: [1, 2].map((i) => ({ ts: 't', signals: { 'Vehicle.Speed': i, 'Vehicle.IsMoving': true } })),
  });
  assert.deepEqual(found(car, plainSignalSpans), [
    '{"Vehicle.Speed":1,"Vehicle.IsMoving":true}',
    '{"Vehicle.Speed":2,"Vehicle.IsMoving":true}',
  ]);
  for (const declined of [
    '{"samples":[{"signals":{"a":"}"}}]}', // a brace in a string
    '{"samples":[{"signals":{"a":1}}],"note":"\\n"}', // a backslash
    '{"samples":[{"signals":{"a":[1]}}]}', // another array
    '{"samples":[{"signals":{"a":1},"x":"signals"}]}', // "signals" as a value
  ])
    assert.equal(found(declined, plainSignalSpans), null, declined);
});
