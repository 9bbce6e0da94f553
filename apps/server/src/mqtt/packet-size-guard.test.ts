import { test } from 'node:test';
import assert from 'node:assert/strict';
import mqttPacket from 'mqtt-packet';
import { PacketSizeGuard } from './packet-size-guard';

const publish = (bytes: number) =>
  mqttPacket.generate({ cmd: 'publish', topic: 't', payload: Buffer.alloc(bytes, 1), qos: 0, dup: false, retain: false });

function run(chunks: Buffer[], max: number) {
  const oversized: number[] = [];
  const guard = new PacketSizeGuard(max, (n) => oversized.push(n));
  const passed: Buffer[] = [];
  for (const c of chunks) {
    const error = guard.check(c);
    if (error) return { error, oversized, passed: Buffer.concat(passed) };
    passed.push(c);
  }
  return { error: null, oversized, passed: Buffer.concat(passed) };
}

test('packets under the limit pass unchanged, even split byte by byte', () => {
  const stream = Buffer.concat([publish(10), publish(200), publish(1000)]);
  const split = [...stream].map((b) => Buffer.from([b]));
  const r = run(split, 4096);
  assert.equal(r.error, null);
  assert.deepEqual(r.passed, stream);
});

test('a packet announcing more than the limit fails the stream before its body arrives', () => {
  const big = publish(300_000);
  const r = run([Buffer.concat([publish(10), big.subarray(0, 8)])], 256 * 1024);
  assert.match(r.error?.message ?? '', /exceeds/);
  assert.equal(r.oversized.length, 1);
  assert.ok(r.oversized[0]! > 256 * 1024);
});

test('a remaining length longer than four bytes is malformed', () => {
  const r = run([Buffer.from([0x30, 0xff, 0xff, 0xff, 0xff, 0x7f])], 1 << 30);
  assert.match(r.error?.message ?? '', /malformed/);
});
