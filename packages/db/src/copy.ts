import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { isAscii } from 'node:buffer';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Tx } from './transaction';

/** What a drizzle transaction runs on: a pooled node-postgres client, or a PGlite transaction. */
type SessionClient = pg.PoolClient | { query(q: string, params: unknown[], opts: { blob: Blob }): Promise<unknown> };

const sessionClient = (tx: Tx): SessionClient => (tx as unknown as { session: { client: SessionClient } }).session.client;

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
/** Bytes per chunk handed to the driver: no buffer of megabytes (one long-lived large object per batch). */
const CHUNK_BYTES = 128 * 1024;

/**
 * Chunks of COPYs that ended, for the next ones: a new 128 KB buffer is an allocation outside V8's buffer pool each
 * time (~60 µs in the ingest's profile), and external memory that hurries the next scavenge. At most 8 MB kept.
 */
const spareChunks: Buffer[] = [];
const MAX_SPARE_CHUNKS = 64;
const NO_ROOM = Buffer.alloc(0);

const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const BACKSLASH = 0x5c;

/**
 * Rows in COPY text format, written straight into buffers: no string per line or per value to build, join and
 * encode again. Values are escaped as COPY wants (backslash, tab, newline, carriage return; null as \N).
 */
export class CopyRows {
  readonly #chunks: Buffer[] = [];
  /** Every buffer written into, whole (for `release`). */
  readonly #owned: Buffer[] = [];
  #buf = this.#newBuffer(CHUNK_BYTES);
  #pos = 0;
  #rows = 0;
  #columns = 0;

  get rows(): number {
    return this.#rows;
  }

  #room(bytes: number) {
    if (this.#pos + bytes <= this.#buf.length) return;
    if (this.#pos > 0) this.#chunks.push(this.#buf.subarray(0, this.#pos));
    this.#buf = this.#newBuffer(bytes);
    this.#pos = 0;
  }

  #newBuffer(bytes: number): Buffer {
    const b = (bytes <= CHUNK_BYTES && spareChunks.pop()) || Buffer.allocUnsafe(Math.max(CHUNK_BYTES, bytes));
    this.#owned.push(b);
    return b;
  }

  /**
   * Gives the buffers back for later rows once the data was consumed (the COPY ended: the driver holds no reference
   * any more). What was written is gone; rows written afterwards go into a buffer of their own.
   */
  release(): void {
    for (const b of this.#owned) if (b.length === CHUNK_BYTES && spareChunks.length < MAX_SPARE_CHUNKS) spareChunks.push(b);
    this.#owned.length = 0;
    this.#chunks.length = 0;
    this.#buf = NO_ROOM;
    this.#pos = 0;
    this.#rows = 0;
    this.#columns = 0;
  }

  #separate() {
    if (this.#columns++ > 0) this.#buf[this.#pos++] = TAB;
  }

  /** The next column: a text value (escaped), a number, or null. */
  value(v: string | number | null): this {
    const s = v === null ? '\\N' : typeof v === 'number' ? String(v) : v;
    this.#room(s.length * 3 + 1);
    this.#separate();
    if (v === null) {
      this.#pos += this.#buf.write(s, this.#pos, 'latin1');
      return this;
    }
    // Plain ASCII byte by byte (VINs, times, numbers: short); anything else through the encoder, escaped.
    const buf = this.#buf;
    let pos = this.#pos;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80 || c === BACKSLASH || c === TAB || c === LF || c === CR) {
        this.#pos += this.#buf.write(copyText(s), this.#pos, 'utf8');
        return this;
      }
      buf[pos++] = c;
    }
    this.#pos = pos;
    return this;
  }

  /**
   * The next column: bytes[start, end) of `src`, ASCII text (a JSON document as the client sent it), escaped. Returns
   * false, writing nothing, when a byte is not ASCII (the caller writes the value another way).
   */
  asciiBytes(src: Buffer, start: number, end: number): boolean {
    let specials = 0;
    for (let i = start; i < end; i++) {
      const c = src[i]!;
      if (c >= 0x80) return false;
      if (c === BACKSLASH || c === TAB || c === LF || c === CR) specials++;
    }
    this.#room(end - start + specials + 1);
    this.#separate();
    if (specials === 0) {
      this.#pos += src.copy(this.#buf, this.#pos, start, end);
      return true;
    }
    const buf = this.#buf;
    let pos = this.#pos;
    for (let i = start; i < end; i++) {
      const c = src[i]!;
      if (c === BACKSLASH || c === TAB || c === LF || c === CR) {
        buf[pos++] = BACKSLASH;
        buf[pos++] = c === BACKSLASH ? BACKSLASH : c === TAB ? 0x74 : c === LF ? 0x6e : 0x72;
      } else buf[pos++] = c;
    }
    this.#pos = pos;
    return true;
  }

  /**
   * The next column: bytes[start, end) of `src` exactly as they are, for a caller that knows they are ASCII and hold
   * no backslash, tab, newline or carriage return (see `plainCopyText`).
   */
  plainBytes(src: Buffer, start: number, end: number): this {
    this.#room(end - start + 1);
    this.#separate();
    this.#pos += src.copy(this.#buf, this.#pos, start, end);
    return this;
  }

  /** Ends the current row. */
  endRow(): this {
    this.#room(1);
    this.#buf[this.#pos++] = LF;
    this.#columns = 0;
    this.#rows++;
    return this;
  }

  /** The data written so far, in chunks. */
  chunks(): Buffer[] {
    return this.#pos > 0 ? [...this.#chunks, this.#buf.subarray(0, this.#pos)] : [...this.#chunks];
  }
}

/**
 * Loads rows in COPY text format into `table` inside the transaction `tx`: the same `COPY table (columns) FROM …`
 * statement on both engines; only where the data comes from differs (PostgreSQL reads the client's stream, STDIN;
 * PGlite reads the blob handed to the query, its `/dev/blob`).
 */
export async function copyInto(tx: Tx, table: string, columns: readonly string[], rows: CopyRows): Promise<void> {
  if (!IDENTIFIER.test(table) || !columns.every((c) => IDENTIFIER.test(c))) throw new Error(`invalid COPY target ${table}`);
  if (rows.rows === 0) return;
  const statement = `COPY ${table} (${columns.join(', ')}) FROM`;
  const chunks = rows.chunks();
  const client = sessionClient(tx);
  if (client instanceof pg.Client) {
    // Resolves once PostgreSQL answered the COPY (pg-copy-streams' finish waits for ReadyForQuery): every chunk
    // was written to the socket by then. After a failure the socket may still hold some: not released.
    await pipeline(Readable.from(chunks), client.query(copyFrom(`${statement} STDIN`)));
    rows.release();
    return;
  }
  // The Blob holds a copy of the chunks.
  const blob = new Blob(chunks);
  rows.release();
  await client.query(`${statement} '/dev/blob'`, [], { blob });
}

/**
 * True when all of `src` can go into COPY text unchanged: ASCII, and no byte COPY would need escaped. Checked once for
 * a whole message with native searches, so its parts can be copied with `plainBytes`.
 */
export function plainCopyText(src: Buffer): boolean {
  return (
    isAscii(src) && src.indexOf(BACKSLASH) === -1 && src.indexOf(TAB) === -1 && src.indexOf(LF) === -1 && src.indexOf(CR) === -1
  );
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
