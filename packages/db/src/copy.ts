import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Tx } from './transaction';

/** What a drizzle transaction runs on: a pooled node-postgres client, or a PGlite transaction. */
type SessionClient = pg.PoolClient | { query(q: string, params: unknown[], opts: { blob: Blob }): Promise<unknown> };

const sessionClient = (tx: Tx): SessionClient => (tx as unknown as { session: { client: SessionClient } }).session.client;

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
const CHUNK_LINES = 256;

/**
 * Loads lines in COPY text format (tab-separated columns, each line ending in a newline, `\` escaped) into `table` inside the
 * transaction `tx`: the same `COPY table (columns) FROM …` statement on both engines; only where the data comes from
 * differs (PostgreSQL reads the client's stream, STDIN; PGlite reads the blob handed to the query, its `/dev/blob`).
 */
export async function copyInto(tx: Tx, table: string, columns: readonly string[], lines: string[]): Promise<void> {
  if (!IDENTIFIER.test(table) || !columns.every((c) => IDENTIFIER.test(c))) throw new Error(`invalid COPY target ${table}`);
  if (lines.length === 0) return;
  const statement = `COPY ${table} (${columns.join(', ')}) FROM`;
  // Buffers of a few hundred lines: no string of megabytes (one long-lived large object per batch for the garbage
  // collector), no rope of appended strings (slow to encode).
  const chunks: Buffer[] = [];
  for (let i = 0; i < lines.length; i += CHUNK_LINES) chunks.push(Buffer.from(lines.slice(i, i + CHUNK_LINES).join('')));
  const client = sessionClient(tx);
  if (client instanceof pg.Client) {
    await pipeline(Readable.from(chunks), client.query(copyFrom(`${statement} STDIN`)));
    return;
  }
  await client.query(`${statement} '/dev/blob'`, [], { blob: new Blob(chunks) });
}

/** One value in COPY text format: backslash, tab, newline and carriage return escaped; null as \N. */
export function copyText(value: string | number | null): string {
  if (value === null) return '\\N';
  const s = String(value);
  return SPECIAL.test(s) ? s.replace(SPECIAL_ALL, (c) => COPY_ESCAPES[c]!) : s;
}

const SPECIAL = /[\\\t\n\r]/;
const SPECIAL_ALL = /[\\\t\n\r]/g;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
