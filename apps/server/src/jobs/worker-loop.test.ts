import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabase } from '@marque/db/testing';
import { manualClock, silentLogger } from '@marque/kernel';
import { createModules } from '../container';
import { startWorkerLoop } from './worker-loop';
import { eventually } from '../vehicle-link/test-fixture';

test('the platform jobs are scheduled and run by a tick: command expiry and telemetry maintenance', async () => {
  const database = await testDatabase();
  try {
    const clock = manualClock('2026-06-01T09:00:00Z');
    const m = createModules(database, clock);
    assert.ok((await m.jobs.service.tick()) >= 3);
    const slot = (everyMs: number) => `slot-${Math.floor(clock.now().getTime() / everyMs)}`;
    const expiry = await m.jobs.service.status('commands.expire', slot(5_000));
    assert.equal(expiry?.status, 'done');
    assert.deepEqual(expiry?.result, { expired: 0 });
    const maintenance = await m.jobs.service.status('telemetry.maintenance', slot(86_400_000));
    assert.equal(maintenance?.status, 'done');
    // The same slot is not run twice; the next 5 s slot is.
    assert.equal(await m.jobs.service.tick(), 0);
    clock.advance(5_000);
    assert.equal(await m.jobs.service.tick(), 1);
  } finally {
    await database.close();
  }
});

test('the worker loop ticks until closed, and close waits for the running tick', async () => {
  let ticks = 0;
  let release: (() => void) | undefined;
  const jobs = {
    tick: () => {
      ticks++;
      return ticks === 3 ? new Promise<number>((r) => (release = () => r(0))) : Promise.resolve(0);
    },
  };
  const loop = startWorkerLoop({ jobs: jobs as never, log: silentLogger, intervalMs: 1 });
  await eventually(async () => (release ? true : undefined), 'the third tick');
  let closed = false;
  const closing = loop.close().then(() => (closed = true));
  await new Promise((r) => setImmediate(r));
  assert.equal(closed, false, 'close waits for the tick in progress');
  release!();
  await closing;
  assert.equal(ticks, 3, 'no tick after close');
});
