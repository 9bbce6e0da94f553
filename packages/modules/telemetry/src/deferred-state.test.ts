import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { silentLogger } from '@marque/kernel';
import { testBackend } from '@marque/db/testing';
import { createTelemetryModule } from './index';
import { createTelemetryRepository } from './telemetry.repository';
import { createTelemetryPartitionsRepository } from './telemetry-partitions.repository';
import { createIngestService } from './ingest.service';
import { telemetryFixture, telemetryMessage, at } from './test-helpers';
import { PendingState } from './write-set';

// Under load the latest values and last-seen times are coalesced across batches; they must still be derivable from
// what was acknowledged: written once the ingest is quiet or closes, and rebuilt when the process holding them dies.
const A = 'SAUVL0AB6KA010000';
const B = 'SAULM1AB3LA010001';
const SPEED = 'Vehicle.Speed';
const SOC = 'Vehicle.Powertrain.TractionBattery.StateOfCharge.Current';
// Two messages make a batch, and a batch that size coalesces; no timer writes the state behind the test's back.
const underLoad = { batchMaxItems: 2, coalesceMinItems: 2, stateIdleMs: 3_600_000 };

type Fixture = Awaited<ReturnType<typeof telemetryFixture>>;
const fixtures: Fixture[] = [];
after(async () => {
  for (const f of fixtures) await f.close();
});

async function open() {
  const f = await telemetryFixture({ settings: underLoad });
  fixtures.push(f);
  return f;
}
const stateOf = async (f: Fixture, vin: string) =>
  Object.fromEntries((await createTelemetryRepository(f.database.db).state(vin, new Date(0))).map((r) => [r.signal, r.value]));
const checkpoints = async (f: Fixture) =>
  ((await f.database.db.execute(sql`select instance from telemetry_state_checkpoints`)) as unknown as { rows: unknown[] }).rows
    .length;
const lastSeen = async (f: Fixture, vin: string) => (await createTelemetryRepository(f.database.db).connection(vin))?.lastSeenAt;

/** Published state changes, per car (sorted by VIN). */
const changes = (f: Fixture) =>
  f.published.map((e) => [e.vin, [...e.signals].sort()] as [string, string[]]).sort((x, y) => x[0].localeCompare(y[0]));

/** Four messages at once: two batches of two, both coalesced. */
async function burst(f: Fixture) {
  const outcomes = await Promise.all([
    f.telemetry.ingest.submit(A, 'telemetry', telemetryMessage(1, at(-4000), { [SPEED]: 10, [SOC]: 80 })),
    f.telemetry.ingest.submit(B, 'telemetry', telemetryMessage(1, at(-4000), { [SPEED]: 50 })),
    f.telemetry.ingest.submit(A, 'telemetry', telemetryMessage(2, at(-2000), { [SPEED]: 20 })),
    // Late data in the same burst: older than seq 2's reading, so it must not win.
    f.telemetry.ingest.submit(A, 'telemetry', telemetryMessage(3, at(-9000), { [SPEED]: 99, [SOC]: 70 })),
  ]);
  assert.deepEqual(outcomes, ['stored', 'stored', 'stored', 'stored']);
}

test('under load the state is held back behind a checkpoint and written with the next quiet batch', async () => {
  const f = await open();
  await burst(f);
  assert.equal((await f.telemetry.status.samples(A, new Date(0), new Date(Date.parse(at(60_000))))).length, 3);
  assert.deepEqual(await stateOf(f, A), {}, 'coalesced: not written yet');
  assert.equal(await checkpoints(f), 1, 'but covered by a checkpoint');
  assert.equal(f.published.length, 0);

  // A lone message is a quiet batch: it writes everything held back, with itself.
  await f.telemetry.ingest.submit(B, 'telemetry', telemetryMessage(2, at(-1000), { [SOC]: 40 }));
  assert.deepEqual(await stateOf(f, A), { [SPEED]: 20, [SOC]: 80 });
  assert.deepEqual(await stateOf(f, B), { [SPEED]: 50, [SOC]: 40 });
  assert.equal(await checkpoints(f), 0);
  assert.ok(await lastSeen(f, A));
  assert.deepEqual(changes(f), [
    [B, [SOC, SPEED].sort()],
    [A, [SOC, SPEED].sort()],
  ]);
});

