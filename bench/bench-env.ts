// Shared by the trips and home-screen benchmarks: a throw-away database, the machine line, progress output and
// the sections they own in docs/benchmarks.md (kept when bench/report.ts rewrites the rest of the file).
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openDatabase, migrate, type Database } from '@marque/db';

export const REPORT_FILE = fileURLToPath(new URL('../docs/benchmarks.md', import.meta.url));

export interface BenchDatabase {
  database: Database;
  /** The PostgreSQL URL of the throw-away database; undefined on PGlite. */
  url: string | undefined;
  drop(): Promise<void>;
}

/** A fresh, migrated database: PostgreSQL when BENCH_DATABASE_URL (or MARQUE_TEST_DATABASE_URL) is set, else PGlite. */
export async function freshDatabase(poolSize = 10): Promise<BenchDatabase> {
  const base = process.env.BENCH_DATABASE_URL || process.env.MARQUE_TEST_DATABASE_URL;
  if (!base) {
    const database = await openDatabase({});
    await migrate(database);
    return { database, url: undefined, drop: async () => undefined };
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
  const database = await openDatabase({ url: u.toString(), poolSize });
  await migrate(database);
  return { database, url: u.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}

const fmtLoad = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' / ');

/** Date, CPU, memory, Node, database and the load average now (1 / 5 / 15 min). */
export function machineLine(engine: Database['kind']): string {
  const cpu = cpus();
  return (
    `${new Date().toISOString()} · ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores · ` +
    `${(totalmem() / 2 ** 30).toFixed(1)} GiB · Node ${process.version} · ` +
    `${engine === 'postgres' ? 'PostgreSQL (local, 127.0.0.1)' : 'PGlite (in memory)'} · load average ${fmtLoad()}`
  );
}

export const loadNow = fmtLoad;

/** Prints `label` with counters every 3 s until stopped. */
export function progress(prefix: string) {
  const t0 = Date.now();
  let label = 'starting';
  let counters: () => string = () => '';
  const timer = setInterval(
    () => console.log(`[${prefix} ${((Date.now() - t0) / 1000).toFixed(0)}s] ${label} ${counters()}`),
    3000,
  );
  return {
    phase(next: string, show: () => string = () => '') {
      label = next;
      counters = show;
      console.log(`[${prefix} ${((Date.now() - t0) / 1000).toFixed(0)}s] ${label}`);
    },
    stop: () => clearInterval(timer),
  };
}

export const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

const begin = (name: string) => `<!-- bench:${name} -->`;
const end = (name: string) => `<!-- /bench:${name} -->`;

/** The sections the trips and home benchmarks wrote, so a rewrite of the rest of the file keeps them. */
export function ownSections(text: string): string[] {
  const out: string[] = [];
  const re = /<!-- bench:([a-z-]+) -->[\s\S]*?<!-- \/bench:\1 -->/g;
  for (const m of text.matchAll(re)) out.push(m[0]);
  return out;
}

/** Puts `markdown` in its marked section of docs/benchmarks.md: replaced in place, or appended the first time. */
export function writeSection(name: string, markdown: string): void {
  const text = existsSync(REPORT_FILE) ? readFileSync(REPORT_FILE, 'utf8') : '# Benchmarks\n';
  const block = `${begin(name)}\n${markdown.trim()}\n${end(name)}`;
  const at = text.indexOf(begin(name));
  const stop = text.indexOf(end(name));
  const next =
    at >= 0 && stop > at
      ? text.slice(0, at) + block + text.slice(stop + end(name).length)
      : `${text.replace(/\s*$/, '')}\n\n${block}\n`;
  writeFileSync(REPORT_FILE, next);
}
