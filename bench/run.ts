// npm run bench: telemetry ingest vs raw COPY, command round trips with 1,000 and 10,000 connected cars, and server
// memory per connected car. Loopback only; every phase is bounded in count and time. Writes docs/benchmarks.md.
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { openDatabase, migrate, type Database } from '@marque/db';
import { withCheckDigit } from '@marque/contracts';
import { silentLogger, systemClock } from '@marque/kernel';
import { createModules } from '../apps/server/src/container';
import { createMetrics } from '../apps/server/src/http/metrics';
import { buildHttpApp } from '../apps/server/src/http/app';
import { loadConfig } from '../apps/server/src/config';
import { startEmbeddedBroker } from '../apps/server/src/mqtt/embedded-broker';
import { vehicleLinkHttpRoutes } from '../apps/server/src/vehicle-link-wiring';
import { startVehicleLink, vehicleMessageHandler } from '../apps/server/src/vehicle-link-start';
import { headerAuth, TEST_ACCOUNT_HEADER } from '../apps/server/src/vehicle-link/test-fixture';
import { copyRate, exportRows, postgresCpu, stateBehindSamples } from './copy';
import { writeReport, type Results } from './report';
import { isOwnBench, runOwnBenches } from './own-benches';

const TOTAL_BUDGET_MS = 9.5 * 60_000;
// BENCH_QUICK=1: a smoke run of the same code with a small fleet.
const quick = process.env.BENCH_QUICK === '1';
// BENCH_ONLY=ingest: only the first connection step and the ingest phase (for profiling the ingest path);
// BENCH_ONLY=commands: no ingest phase. Either prints its figures instead of writing docs/benchmarks.md.
const only = process.env.BENCH_ONLY;
const ingestOnly = only === 'ingest';
const commandsOnly = only === 'commands';
const CAR_COUNTS = quick ? [250, 500] : ingestOnly ? [1_000] : [1_000, 10_000];
const ROUND_TRIPS = quick ? 30 : 300;
const OWNER = '00000000-0000-4000-8000-00000000b001';
const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(0)}s`;
let phase = 'starting';
const counters: Record<string, number> = {};
const progress = setInterval(
  () =>
    console.log(
      `[bench ${elapsed()}] ${phase} ${Object.entries(counters)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}`,
    ),
  3000,
);
const budget = setTimeout(() => {
  console.error(`[bench] over the ${TOTAL_BUDGET_MS / 60_000} min budget: stopping`);
  process.exit(1);
}, TOTAL_BUDGET_MS).unref();

setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;
const memory = () => {
  gc();
  gc();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed };
};

async function openBenchDatabase(): Promise<{ database: Database; url?: string; drop(): Promise<void> }> {
  const base = process.env.BENCH_DATABASE_URL || process.env.MARQUE_TEST_DATABASE_URL;
  if (!base) {
    const database = await openDatabase({});
    await migrate(database);
    return { database, drop: async () => undefined };
  }
  const name = `marque_bench_${randomBytes(4).toString('hex')}`;
  const admin = async (q: string) => {
    const c = new pg.Client({ connectionString: base });
    await c.connect();
    await c.query(q).finally(() => c.end());
  };
  await admin(`create database ${name}`);
  const u = new URL(base);
  u.pathname = `/${name}`;
  const database = await openDatabase({ url: u.toString(), poolSize: 10 });
  await migrate(database);
  return { database, url: u.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}

/** A child process of simulated cars, driven by messages. */
function carsProcess() {
  const child: ChildProcess = fork(new URL('./cars.ts', import.meta.url).pathname, [], {
    // --expose-gc: the car process collects the telemetry phase's payloads before the command round trips, so its
    // own garbage collection does not land in the platform's latencies.
    execArgv: ['--import', 'tsx', '--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiters: Array<{ op: string; resolve(m: Record<string, number>): void }> = [];
  child.on('message', (m: { op: string } & Record<string, number>) => {
    if (m.op === 'progress') Object.assign(counters, { connected: m.connected, failed: m.failed });
    if (m.op === 'error') console.error(`[cars] ${String((m as unknown as { message: string }).message)}`);
    const i = waiters.findIndex((w) => w.op === m.op);
    if (i >= 0) waiters.splice(i, 1)[0]!.resolve(m);
  });
  return {
    ask(msg: object, reply: string, timeoutMs: number): Promise<Record<string, number>> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`cars: no ${reply} within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ op: reply, resolve: (m) => (clearTimeout(timer), resolve(m)) });
        child.send(msg);
      });
    },
    close: () => child.send({ op: 'close' }),
  };
}

