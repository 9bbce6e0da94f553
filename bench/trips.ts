// npm run bench -- trips: trip detection over a recorded day of a 1,000-car fleet (BENCH_TRIPS_CARS to change it).
// The day comes from the simulator's vehicle model, is loaded with COPY, and detection then runs through the real
// worker path (trips.scan queues trips.detect per car; two workers claim jobs with SKIP LOCKED). Baselines from the
// same run: COPY of the same rows, and reading each car's rows with the query detection uses and nothing else.
import { createReadStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { pipeline } from 'node:stream/promises';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { TRIPS_SCAN_JOB } from '@marque/trips';
import type { Database } from '@marque/db';
import { createModules } from '../apps/server/src/container';
import { freshDatabase, fmt, loadNow, machineLine, progress, writeSection } from './bench-env';
import { fleetCars, recordFleet, registryRow, type DayFiles } from './fleet-day';

const H = 3600_000;
const WORKERS = 2;

type PgliteClient = { query(q: string, p: unknown[], o?: { blob: Blob }): Promise<unknown> };
const pglite = (d: Database) => (d.db as unknown as { $client: PgliteClient }).$client;

const rowsOf = <T>(r: unknown) => (r as { rows: T[] }).rows;

/** COPY of one file into `table`; PGlite takes it in blobs of whole lines (it has no streaming COPY). */
async function copyFile(d: Database, url: string | undefined, table: string, file: string): Promise<number> {
  const started = performance.now();
  if (d.kind === 'postgres') {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await pipeline(createReadStream(file), client.query(copyFrom(`COPY ${table} FROM STDIN`)));
    } finally {
      await client.end();
    }
  } else {
    const text = readFileSync(file);
    for (let at = 0; at < text.length;) {
      let stop = Math.min(text.length, at + (64 << 20));
      if (stop < text.length) stop = text.indexOf(10, stop) + 1;
      await pglite(d).query(`COPY ${table} FROM '/dev/blob'`, [], { blob: new Blob([text.subarray(at, stop)]) });
      at = stop;
    }
  }
  return performance.now() - started;
}

async function load(d: Database, url: string | undefined, files: DayFiles) {
  const samplesMs = await copyFile(d, url, 'telemetry_samples (vin, ts, seq, signals, received_at)', files.samples);
  await copyFile(d, url, 'telemetry_batches (vin, seq, received_at)', files.batches);
  await copyFile(d, url, 'vehicle_events (id, vin, type, ts, data, received_at)', files.events);
  await d.db.execute(sql`analyze telemetry_samples`);
  await d.db.execute(sql`analyze vehicle_events`);
  await d.db.execute(sql`analyze telemetry_batches`);
  return samplesMs;
}

