import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabase } from '@marque/db/testing';
import type { Database } from '@marque/db';
import { manualClock, silentLogger } from '@marque/kernel';
import { createJobsModule } from './index';

let database: Database;
before(async () => {
  database = await testDatabase();
});
after(() => database.close());

test('a queued job runs once, a duplicate key is ignored, and the result is kept', async () => {
  const clock = manualClock('2026-06-01T00:00:00Z');
  const { service } = createJobsModule({ db: database.db, clock, log: silentLogger });
  const seen: unknown[] = [];
  service.register('t.echo', async (p) => {
    seen.push(p);
    return { status: 'done', result: { echoed: p } };
  });
  assert.equal(await service.enqueue('t.echo', { n: 1 }, { key: 'k1' }), true);
  assert.equal(await service.enqueue('t.echo', { n: 2 }, { key: 'k1' }), false);
  await service.tick();
  await service.tick();
  assert.deepEqual(seen, [{ n: 1 }]);
  const row = await service.status('t.echo', 'k1');
  assert.equal(row?.status, 'done');
  assert.deepEqual(row?.result, { echoed: { n: 1 } });
});

test('a failing job is retried with backoff, then marked failed', async () => {
  const clock = manualClock('2026-06-02T00:00:00Z');
  const { service } = createJobsModule({ db: database.db, clock, log: silentLogger });
  let calls = 0;
  service.register('t.flaky', async () => {
    calls++;
    throw new Error('remote down');
  });
  await service.enqueue('t.flaky', {}, { key: 'f', maxAttempts: 2 });
  await service.tick();
  assert.equal((await service.status('t.flaky', 'f'))?.status, 'queued');
  await service.tick();
  assert.equal(calls, 1, 'not retried before the backoff');
  clock.advance(10_000);
  await service.tick();
  const row = await service.status('t.flaky', 'f');
  assert.equal(calls, 2);
  assert.equal(row?.status, 'failed');
  assert.equal(row?.lastError, 'remote down');
});

test('two workers never run the same job twice; a schedule slot is enqueued once', async () => {
  const clock = manualClock('2026-06-03T00:00:00Z');
  const a = createJobsModule({ db: database.db, clock, log: silentLogger }).service;
  const b = createJobsModule({ db: database.db, clock, log: silentLogger }).service;
  let runs = 0;
  for (const s of [a, b]) {
    s.register('t.tick', async () => {
      runs++;
      return { status: 'done' };
    });
    s.schedule({ name: 't.tick', everyMs: 60_000 });
  }
  await Promise.all([a.tick(), b.tick()]);
  await Promise.all([a.tick(), b.tick()]);
  assert.equal(runs, 1);
  clock.advance(60_000);
  await Promise.all([a.tick(), b.tick()]);
  assert.equal(runs, 2);
});
