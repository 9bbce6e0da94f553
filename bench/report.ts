import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ownSections } from './bench-env';

export interface Results {
  started: Date;
  /** Load average (1 / 5 / 15 min) when the run started; the end's is read when the report is written. */
  loadAtStart: number[];
  engine: 'pglite' | 'postgres';
  ingest:
    | {
        messages: number;
        rows: number;
        ingestRate: number;
        copyRate: number;
        ratio: number;
        publishers: { cars: number; window: number; samplesPerMessage: number; perCar: number };
        seconds: number;
        serverCpuSeconds: number;
        carsCpuSeconds: number;
        serverLoopBusy: number;
        machineBusy: number;
      }
    | undefined;
  roundTrips: Array<{ cars: number; count: number; p50: number; p99: number; max: number }>;
  memory: Array<{
    cars: number;
    added: number;
    connectMs: number;
    failed: number;
    rssPerCar: number;
    heapPerCar: number;
    brokerClients: number;
  }>;
  notes: string[];
}

/** Hand-written: what changed in the ingest path and what the figures were before (kept across runs). */
const INGEST_HISTORY = [
  '### What limits it, and what changed (2026-11-27)',
  '',
  'Measured with `bench/ingest-probe.ts` (validation CPU per message; database write per batch, per statement;',
  '`PROBE_STATE=defer` for batches that coalesce their state), with a CPU profile of the server process during this',
  'phase (`node --cpu-prof`), and with the figures above.',
  '',
  '- Validation is cheap: JSON parse + ajv + `checkSignal` cost about 14 µs per 5-sample message (23 µs when the',
  '  machine is loaded). Not the limit.',
  '- First round (earlier today): drizzle multi-row `VALUES` inserts replaced by one statement per table per batch,',
  '  rows passed as one jsonb parameter (`jsonb_to_recordset`); ratio 0.05 → 0.25 (table below).',
  '- Where the time went after it (probe, PostgreSQL, 2,000 five-sample messages from 1,000 cars = 10,000 rows):',
  '  298 ms per batch, of which INSERT … SELECT of the samples 131 ms and the `vehicle_state` upsert (13,000',
  '  rows: every signal of every car in the batch) 55 ms.',
  '- Samples are now loaded with `COPY telemetry_samples … FROM STDIN` inside the batch transaction (PGlite runs the',
  "  same COPY statement reading `/dev/blob`; `copyInto` in @marque/db, pg-copy-streams for PostgreSQL's stream).",
  '  Dedupe stays `INSERT … ON CONFLICT DO NOTHING RETURNING` on telemetry_batches first, so only fresh messages are',
  '  copied. Probe: 298 → 251 ms per batch.',
  '- `vehicle_state` and the telemetry last-seen times are coalesced under load: a batch of 200 messages or more (or',
  '  with others queued or running beside it) folds its latest values into memory and writes one checkpoint row',
  '  (`telemetry_state_checkpoints`) in its transaction instead; the state is written at least once a second, by',
  '  the next small batch, after 50 ms without a batch, and on shutdown. A process that dies is covered by its',
  '  checkpoint: after a 10 s lease another ingest process rebuilds that state from the stored samples and',
  '  telemetry_batches (docs/protocol/vehicle-mqtt.md, "Acknowledgement"). Probe: 251 → 156 ms per batch.',
  '- A pitfall found on the way: with 4 messages in flight per car the queue is empty whenever a batch starts (the',
  "  other half of the window is in the cars, waiting for PUBACKs), so a rule 'coalesce while more is queued' never",
  '  fired in this bench; the batch size is the load signal now.',
  '- Two batches may be in flight when at least half a batch waits, so the server prepares the next batch (COPY',
  '  text, JSON, the latest-value fold) while PostgreSQL writes the previous one; a batch that writes the state runs',
  '  alone, after the coalescing ones in flight committed. Rows are sorted by VIN (and seq) so batches side by side',
  '  take their locks in one order.',
  '- The bench stays as hard: the phase now ends only after the state held back by the last batches is written',
  '  (`ingest.settle()`, counted from the last PUBACK), and it fails unless `vehicle_state` holds the newest stored',
  '  reading of every (vin, signal) the phase sent.',
  '- Result: 0.25 → 0.28-0.32 (runs below, load average 0.4-2.9), not the 0.6 the issue asks for. The limit has',
  '  moved from PostgreSQL to the server process: during the phase it now uses 0.73-0.87 of a core (4.5-4.9 s of CPU for',
  '  40,000 messages, ~115 µs per message) where it used 0.58 and waited on the database before. A CPU profile of an',
  '  ingest-only run: garbage collection ~10 %; socket writes ~7 % (aedes writes every PUBACK with its own system',
  '  call); building the COPY text (one `JSON.stringify` per sample) and folding the latest values ~2 % each; JSON',
  '  parse and ajv ~2 %. PostgreSQL spends a batch on the COPY itself, the telemetry_batches primary key and',
  '  received_at index, and the commit.',
  '- Not tried yet, in the order we would: write PUBACKs corked per event-loop turn (fewer system calls); build the',
  '  COPY text into one reused buffer from the raw JSON of each sample instead of re-serialising it (less garbage);',
  '  run two ingest processes behind an external broker with shared subscriptions (the scale-out design; the',
  '  checkpoints above already cover several ingest processes).',
  '- Caveat: the machine is shared with other engineers running test suites and browsers; the load average is in',
  '  the machine table. Under load ingest and COPY are both affected, not equally: compare runs with similar load.',
  '',
  '| run | bench shape | what a row was | ingest rows/s | COPY rows/s | ratio |',
  '| --- | --- | --- | --- | --- | --- |',
  '| before (2026-11-27T15:04Z) | 200 cars × 5 in flight, 1 sample/message | a message (COPY of generated rows) | 4,478 | 89,223 | 0.050 |',
  '| first round, first run (2026-11-27 ~15:25Z) | 1,000 cars × 4 in flight, 5 samples/message | a sample (COPY of the stored rows) | 10,252 | 86,598 | 0.118 |',
  '| first round (2026-11-27T15:50Z) | same | a sample | 31,256 | 126,105 | 0.248 |',
  '| COPY, coalesced state, two batches in flight: run 1 (2026-11-27T17:21Z, load 0.4) | same, plus the final state write in the time | a sample | 36,024 | 111,260 | 0.324 |',
  '| + COPY data sent in 256-line chunks: run 2 (17:31Z, load 2.9) | same | a sample | 36,578 | 112,837 | 0.324 |',
  '| run 3 (17:32Z, load 1.5) | same | a sample | 37,220 | 118,345 | 0.315 |',
  '| run 4 (17:35Z, load 2.0) | same | a sample | 31,122 | 110,059 | 0.283 |',
  '| run 5 (18:03Z, load 1.6-1.9) | same | a sample | 36,722 | 108,764 | 0.338 |',
  '| this run | same | a sample | see above | see above | see above |',
  '',
];