export async function benchTrips(): Promise<void> {
  const carCount = Number(process.env.BENCH_TRIPS_CARS || (process.env.BENCH_QUICK === '1' ? 100 : 1000));
  const p = progress('trips');
  const { database, url, drop } = await freshDatabase(10);
  const dir = mkdtempSync(`${tmpdir()}/marque-bench-trips-`);
  // The system clock, moved on a minute before each incremental pass (the worker's jobs are keyed by minute).
  let shift = 0;
  const modules = createModules(database, { now: () => new Date(Date.now() + shift) });
  const loads = [loadNow()];
  try {
    const machine = machineLine(database.kind);
    await modules.telemetry.ingest.ensurePartitions();
    const cars = fleetCars(carCount);
    p.phase('importing the registry and holders');
    const imported = await modules.vehicles.service.importRegistry(cars.map(registryRow));
    if (imported.rejected.length) throw new Error(`registry rows rejected: ${JSON.stringify(imported.rejected[0])}`);
    const dayEnd = Math.floor(Date.now() / 60_000) * 60_000 - 60_000;
    const dayStart = dayEnd - 24 * H;
    // Each car held by its own account, with both trip consents given: scoring and routes are computed as well.
    for (let i = 0; i < cars.length; i++) {
      const account = `00000000-0000-4000-8000-${String(100_000_000 + i).padStart(12, '0')}`;
      await modules.vehicles.access.startHolding(cars[i]!.vin, account, new Date(dayStart - 24 * H));
      for (const purpose of ['driving_analytics', 'location_history'])
        await modules.privacy.service.setConsent(
          account,
          { market: 'GB', language: 'en' },
          { purpose, granted: true, method: 'web' },
        );
    }

    let generated = 0;
    p.phase(
      `generating a day of ${fmt(carCount)} cars with the simulator's vehicle model`,
      () => `cars=${generated}/${carCount}`,
    );
    const genStarted = performance.now();
    const day = await recordFleet({ cars, fromMs: dayStart, toMs: dayEnd, dir, tag: 'day', onCar: (n) => (generated = n) });
    const genMs = performance.now() - genStarted;
    const c = day.files.counts;
    p.phase(`COPY of ${fmt(c.samples)} samples, ${fmt(c.messages)} batches and ${fmt(c.events)} events`);
    const copyMs = await load(database, url, day.files);

    p.phase('baseline: select count(*) and per-car reads of the same rows');
    const countStarted = performance.now();
    await database.db.execute(sql`select count(*) from telemetry_samples`);
    const countMs = performance.now() - countStarted;
    let read = 0;
    p.phase('baseline: reading each car’s rows with the detection query', () => `cars=${read}/${carCount}`);
    const readStarted = performance.now();
    const queue = cars.map((x) => x.vin);
    const reader = async () => {
      for (let vin = queue.shift(); vin; vin = queue.shift()) {
        await modules.telemetry.history.samples(vin, new Date(dayStart - 12 * H), new Date());
        read++;
      }
    };
    await Promise.all(Array.from({ length: WORKERS }, reader));
    const readMs = performance.now() - readStarted;

    loads.push(loadNow());
    const rowsRead = countSamplesRead(modules);
    p.phase('trip detection over the day (scan + detect jobs, 2 workers)', () => `samplesRead=${rowsRead.n}/${c.samples}`);
    const detectStarted = performance.now();
    await drainJobs(modules);
    const detectMs = performance.now() - detectStarted;
    const dayRead = rowsRead.n;
    const trips = Number(rowsOf<{ n: string }>(await database.db.execute(sql`select count(*)::int as n from trips`))[0]!.n);
    const detectJobs = async () =>
      Number(
        rowsOf<{ n: string }>(
          await database.db.execute(sql`select count(*)::int as n from jobs where name = 'trips.detect' and status = 'done'`),
        )[0]!.n,
      );
    const detected = await detectJobs();
    if (detected < carCount) throw new Error(`only ${detected} of ${carCount} cars were detected`);

    // A minute later: every car sends its next minute; one pass must find it without rereading the week.
    const passes: Pass[] = [];
    let models = day.models;
    let plan = '';
    for (const label of ['next minute, with the received_at indexes', 'next minute, received_at indexes dropped']) {
      if (label.includes('dropped')) {
        plan = await explainEarliest(database, cars[0]!.vin, new Date(Date.now() + shift - 90_000));
        await database.db.execute(sql`drop index telemetry_samples_vin_received_idx`);
        await database.db.execute(sql`drop index vehicle_events_vin_received_idx`);
      }
      p.phase(`one more minute for every car (${label})`);
      shift += 61_000;
      const from = dayEnd + passes.length * 60_000;
      const received = new Date(Date.now() + shift);
      const top = await recordFleet({
        cars,
        models,
        fromMs: from,
        toMs: from + 60_000,
        receivedAt: received,
        dir,
        tag: `top${passes.length}`,
      });
      models = top.models;
      await load(database, url, top.files);
      const window12h = await fixedWindowRows(database, received);
      rowsRead.n = 0;
      const before = await detectJobs();
      const started = performance.now();
      await drainJobs(modules);
      passes.push({ label, ms: performance.now() - started, read: rowsRead.n, cars: (await detectJobs()) - before, window12h });
    }
    loads.push(loadNow());

    const markdown = report({
      machine,
      loads,
      carCount,
      c,
      genMs,
      copyMs,
      countMs,
      readMs,
      detectMs,
      trips,
      dayRead,
      passes,
      plan,
    });
    writeSection('trips', markdown);
    console.log(markdown);
  } finally {
    p.stop();
    await modules.telemetry.ingest.close();
    await database.close();
    await drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Counts the samples the trips module reads (through the telemetry history the module was given). */
function countSamplesRead(modules: ReturnType<typeof createModules>) {
  const counter = { n: 0 };
  const history = modules.telemetry.history;
  const samples = history.samples.bind(history);
  history.samples = async (...args: Parameters<typeof samples>) => {
    const rows = await samples(...args);
    counter.n += rows.length;
    return rows;
  };
  return counter;
}

let scans = 0;

/** Queues a scan, then runs the worker until nothing is left, two ticks at a time as two worker processes would. */
async function drainJobs(modules: ReturnType<typeof createModules>): Promise<number> {
  // The schedule queues one scan a minute; the bench asks for one now.
  await modules.jobs.service.enqueue(TRIPS_SCAN_JOB, {}, { key: `bench-${++scans}` });
  let ran = 0;
  const worker = async () => {
    for (let idle = 0; idle < 2;) {
      const n = await modules.jobs.service.tick(10);
      ran += n;
      idle = n === 0 ? idle + 1 : 0;
    }
  };
  await Promise.all(Array.from({ length: WORKERS }, worker));
  return ran;
}

type Pass = { label: string; ms: number; read: number; cars: number; window12h: number };

/** The samples a fixed window (12 h before each car's oldest new sample, up to now) would read: the former design. */
async function fixedWindowRows(d: Database, since: Date): Promise<number> {
  const r = await d.db.execute(sql`
    with e as (select vin, min(ts) as m from telemetry_samples where received_at >= ${since.toISOString()}::timestamptz group by vin)
    select count(*)::int as n from telemetry_samples s join e using (vin) where s.ts >= e.m - interval '12 hours'`);
  return Number(rowsOf<{ n: number }>(r)[0]!.n);
}

/** EXPLAIN ANALYZE of the "what is new for this car" query (as the telemetry history runs it), to show its index. */
async function explainEarliest(d: Database, vin: string, after: Date): Promise<string> {
  const since = after.toISOString();
  const notBefore = new Date(Date.now() - 7 * 24 * H).toISOString();
  const r = await d.db.execute(
    sql.raw(
      `explain (analyze, costs off, timing off, summary off) select min(s.ts) from (select ts from telemetry_samples ` +
        `where vin = '${vin}' and ts >= '${notBefore}' and received_at > '${since}' offset 0) s`,
    ),
  );
  return rowsOf<Record<string, string>>(r)
    .map((x) => Object.values(x)[0])
    .join('\n');
}

function report(r: {
  machine: string;
  loads: string[];
  carCount: number;
  c: DayFiles['counts'];
  genMs: number;
  copyMs: number;
  countMs: number;
  readMs: number;
  detectMs: number;
  trips: number;
  dayRead: number;
  passes: Pass[];
  plan: string;
}): string {
  const s = (ms: number) => ms / 1000;
  const rate = (n: number, ms: number) => fmt(n / s(ms));
  const detectRate = r.c.samples / s(r.detectMs);
  return [
    '## (d) Trip detection over a recorded day',
    '',
    `Run: ${r.machine}. Load average (1 / 5 / 15 min) at the start, before detection and at the end: ${r.loads.join(' → ')}.`,
    '',
    `A day of ${fmt(r.carCount)} cars made by the simulator's vehicle model (one sample a second while driving, batches`,
    'of 5 s, parked heartbeats, coverage gaps with store and forward, four powertrains in seven cities), each car held',
    `by its own account with both trip consents given. ${fmt(r.c.samples)} samples in ${fmt(r.c.messages)} messages, ${fmt(r.c.events)} events`,
    `(${fmt(r.c.ignitionOn)} ignition-on), generated in ${fmt(s(r.genMs), 1)} s and loaded with COPY. Detection then runs as in production:`,
    '`trips.scan` queues one `trips.detect` per car, two workers claim them; every car is detected from scratch',
    '(empty cursor) over its whole day, with scoring, routes and the upsert of its trips.',
    '',
    '| what | time | rate |',
    '| --- | --- | --- |',
    `| COPY of the samples into telemetry_samples (baseline) | ${fmt(s(r.copyMs), 1)} s | ${rate(r.c.samples, r.copyMs)} samples/s |`,
    `| \`select count(*)\` of the same rows (baseline) | ${fmt(s(r.countMs), 2)} s | ${rate(r.c.samples, r.countMs)} rows/s |`,
    `| reading each car's day with the detection query only, 2 in parallel (baseline) | ${fmt(s(r.readMs), 1)} s | ${rate(r.c.samples, r.readMs)} samples/s |`,
    `| **trip detection**, 2 workers | **${fmt(s(r.detectMs), 1)} s** | **${fmt(detectRate)} samples/s · ${rate(r.trips, r.detectMs)} trips/s · ${rate(r.carCount, r.detectMs)} cars/s** |`,
    '',
    `${fmt(r.trips)} trips found; detection read ${fmt(r.dayRead)} samples. **Ratios in this run: detection ÷ COPY = ${fmt(detectRate / (r.c.samples / s(r.copyMs)), 2)};`,
    `detection ÷ plain read of the same rows = ${fmt(detectRate / (r.c.samples / s(r.readMs)), 2)}.**`,
    '',
    'Then every car sends one more minute (received now) and one scan + detect pass runs, once with the',
    '`(vin, received_at)` indexes of migration 0003 and once after dropping them (same data, same run):',
    '',
    '| pass | cars | time | per car | samples read | a fixed 12 h window would read |',
    '| --- | --- | --- | --- | --- | --- |',
    ...r.passes.map(
      (x) =>
        `| ${x.label} | ${fmt(x.cars)} | ${fmt(s(x.ms), 1)} s | ${fmt(x.ms / Math.max(1, x.cars), 1)} ms | ${fmt(x.read)} | ${fmt(x.window12h)} |`,
    ),
    '',
    'How "what is new for this car" is answered with the index (EXPLAIN ANALYZE, one car):',
    '',
    '```',
    r.plan,
    '```',
    '',
    ...analysis(r),
  ].join('\n');
}

/** Hand-written: the earlier runs of this section, so one noisy run is not read alone (2 shared cores). */
const TRIPS_RUNS = [
  'Runs on 2026-11-27 (PostgreSQL, 1,000 cars, same code; the machine shared with other test runs):',
  '',
  '| run | load average (1 min) | detection samples/s | ÷ COPY | ÷ plain read | next-minute pass per car | samples per car: read / fixed window |',
  '| --- | --- | --- | --- | --- | --- | --- |',
  '| 16:48Z | 16.2 | 25,009 | 1.04 | 0.41 | 25.8 ms | 272 / 2,318 |',
  '| 17:01Z | 12.0 | 24,366 | 0.96 | 0.27 | 18.9 ms | 276 / 2,232 |',
  '',
];

/** What limits it: figures of this run, reasoning that holds across runs. */
function analysis(r: { c: DayFiles['counts']; carCount: number; readMs: number; detectMs: number; passes: Pass[] }): string[] {
  const pass = r.passes[0]!;
  const perCar = (n: number) => fmt(n / Math.max(1, pass.cars));
  return [
    '### What limits it',
    '',
    `- The day pass is bound by reading the samples: each car's day (~${fmt(r.c.samples / r.carCount)} samples of 15-50 signals as jsonb) travels`,
    `  to Node and is parsed there. The read alone took ${fmt(r.readMs / 1000, 1)} s of the ${fmt(r.detectMs / 1000, 1)} s; the rest is Node CPU (sorting and`,
    '  deduplicating, the state machine, metrics, scores, routes) and the upserts, on two cores that PostgreSQL, Node',
    "  and the other engineers' test runs share (see the load average). Detection keeps pace with COPY of the same rows.",
    `- Steady state is what the per-minute scan costs. A pass now starts at the car's settled point: ${perCar(pass.read)} samples read`,
    `  per changed car in this run, where the former fixed window (12 h before the oldest new sample) would read`,
    `  ${perCar(pass.window12h)}. A parked car rereads only what came since it parked; a driving car rereads its current trip.`,
    '- Finding the new data: before migration 0003, `min(ts) … where received_at > cursor` was answered by walking',
    "  the `(vin, ts)` index over the car's whole retention window (up to 7 days) and filtering on `received_at`;",
    '  with the `(vin, received_at)` index it touches only the new rows (plan above). This bench holds one day, so the',
    '  "indexes dropped" pass shows only a small difference; with a week of history the old query reads 7× more.',
    '- Not done: a car on a long drive still rereads its whole current trip each minute (persisting the detector state',
    '  itself would avoid it), and the samples are read with all their signals though detection uses about ten.',
    '',
    ...TRIPS_RUNS,
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchTrips();
  process.exit(0);
}
