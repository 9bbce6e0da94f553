// Probe of the ingest path's parts in isolation (not part of `npm run bench`):
//   node --import tsx bench/ingest-probe.ts   (MARQUE_TEST_DATABASE_URL selects PostgreSQL)
// PROBE_STATE=defer times batches whose latest values are coalesced (as under load) instead of written each batch.
// Prints the CPU cost of JSON parse + validation per message and the database write per batch size.
import { testDatabase } from '@marque/db/testing';
import { parseJsonPayload, validateTelemetry, checkSignal } from '@marque/contracts/vehicle';
import { withCheckDigit } from '@marque/contracts';
import { parseUpMessage, type TelemetryIn } from '../packages/modules/telemetry/src/ingest-validation';
import { createTelemetryRepository } from '../packages/modules/telemetry/src/telemetry.repository';
import { createTelemetryPartitionsRepository } from '../packages/modules/telemetry/src/telemetry-partitions.repository';
import { PendingState } from '../packages/modules/telemetry/src/write-set';
import { SIGNALS } from './signals';

const cars = Number(process.env.PROBE_CARS ?? 200);
const vins = Array.from({ length: cars }, (_, i) => withCheckDigit(`SAUVL0AB0KA${String(100_000 + i).padStart(6, '0')}`));
const samplesPerMessage = Number(process.env.PROBE_SAMPLES ?? 1);
const now = new Date();
const limits = { now, maxFutureMs: 300_000, maxAgeMs: 7 * 86_400_000 };
const message = (seq: number) =>
  Buffer.from(
    JSON.stringify({
      seq,
      samples: Array.from({ length: samplesPerMessage }, (_, k) => ({
        ts: new Date(now.getTime() - 10_000 + k * 1000).toISOString(),
        signals: SIGNALS(seq * samplesPerMessage + k),
      })),
    }),
  );

function time(label: string, n: number, fn: (i: number) => unknown) {
  for (let i = 0; i < Math.min(n, 2000); i++) fn(i);
  const t = performance.now();
  for (let i = 0; i < n; i++) fn(i);
  const us = ((performance.now() - t) * 1000) / n;
  console.log(`${label.padEnd(40)} ${us.toFixed(1)} µs/message`);
}

const payloads = Array.from({ length: 20_000 }, (_, i) => message(i));
time('JSON.parse', payloads.length, (i) => parseJsonPayload(payloads[i]!));
const parsed = payloads.map((p) => (parseJsonPayload(p) as { value: unknown }).value);
time('ajv validateTelemetry', parsed.length, (i) => validateTelemetry(parsed[i]));
time('checkSignal (all signals)', parsed.length, (i) => {
  for (const s of (parsed[i] as { samples: Array<{ signals: Record<string, unknown> }> }).samples)
    for (const [k, v] of Object.entries(s.signals)) checkSignal(k, v);
});
time('parseUpMessage (whole)', payloads.length, (i) => parseUpMessage(vins[i % cars]!, 'telemetry', payloads[i]!, limits));

const database = await testDatabase();
// Times each statement of the write (what the database spends per table), by wrapping the transaction's execute.
const statementMs: number[] = [];
const db = database.db;
const realTransaction = db.transaction.bind(db);
(db as { transaction: unknown }).transaction = (fn: (tx: unknown) => Promise<unknown>) =>
  realTransaction((tx) => {
    let n = 0;
    const execute = tx.execute.bind(tx);
    (tx as { execute: unknown }).execute = async (q: Parameters<typeof execute>[0]) => {
      const i = n++;
      const t = performance.now();
      const r = await execute(q);
      statementMs[i] = (statementMs[i] ?? 0) + performance.now() - t;
      return r;
    };
    return fn(tx);
  });
const repo = createTelemetryRepository(db);
const parts = createTelemetryPartitionsRepository(database.db);
await parts.ensure(now);
await parts.ensure(new Date(now.getTime() - 40 * 86_400_000));
let seq = 1;
for (const size of (process.env.PROBE_BATCHES ?? '50,200,500,1000,2000').split(',').map(Number)) {
  const rounds = Math.max(3, Math.floor(20_000 / size));
  let ms = 0;
  let cpu = 0;
  statementMs.length = 0;
  for (let r = 0; r < rounds; r++) {
    const items: TelemetryIn[] = [];
    for (let i = 0; i < size; i++) {
      const p = parseUpMessage(vins[i % cars]!, 'telemetry', message(seq++), limits);
      if (p.ok) items.push(p.item as TelemetryIn);
    }
    const t = performance.now();
    const c0 = process.cpuUsage();
    const mode = process.env.PROBE_STATE === 'defer' ? 'defer' : 'write';
    const plan = { mode, pending: new PendingState(), instance: 'probe', aliveUntil: new Date(Date.now() + 10_000) } as const;
    await repo.write({ telemetry: items, events: [], connections: [], receivedAt: new Date() }, plan);
    ms += performance.now() - t;
    const c = process.cpuUsage(c0);
    cpu += (c.user + c.system) / 1000;
  }
  const rows = rounds * size * samplesPerMessage;
  console.log(
    `write batch of ${String(size).padStart(4)} messages: ${(ms / rounds).toFixed(1)} ms/batch, ${Math.round(rows / (ms / 1000))} rows/s, node CPU ${(cpu / rounds).toFixed(1)} ms/batch, per statement ${statementMs.map((x) => (x / rounds).toFixed(1)).join(' / ')} ms (${database.kind})`,
  );
}
await database.close();