/** Busy and total jiffies of all cores (Linux); undefined elsewhere. */
function machineCpu(): { busy: number; total: number } | undefined {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const idle = f[3]! + (f[4] ?? 0);
    const total = f.reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return undefined;
  }
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

async function main() {
  const results: Results = {
    started: new Date(),
    loadAtStart: loadavg(),
    engine: 'pglite',
    ingest: undefined,
    roundTrips: [],
    memory: [],
    notes: [],
  };
  const { database, url, drop } = await openBenchDatabase();
  results.engine = database.kind;
  const modules = createModules(database, systemClock);
  const broker = await startEmbeddedBroker({
    port: 0,
    host: '127.0.0.1',
    fallback: false,
    auth: { verifyVehicle: (vin, secret) => modules.vehicles.service.verifyDeviceSecret(vin, secret) },
    log: silentLogger,
    onVehiclePublish: vehicleMessageHandler(modules),
  });
  const stopLink = await startVehicleLink({ modules, metrics: createMetrics(), log: silentLogger, ingest: true, broker });
  const app = await buildHttpApp({
    config: loadConfig({}),
    metrics: createMetrics(),
    routes: vehicleLinkHttpRoutes(modules, headerAuth),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const api = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const cars = carsProcess();
  try {
    phase = 'importing the registry';
    const max = Math.max(...CAR_COUNTS);
    const fleet = Array.from({ length: max }, (_, i) => [
      withCheckDigit(`SAUVL0AB0KA${String(100_000 + i).padStart(6, '0')}`),
      `bench-device-secret-${i}`,
    ]) as Array<[string, string]>;
    const row = ([vin, secret]: [string, string], i: number) => ({
      line: i + 1,
      record: {
        vin,
        brand: 'Aurelia',
        model: 'Vela',
        model_year: 2024,
        powertrain: 'BEV',
        head_unit: 'mm21',
        smart_connect: 'no',
        market: 'GB',
        device_secret: secret,
      },
    });
    const imported = await modules.vehicles.service.importRegistry(fleet.map(row));
    if (imported.rejected.length) throw new Error(`registry rows rejected: ${JSON.stringify(imported.rejected[0])}`);
    const publicKeyPem = await modules.commands.publicKeyPem();
    let connected = 0;
    for (const n of CAR_COUNTS) {
      phase = `connecting ${n} cars`;
      const before = memory();
      const connectStarted = performance.now();
      const r = await cars.ask(
        { op: 'connect', port: broker.port, cars: fleet.slice(connected, n), publicKeyPem, batch: 250, deadlineMs: 150_000 },
        'connected',
        180_000,
      );
      const connectMs = performance.now() - connectStarted;
      const added = r.connected! - connected;
      connected = r.connected!;
      const mem = memory();
      // Per car added in this step: earlier phases' garbage and buffers do not count against the new connections.
      results.memory.push({
        cars: connected,
        added,
        connectMs,
        failed: r.failed!,
        rssPerCar: (mem.rss - before.rss) / added,
        heapPerCar: (mem.heap - before.heap) / added,
        brokerClients: broker.connectedClients(),
      });
      if (connected < n)
        results.notes.push(`only ${connected} of ${n} cars connected within the time limit (${r.failed} failed)`);

      if (!results.ingest && !commandsOnly) results.ingest = await ingestVersusCopy(database, url, cars, connected, modules.telemetry.ingest);
      if (ingestOnly) break;
      results.roundTrips.push(await roundTrips(api, modules, fleet.slice(0, connected), connected));
    }
    const s = await cars.ask({ op: 'stats' }, 'stats', 10_000);
    results.notes.push(`cars executed ${s.executed} commands and rejected ${s.rejected}`);
  } finally {
    phase = 'stopping';
    cars.close();
    await app.close();
    await stopLink();
    await broker.close();
    await modules.telemetry.ingest.close();
    await database.close();
    await drop();
    clearInterval(progress);
  }
  if (only) {
    console.log(JSON.stringify({ ingest: results.ingest, roundTrips: results.roundTrips, memory: results.memory }, null, 2));
    return;
  }
  const file = await writeReport(results);
  console.log(`[bench ${elapsed()}] done: ${file}`);
}

/** Vacuums the telemetry tables and (on PostgreSQL) writes every dirty page out, then collects the server's garbage. */
async function quiesce(database: Database) {
  await database.db.execute(sql`vacuum analyze telemetry_samples, telemetry_batches, vehicle_state, vehicle_connection`);
  if (database.kind === 'postgres') await database.db.execute(sql`checkpoint`);
  gc();
}

/**
 * (a) QoS 1 telemetry through the broker into the database, against COPY of the same rows into the same table.
 * A row is one sample (one row of telemetry_samples); the ingest rate counts the samples of acknowledged messages,
 * checked against what telemetry_samples holds afterwards, and COPY loads exactly those rows again.
 */
async function ingestVersusCopy(
  database: Database,
  url: string | undefined,
  cars: ReturnType<typeof carsProcess>,
  connected: number,
  ingest: { settle(): Promise<void> },
) {
  // Both measured phases start from the same quiet database (nothing dirty to write out, nothing to vacuum).
  phase = 'checkpoint and vacuum before the ingest';
  await quiesce(database);
  phase = 'telemetry ingest';
  const publishers = {
    cars: Math.min(connected, 1000),
    window: 4,
    samplesPerMessage: 5,
    perCar: database.kind === 'postgres' ? 40 : 10,
  };
  const since = new Date(Date.now() - 1000);
  const cpu0 = process.cpuUsage();
  const elu0 = performance.eventLoopUtilization();
  const machine0 = machineCpu();
  const pg0 = database.kind === 'postgres' ? postgresCpu() : undefined;
  const r = await cars.ask({ op: 'telemetry', ...publishers, deadlineMs: 90_000 }, 'telemetry-done', 150_000);
  // Under load the latest values are coalesced and written at least once a second: the phase ends only once the
  // state the last batches held back is written too (counted from the last PUBACK, so slightly over-counted).
  const settleStarted = performance.now();
  await ingest.settle();
  const ms = r.ms! + (performance.now() - settleStarted);
  const loop = performance.eventLoopUtilization(elu0);
  const cpu = process.cpuUsage(cpu0);
  const machine1 = machineCpu();
  const pg1 = pg0 === undefined ? undefined : postgresCpu();
  const messages = r.acked!;
  const ingestRate = (messages * publishers.samplesPerMessage) / (ms / 1000);
  const behind = await stateBehindSamples(database, since);
  if (behind !== 0) throw new Error(`vehicle_state is behind the stored samples for ${behind} (vin, signal) pairs`);
  phase = 'export of the stored rows';
  const exported = await exportRows(database, url, since);
  if (exported.rows !== messages * publishers.samplesPerMessage)
    throw new Error(`telemetry_samples holds ${exported.rows} new rows, expected ${messages * publishers.samplesPerMessage}`);
  // The ingest's rows written out and vacuumed first: the COPY must not share the cores with an autovacuum or a
  // checkpoint the ingest set off (a slower baseline would flatter the ratio).
  phase = 'checkpoint and vacuum before the COPY';
  await quiesce(database);
  phase = 'COPY of the same rows';
  const copy = await copyRate(database, url, exported.text, exported.rows);
  // The phase left 400,000 new rows (ingest and COPY) for PostgreSQL to write out and vacuum: done now, so the
  // command round trips that follow measure commands, not this phase's checkpoint and autovacuum.
  phase = 'checkpoint and vacuum after the ingest';
  await quiesce(database);
  return {
    messages,
    rows: exported.rows,
    ingestRate,
    copyRate: copy.rate,
    ratio: ingestRate / copy.rate,
    publishers,
    seconds: ms / 1000,
    serverCpuSeconds: (cpu.user + cpu.system) / 1e6,
    carsCpuSeconds: r.cpuMs! / 1000,
    // A local PostgreSQL's processes (NaN when the database is elsewhere or PGlite runs in the server process).
    postgresCpuSeconds: pg0 !== undefined && pg1 !== undefined && pg1 >= pg0 ? pg1 - pg0 : NaN,
    // The same for the COPY of the same rows.
    copyPostgresCpuSeconds: copy.postgresCpuSeconds,
    // Share of the phase the server's event loop (the one JavaScript thread) was busy.
    serverLoopBusy: loop.utilization,
    // Busy share of all cores during the phase (server, cars and PostgreSQL together), from /proc/stat.
    machineBusy: machine1 && machine0 ? (machine1.busy - machine0.busy) / (machine1.total - machine0.total) : NaN,
  };
}

/** (b) POST a command over HTTP, the car verifies and answers, until the platform records it executed. */
async function roundTrips(
  api: string,
  modules: ReturnType<typeof createModules>,
  connectedCars: Array<[string, string]>,
  n: number,
) {
  phase = `command round trips with ${n} cars`;
  const executedAt = new Map<string, number>();
  // Woken by the event itself: spinning the event loop while waiting would take a core from the server and the cars.
  let waiting: { id: string; wake(): void } | undefined;
  const unsubscribe = modules.bus.subscribe((e) => {
    if (e.type !== 'command.updated' || e.command.status !== 'executed') return;
    executedAt.set(e.command.id, performance.now());
    if (waiting?.id === e.command.id) waiting.wake();
  });
  const latencies: number[] = [];
  const until = Date.now() + 60_000;
  const step = Math.max(1, Math.floor(connectedCars.length / (ROUND_TRIPS + 20)));
  try {
    // The first commands warm up the JIT and the connection pool; they are not counted.
    const warmup = 20;
    for (let i = 0; i < ROUND_TRIPS + warmup && Date.now() < until; i++) {
      const vin = connectedCars[(i * step) % connectedCars.length]![0];
      await modules.vehicles.access.startHolding(vin, OWNER, new Date(Date.now() - 60_000));
      const started = performance.now();
      const res = await fetch(`${api}/api/v1/vehicles/${vin}/commands`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [TEST_ACCOUNT_HEADER]: OWNER, 'idempotency-key': `bench-${n}-${i}` },
        body: JSON.stringify({ name: 'doors.lock' }),
      });
      if (res.status !== 202) throw new Error(`POST command: ${res.status} ${await res.text()}`);
      const { id } = (await res.json()) as { id: string };
      if (!executedAt.has(id)) {
        await new Promise<void>((wake) => {
          const timer = setTimeout(wake, 10_000);
          waiting = { id, wake: () => (clearTimeout(timer), wake()) };
        });
        waiting = undefined;
      }
      if (!executedAt.has(id)) throw new Error(`command ${id} not executed within 10 s`);
      if (i >= warmup) latencies.push(executedAt.get(id)! - started);
      counters.roundTrips = latencies.length;
    }
  } finally {
    unsubscribe();
  }
  return {
    cars: n,
    count: latencies.length,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: Math.max(...latencies),
  };
}

// `npm run bench -- trips home` runs only the named parts (trips, home; anything else names the parts above).
const wanted = process.argv.slice(2);
if (wanted.length === 0 || wanted.some((w) => !isOwnBench(w))) await main();
clearTimeout(budget);
clearInterval(progress);
if (!only) await runOwnBenches(wanted);
process.exit(0);
