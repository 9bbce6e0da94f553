// The raw COPY rate of telemetry rows into telemetry_samples: the ceiling the MQTT ingest path is compared with.
// The rows are the very rows the ingest stored (exported with COPY … TO), loaded again into the same table.
import { readdirSync, readFileSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Readable, Writable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { sql } from 'drizzle-orm';
import type { Database } from '@marque/db';

const COLUMNS = 'vin, ts, seq, signals, received_at';

type PgliteClient = {
  query(q: string, p: unknown[], o?: { blob: Blob }): Promise<{ rows: Array<Record<string, unknown>>; blob?: Blob }>;
};
const pglite = (database: Database) => (database.db as unknown as { $client: PgliteClient }).$client;

/** The rows the ingest stored since `since`, in COPY text format, and how many there are. */
export async function exportRows(
  database: Database,
  url: string | undefined,
  since: Date,
): Promise<{ text: Buffer; rows: number }> {
  const query = `COPY (select ${COLUMNS} from telemetry_samples where received_at >= '${since.toISOString()}') TO`;
  let text: Buffer;
  if (database.kind === 'postgres') {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const parts: Buffer[] = [];
    try {
      await pipeline(
        client.query(copyTo(`${query} STDOUT`)),
        new Writable({ write: (chunk: Buffer, _e, done) => (parts.push(chunk), done()) }),
      );
    } finally {
      await client.end();
    }
    text = Buffer.concat(parts);
  } else {
    const r = await pglite(database).query(`${query} '/dev/blob'`, []);
    text = Buffer.from(await r.blob!.arrayBuffer());
  }
  let rows = 0;
  for (let i = text.indexOf(10); i >= 0; i = text.indexOf(10, i + 1)) rows++;
  return { text, rows };
}

/**
 * CPU seconds used so far by the processes named `postgres` on this machine (a local server: its backends, WAL
 * writer, checkpointer), from /proc; undefined elsewhere. Clock ticks are 100 a second on Linux.
 */
export function postgresCpu(): number | undefined {
  try {
    let ticks = 0;
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        continue;
      }
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) !== 'postgres') continue;
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(f[11]) + Number(f[12]);
    }
    return ticks / 100;
  } catch {
    return undefined;
  }
}

/**
 * Rows per second for COPY of `text` (`rows` lines) into telemetry_samples on this engine, and the CPU a local
 * PostgreSQL's processes used meanwhile (read while the COPY's backend is still connected; NaN on PGlite).
 */
export async function copyRate(
  database: Database,
  url: string | undefined,
  text: Buffer,
  rows: number,
): Promise<{ rate: number; postgresCpuSeconds: number }> {
  const into = `COPY telemetry_samples (${COLUMNS}) FROM`;
  if (database.kind === 'postgres') {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const cpu0 = postgresCpu();
      const started = performance.now();
      await pipeline(Readable.from([text]), client.query(copyFrom(`${into} STDIN`)));
      const rate = rows / ((performance.now() - started) / 1000);
      const cpu1 = postgresCpu();
      return { rate, postgresCpuSeconds: cpu0 !== undefined && cpu1 !== undefined ? cpu1 - cpu0 : NaN };
    } finally {
      await client.end();
    }
  }
  const started = performance.now();
  await pglite(database).query(`${into} '/dev/blob'`, [], { blob: new Blob([text]) });
  return { rate: rows / ((performance.now() - started) / 1000), postgresCpuSeconds: NaN };
}

/**
 * (vin, signal) pairs whose stored latest value (vehicle_state) is older than the newest sample received since
 * `since`, or missing: 0 once the ingest wrote all the state it coalesced.
 */
export async function stateBehindSamples(database: Database, since: Date): Promise<number> {
  const r = (await database.db.execute(sql`
    select count(*)::int as n from (
      select distinct on (s.vin, kv.key) s.vin, kv.key as signal, s.ts
      from telemetry_samples s cross join lateral jsonb_each(s.signals) as kv
      where s.received_at >= ${since.toISOString()}::timestamptz
      order by s.vin, kv.key, s.ts desc
    ) l
    left join vehicle_state v on v.vin = l.vin and v.signal = l.signal
    where v.ts is null or v.ts < l.ts`)) as unknown as { rows: Array<{ n: number }> };
  return r.rows[0]!.n;
}