/** Polls `check` until it holds (a state write runs beside the batches, not before their acknowledgement). */
async function until(check: () => Promise<boolean>, what: string) {
  for (let i = 0; i < 500; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.fail(`timed out waiting for ${what}`);
}
const checkpointRow = async (f: Fixture) =>
  (
    (await f.database.db.execute(
      sql`select pending_since as since, alive_until as until from telemetry_state_checkpoints`,
    )) as unknown as { rows: Array<{ since: string | Date; until: string | Date }> }
  ).rows.map((r) => ({ since: new Date(r.since).toISOString(), until: new Date(r.until).toISOString() }));

test('under sustained load the held-back state is written beside the batches, and the checkpoint moves past it', async () => {
  const f = await open();
  await burst(f);
  assert.deepEqual(await checkpointRow(f), [{ since: at(0), until: at(10_000) }]);
  // A second later the batches are still busy (two messages make a coalescing batch): the one that finds the state
  // due starts a state write of its own instead of holding up the batches behind it.
  f.clock.advance(1_500);
  await Promise.all([
    f.telemetry.ingest.submit(B, 'telemetry', telemetryMessage(2, at(1_000), { [SOC]: 40 })),
    f.telemetry.ingest.submit(A, 'telemetry', telemetryMessage(4, at(1_000), { [SPEED]: 30 })),
  ]);
  await until(async () => Object.keys(await stateOf(f, B)).length === 2, "B's state");
  assert.deepEqual(await stateOf(f, A), { [SPEED]: 30, [SOC]: 80 });
  assert.deepEqual(await stateOf(f, B), { [SPEED]: 50, [SOC]: 40 });
  // Everything received before the write is written: the checkpoint now covers only what comes after it.
  assert.deepEqual(await checkpointRow(f), [{ since: at(1_500), until: at(11_500) }]);

  f.clock.advance(200);
  await Promise.all([
    f.telemetry.ingest.submit(A, 'telemetry', telemetryMessage(5, at(1_600), { [SPEED]: 35 })),
    f.telemetry.ingest.submit(B, 'telemetry', telemetryMessage(3, at(1_600), { [SOC]: 39 })),
  ]);
  assert.deepEqual(await stateOf(f, A), { [SPEED]: 30, [SOC]: 80 }, 'held back again, not yet due');
  assert.deepEqual(await checkpointRow(f), [{ since: at(1_500), until: at(11_500) }], 'not moved (nor renewed yet)');
  await f.telemetry.ingest.settle();
  assert.deepEqual(await stateOf(f, A), { [SPEED]: 35, [SOC]: 80 });
  assert.deepEqual(await stateOf(f, B), { [SPEED]: 50, [SOC]: 39 });
  assert.equal(await checkpoints(f), 0, 'a quiet write drops the checkpoint');
});

test('batches renew the checkpoint only once less than half its lease is left', async () => {
  // No state write in this test (it would renew the lease too).
  const f = await telemetryFixture({ settings: { ...underLoad, stateMaxDelayMs: 3_600_000 } });
  fixtures.push(f);
  const pair = (seq: number) =>
    Promise.all([
      f.telemetry.ingest.submit(A, 'telemetry', telemetryMessage(seq, at(seq), { [SPEED]: seq })),
      f.telemetry.ingest.submit(B, 'telemetry', telemetryMessage(seq, at(seq), { [SOC]: seq })),
    ]);
  await pair(1);
  assert.deepEqual(await checkpointRow(f), [{ since: at(0), until: at(10_000) }]);
  f.clock.advance(4_000);
  await pair(2);
  assert.deepEqual(await checkpointRow(f), [{ since: at(0), until: at(10_000) }], 'six seconds left: left alone');
  f.clock.advance(2_000);
  await pair(3);
  assert.deepEqual(await checkpointRow(f), [{ since: at(0), until: at(16_000) }], 'four seconds left: renewed');
  assert.deepEqual(await stateOf(f, A), {}, 'all of it still held back');
  await f.telemetry.ingest.settle();
  assert.deepEqual(await stateOf(f, A), { [SPEED]: 3 });
  assert.equal(await checkpoints(f), 0);
});

test('a state write that fails keeps what it held: the checkpoint still covers it and the next write takes it', async () => {
  const f = await open();
  const repo = createTelemetryRepository(f.database.db);
  let failures = 1;
  const errors: unknown[] = [];
  const ingest = createIngestService({
    repo: {
      ...repo,
      writeState: (held, cover) => (failures-- > 0 ? Promise.reject(new Error('connection lost')) : repo.writeState(held, cover)),
    },
    partitions: createTelemetryPartitionsRepository(f.database.db),
    clock: f.clock,
    log: { ...silentLogger, error: (o) => void errors.push(o) },
    settings: { maxAgeDays: 7, ...underLoad },
  });
  const pair = (seq: number, speed: number) =>
    Promise.all([
      ingest.submit(A, 'telemetry', telemetryMessage(seq, at(seq), { [SPEED]: speed })),
      ingest.submit(B, 'telemetry', telemetryMessage(seq, at(seq), { [SOC]: speed })),
    ]);
  await pair(1, 10);
  f.clock.advance(1_500);
  await pair(2, 20);
  await until(async () => errors.length === 1, 'the failed state write');
  assert.deepEqual(await stateOf(f, A), {});
  assert.deepEqual(await checkpointRow(f), [{ since: at(0), until: at(10_000) }], 'still from the first batch on');

  f.clock.advance(1_500);
  await pair(3, 30);
  await until(async () => Object.keys(await stateOf(f, A)).length === 1, "A's state");
  assert.deepEqual(await stateOf(f, A), { [SPEED]: 30 });
  assert.deepEqual(await stateOf(f, B), { [SOC]: 30 });
  await ingest.close();
  assert.equal(await checkpoints(f), 0);
});

test('closing the ingest writes the state it held back', async () => {
  const f = await open();
  await burst(f);
  assert.deepEqual(await stateOf(f, A), {});
  await f.telemetry.ingest.close();
  assert.deepEqual(await stateOf(f, A), { [SPEED]: 20, [SOC]: 80 });
  assert.equal(await checkpoints(f), 0);
});

test('state held back by a process that died is rebuilt from the stored batches once its lease lapsed', async () => {
  const dead = await open();
  // The newest stored state of A is newer than anything in the burst: the rebuild must not overwrite it.
  await dead.telemetry.ingest.submit(A, 'telemetry', telemetryMessage(9, at(-500), { [SOC]: 75 }));
  await burst(dead);
  assert.deepEqual(await stateOf(dead, A), { [SOC]: 75 });

  // Another ingest process over the same database; `dead` never writes its state again (it is never closed here
  // before the rebuild: its memory is what a crash loses).
  const other = createTelemetryModule({
    db: dead.database.db,
    clock: dead.clock,
    log: silentLogger,
    access: dead.vehicles.access,
    settings: { maxAgeDays: 7, retentionDays: 90 },
  });
  assert.equal(await other.ingest.recover(), 0, 'a live lease is left alone');
  assert.deepEqual(await stateOf(dead, A), { [SOC]: 75 });

  dead.clock.advance(11_000);
  assert.equal(await other.ingest.recover(), 1);
  assert.deepEqual(await stateOf(dead, A), { [SPEED]: 20, [SOC]: 75 });
  assert.deepEqual(await stateOf(dead, B), { [SPEED]: 50 });
  assert.ok(await lastSeen(dead, B));
  assert.equal(await checkpoints(dead), 0);
  assert.equal(await other.ingest.recover(), 0, 'rebuilt once');
  await other.ingest.close();
});

test(
  'a process whose lease lapsed while one of its batches is still being written is not taken for dead',
  { skip: testBackend() === 'pglite' && 'PGlite has one connection: no batch can be in flight beside a recovery' },
  async () => {
    const f = await open();
    const db = f.database.db;
    await db.execute(sql`
      insert into telemetry_state_checkpoints (instance, pending_since, alive_until)
      values ('slow', ${at(-60_000)}::timestamptz, ${at(-1_000)}::timestamptz)`);
    // What a deferring batch of that process holds until it commits (see StatePlan.checkpointCurrent).
    let commit = () => {};
    const locked = new Promise<void>((lockTaken) => {
      void db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock_shared(hashtextextended('slow', 0))::text`);
        lockTaken();
        await new Promise<void>((r) => (commit = r));
      });
    });
    await locked;
    assert.equal(await f.telemetry.ingest.recover(), 0, 'its batch is in flight');
    assert.equal(await checkpoints(f), 1);
    commit();
    await until(async () => (await f.telemetry.ingest.recover()) === 1, 'the recovery once the batch committed');
    assert.equal(await checkpoints(f), 0);
  },
);

test('samples loaded by COPY keep backslashes, quotes, tabs and newlines in their values exactly', async () => {
  const f = await open();
  const tricky = 'a\\b "quoted"\ttab\nline\r\\N end';
  const ts = new Date(at(-1000));
  await createTelemetryRepository(f.database.db).write(
    {
      telemetry: [
        {
          kind: 'telemetry',
          vin: A,
          seq: 77,
          samples: [{ at: ts.getTime(), iso: ts.toISOString(), signals: { [SPEED]: 5, 'Vehicle.Note': tricky } }],
        },
      ],
      events: [],
      connections: [],
      receivedAt: ts,
    },
    { mode: 'write', pending: new PendingState(), instance: 'test', aliveUntil: ts },
  );
  const [sample] = await f.telemetry.status.samples(A, new Date(0), new Date(Date.parse(at(60_000))));
  assert.deepEqual(sample?.signals, { [SPEED]: 5, 'Vehicle.Note': tricky });
});