/** Hand-written: what changed on the command path (kept across runs). */
const COMMAND_HISTORY = [
  '### What changed (2026-11-27)',
  '',
  '- Before: between the HTTP request and the MQTT publish the command path made six database round trips after',
  '  the access checks: look up the idempotency key; BEGIN; take the counter (upsert); count the car’s recent',
  '  commands for the rate limit; insert; COMMIT.',
  '- Now two: one upsert of the car’s counter row takes the next counter, checks the rate limit against the issue',
  '  times the row keeps for the window (the row lock serialises a car’s commands, as before), and does nothing when',
  '  the idempotency key was used already; then the insert of the signed command. The `sent` status and the audit',
  '  row are written after the publish. The car’s result is one conditional UPDATE, as before.',
  '- Where the time goes (medians of 100 round trips with 250-500 cars, load average ~2, timestamps in the server):',
  '  the access checks before anything is queued 3.1 ms (vehicles module: the vehicle, its holder, the',
  '  subscription and capability gates: several queries); creating the command 2.2 ms (two statements; each write',
  '  commits with a WAL flush — one transaction around both measured no faster); signing 0.1 ms; publish 0.4 ms; the',
  '  car verifying and answering 0.6 ms; the conditional UPDATE to `executed` 1.3 ms.',
  '- Result: no change beyond the noise of this shared machine, and the p50 goal (5 ms) is not met; p99 stayed',
  '  under 25 ms in runs 1-3, not in the later ones (more load on the machine). The next step would be the access checks (one query instead of several, or a short',
  '  cache invalidated on handover), which belong to the vehicles and subscriptions modules. Since 17:30Z the sign-in check, terms guard and access check make 3-4 fewer round trips (section (e)); run 5 has them, and the p50 goal is still not met.',
  '',
  '| run | p50 / p99, 1,000 cars | p50 / p99, 10,000 cars |',
  '| --- | --- | --- |',
  '| before (2026-11-27T15:50Z) | 5.9 / 27.3 ms | 5.3 / 15.5 ms |',
  '| run 1 (17:21Z, load 0.4) | 6.1 / 21.3 ms | 5.8 / 18.3 ms |',
  '| run 2 (17:31Z, load 2.9) | 5.2 / 24.8 ms | 5.9 / 18.6 ms |',
  '| run 3 (17:32Z, load 1.5) | 6.8 / 20.6 ms | 6.5 / 21.3 ms |',
  '| run 4 (17:35Z, load 2.0) | 7.3 / 43.1 ms | 6.5 / 31.4 ms |',
  '| run 5 (18:03Z, load 1.6-1.9; fewer access round trips, see (e)) | 6.6 / 25.3 ms | 5.4 / 14.8 ms |',
  '| this run | see above | see above |',
  '',
];

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' / ');
const kb = (bytes: number) => `${fmt(bytes / 1024, 1)} KiB`;

