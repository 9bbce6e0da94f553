import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createBatcher } from './batcher';

test('items are written in batches and settle only after their write', async () => {
  const writes: number[][] = [];
  const b = createBatcher<number>({ maxItems: 100, maxDelayMs: 2, flush: async (items) => void writes.push(items) });
  await Promise.all(Array.from({ length: 250 }, (_, i) => b.add(i)));
  assert.equal(writes.flat().length, 250);
  assert.ok(writes.length <= 5, `expected a few batches, got ${writes.length}`);
  assert.ok(writes.every((w) => w.length <= 100));
});

test('one poison item fails alone; the rest of its batch is written', async () => {
  const written: number[] = [];
  const b = createBatcher<number>({
    maxItems: 50,
    maxDelayMs: 1,
    flush: async (items) => {
      if (items.includes(13)) throw new Error('poison');
      written.push(...items);
    },
  });
  const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => b.add(i)));
  assert.equal(results.filter((r) => r.status === 'rejected').length, 1);
  assert.equal((results[13] as PromiseRejectedResult).reason.message, 'poison');
  assert.equal(written.length, 19);
});

test('close flushes what is queued and refuses more', async () => {
  const written: number[] = [];
  const b = createBatcher<number>({ maxItems: 10, maxDelayMs: 10_000, flush: async (items) => void written.push(...items) });
  const p = b.add(1);
  await b.close();
  await p;
  assert.deepEqual(written, [1]);
  await assert.rejects(b.add(2), /closed/);
});

test('a batch is capped by weight (rows) as well as by count; an item heavier than the cap goes alone', async () => {
  const writes: number[][] = [];
  const b = createBatcher<number>({
    maxItems: 100,
    maxDelayMs: 2,
    maxWeight: 10,
    weight: (n) => n,
    flush: async (items) => void writes.push(items),
  });
  await Promise.all([4, 4, 4, 25, 1, 1].map((n) => b.add(n)));
  assert.deepEqual(writes, [[4, 4], [4], [25], [1, 1]]);
});

test('with concurrency 2 a second flush starts beside a running one only for half a batch or more', async () => {
  const started: number[][] = [];
  const gates: Array<() => void> = [];
  const b = createBatcher<number>({
    maxItems: 10,
    maxDelayMs: 1,
    concurrency: 2,
    flush: (items) => {
      started.push(items);
      return new Promise<void>((r) => gates.push(r));
    },
  });
  const first = b.add(0);
  while (started.length === 0) await new Promise((r) => setTimeout(r, 1));
  // A few items while the first flush runs: they wait for it rather than make a tiny second batch.
  const few = [1, 2, 3].map((n) => b.add(n));
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(started.length, 1);
  assert.equal(b.running(), 1);
  assert.equal(b.tick(), false, 'no extra flush while one runs');
  // Half a batch is worth a second flush at once.
  const more = [4, 5].map((n) => b.add(n));
  assert.equal(started.length, 2);
  assert.deepEqual(started[1], [1, 2, 3, 4, 5]);
  assert.equal(b.running(), 2);
  gates.forEach((g) => g());
  await Promise.all([first, ...few, ...more]);
  assert.equal(b.running(), 0);
});
