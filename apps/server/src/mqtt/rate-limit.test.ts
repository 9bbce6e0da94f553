import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRateLimiter } from './rate-limit';

test('a burst passes, a flood is cut, tokens come back with time, other keys are untouched', () => {
  let t = 0;
  const rl = createRateLimiter({ perSecond: 10, burst: 100, now: () => t });
  let passed = 0;
  for (let i = 0; i < 1000; i++) if (rl.take('A')) passed++;
  assert.equal(passed, 100);
  assert.equal(rl.take('B'), true, 'another vehicle is not affected');
  t += 1000;
  passed = 0;
  for (let i = 0; i < 50; i++) if (rl.take('A')) passed++;
  assert.equal(passed, 10);
});

test('idle buckets are forgotten', () => {
  let t = 0;
  const rl = createRateLimiter({ perSecond: 10, burst: 5, now: () => t });
  for (let i = 0; i < 100; i++) rl.take(`V${i}`);
  assert.equal(rl.size(), 100);
  t += 120_000;
  rl.take('W');
  assert.equal(rl.size(), 1);
});