function fdLimit(): string {
  try {
    return execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

export async function writeReport(r: Results): Promise<string> {
  const file = fileURLToPath(new URL('../docs/benchmarks.md', import.meta.url));
  const cpu = cpus();
  const lines = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (bench/run.ts); numbers from one run, on the machine below. Loopback only: the',
    'server runs in-process with the embedded broker (aedes); the simulated cars run in a child process as raw',
    'MQTT 3.1.1 clients that verify each command signature with `vehicleCommandCheck` before answering. The',
    "machine's cores are shared by the server, the car process and (when used) PostgreSQL.",
    '',
    '## Machine',
    '',
    `| | |`,
    `| --- | --- |`,
    `| date | ${r.started.toISOString()} |`,
    `| CPU | ${cpu[0]?.model ?? 'unknown'}, ${cpu.length} cores |`,
    `| memory | ${fmt(totalmem() / 2 ** 30, 1)} GiB |`,
    `| Node | ${process.version} |`,
    `| database | ${r.engine === 'postgres' ? 'PostgreSQL (local, 127.0.0.1)' : 'PGlite (in memory, same process)'} |`,
    `| open files limit | ${fdLimit()} |`,
    `| load average (1 / 5 / 15 min) at start → end | ${load(r.loadAtStart)} → ${load(loadavg())} |`,
    '',
    '## (a) Telemetry ingest against raw COPY',
    '',
  ];
  if (r.ingest) {
    const i = r.ingest;
    lines.push(
      `${fmt(i.messages)} QoS 1 telemetry messages from ${fmt(i.publishers.cars)} cars, ${i.publishers.window} messages in flight`,
      `per car, ${i.publishers.samplesPerMessage} samples of 13 VSS signals per message (as the simulator batches them: a sample a`,
      'second, a message every 5 s). **A row is one sample**, i.e. one row of `telemetry_samples`. A message counts when',
      'its PUBACK arrived, which the broker sends only after the batch holding it committed: its samples, its dedupe row',
      'in `telemetry_batches` and, for a small batch, the latest-value upserts in `vehicle_state` and the last-seen time in',
      '`vehicle_connection`; a large batch (as here) coalesces those and writes a checkpoint row instead (see below). The',
      'phase ends when the state the last batches held back is written too.',
      `The ${fmt(i.rows)} rows the ingest stored (checked: acknowledged messages × samples) are then exported with`,
      '`COPY … TO` and the very same rows loaded again with `COPY telemetry_samples FROM STDIN` (one connection, one',
      'COPY, same table, same indexes). **ratio = ingest rows/s ÷ COPY rows/s**, both measured in this run. COPY writes',
      'only the samples; the ingest also writes the other tables, validates every message and runs the broker.',
      '',
      '| path | rows/s |',
      '| --- | --- |',
      `| MQTT → broker → validation → batched write | ${fmt(i.ingestRate)} (${fmt(i.messages / i.seconds)} messages/s) |`,
      `| COPY into telemetry_samples | ${fmt(i.copyRate)} |`,
      `| **ratio ingest / COPY** | **${fmt(i.ratio, 3)}** |`,
      '',
      `During the ${fmt(i.seconds, 1)} s of ingest the machine's cores were ${fmt(i.machineBusy * 100)} % busy; the server process`,
      `used ${fmt(i.serverCpuSeconds, 1)} s of CPU (${fmt(i.serverCpuSeconds / i.seconds, 2)} cores; its event loop was busy`,
      `${fmt(i.serverLoopBusy * 100)} % of the time) and the car process ${fmt(i.carsCpuSeconds, 1)} s`,
      `(${fmt(i.carsCpuSeconds / i.seconds, 2)} cores); the rest was PostgreSQL and anything else running on the machine.`,
      '',
    );
    lines.push(...INGEST_HISTORY);
  } else lines.push('Not measured in this run.', '');
  lines.push(
    '## (b) Command round trip: HTTP → car → executed',
    '',
    "From sending `POST /api/v1/vehicles/{vin}/commands` to the platform recording the car's `executed` result",
    '(signed command over MQTT QoS 1, verified in the car, result back over MQTT QoS 1, stored). Commands are sent one',
    'at a time, each to a different car, while all the other cars stay connected; 20 warm-up commands before each',
    'series are not counted. With two cores shared by everything, the tail (p99) varies a few times between runs;',
    'the median is the steadier figure.',
    '',
    '| connected cars | commands | p50 | p99 | max |',
    '| --- | --- | --- | --- | --- |',
    ...r.roundTrips.map(
      (t) => `| ${fmt(t.cars)} | ${t.count} | ${fmt(t.p50, 1)} ms | ${fmt(t.p99, 1)} ms | ${fmt(t.max, 1)} ms |`,
    ),
    '',
    ...COMMAND_HISTORY,
    '## (c) Server memory per connected car',
    '',
    "Growth of the server process (the cars are in another process) while a step's cars connected and subscribed,",
    'measured after a full garbage collection just before and just after the step, divided by the cars it added.',
    'RSS includes what the allocator keeps after earlier phases, so the heap figure is the steadier one.',
    '',
    'Cars connect in batches of 250 (CONNECT with the device secret checked against the database, then SUBSCRIBE).',
    '',
    '| connected cars after the step | added | connect time | refused | RSS per car | JS heap per car |',
    '| --- | --- | --- | --- | --- | --- |',
    ...r.memory.map(
      (m) =>
        `| ${fmt(m.cars)} | ${fmt(m.added)} | ${fmt(m.connectMs / 1000, 1)} s | ${m.failed} | ${kb(m.rssPerCar)} | ${kb(m.heapPerCar)} |`,
    ),
    '',
  );
  if (r.notes.length) lines.push('## Notes', '', ...r.notes.map((n) => `- ${n}`), '');
  // The trips and home-screen benchmarks own marked sections of the same file: keep them.
  const kept = existsSync(file) ? ownSections(readFileSync(file, 'utf8')) : [];
  writeFileSync(file, [...lines, ...kept.flatMap((k) => [k, ''])].join('\n'));
  return file;
}
