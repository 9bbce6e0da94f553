import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface Results {
  started: Date;
  engine: 'pglite' | 'postgres';
  ingest:
    | { messages: number; ingestRate: number; copyRate: number; ratio: number; publishers: { cars: number; window: number } }
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

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });
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
    '',
    '## (a) Telemetry ingest against raw COPY',
    '',
  ];
  if (r.ingest) {
    const i = r.ingest;
    lines.push(
      `${fmt(i.messages)} QoS 1 telemetry messages (one sample of 13 VSS signals each) from ${i.publishers.cars} cars with`,
      `${i.publishers.window} messages in flight per car. A message counts when its PUBACK arrived, which the broker sends`,
      'only after the row is committed (telemetry_samples, plus the dedup row in telemetry_batches and the latest-value',
      'upserts in vehicle_state). COPY loads the same number of rows of the same shape into the same table.',
      '',
      '| path | rows/s |',
      '| --- | --- |',
      `| MQTT → broker → validation → batched write | ${fmt(i.ingestRate)} |`,
      `| COPY into telemetry_samples | ${fmt(i.copyRate)} |`,
      `| **ratio ingest / COPY** | **${fmt(i.ratio, 3)}** |`,
      '',
    );
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
  writeFileSync(file, lines.join('\n'));
  return file;
}
