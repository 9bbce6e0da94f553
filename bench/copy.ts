// The raw COPY rate of telemetry rows into telemetry_samples: the ceiling the MQTT ingest path is compared with.
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Database } from '@marque/db';

const COLUMNS = 'telemetry_samples (vin, ts, seq, signals, received_at)';

/** The same shape of rows the ingest writes: one sample per message, its signals as jsonb. */
export function copyRows(vins: string[], rows: number, signals: (seq: number) => Record<string, unknown>): string {
  const lines: string[] = [];
  const now = Date.now();
  for (let i = 0; i < rows; i++) {
    const vin = vins[i % vins.length]!;
    const seq = 1_000_000 + i;
    const ts = new Date(now - 60_000 + (i % 60_000)).toISOString();
    // Text format: the JSON has no tabs, newlines or backslashes.
    lines.push(`${vin}\t${ts}\t${seq}\t${JSON.stringify(signals(seq))}\t${new Date(now).toISOString()}`);
  }
  return lines.join('\n') + '\n';
}

/** Rows per second for COPY of `text` (`rows` lines) on this engine. */
export async function copyRate(database: Database, url: string | undefined, text: string, rows: number): Promise<number> {
  const started = performance.now();
  if (database.kind === 'postgres') {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await pipeline(Readable.from([Buffer.from(text)]), client.query(copyFrom(`COPY ${COLUMNS} FROM STDIN`)));
    } finally {
      await client.end();
    }
  } else {
    const client = (
      database.db as unknown as { $client: { query(q: string, p: unknown[], o: { blob: Blob }): Promise<unknown> } }
    ).$client;
    await client.query(`COPY ${COLUMNS} FROM '/dev/blob'`, [], { blob: new Blob([text]) });
  }
  return rows / ((performance.now() - started) / 1000);
}
