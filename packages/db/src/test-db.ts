import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync, renameSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from './client';
import { migrate, migrationsFolder } from './migrate';

/**
 * Databases for tests. With MARQUE_TEST_DATABASE_URL set, each call creates a fresh PostgreSQL database
 * cloned from a migrated template; otherwise a PGlite instance loaded from a migrated template tarball
 * (creating and migrating PGlite costs seconds, loading a template about one).
 */
export async function testDatabase(): Promise<Database> {
  const url = process.env.MARQUE_TEST_DATABASE_URL;
  return url ? postgresTestDatabase(url) : pgliteTestDatabase();
}

export function testBackend(): 'postgres' | 'pglite' {
  return process.env.MARQUE_TEST_DATABASE_URL ? 'postgres' : 'pglite';
}

function migrationsHash(): string {
  const h = createHash('sha256');
  for (const f of readdirSync(migrationsFolder, { recursive: true }).map(String).sort()) {
    if (f.endsWith('.sql') || f.endsWith('.json')) h.update(f).update(readFileSync(join(migrationsFolder, f)));
  }
  return h.digest('hex').slice(0, 16);
}

async function pgliteTestDatabase(): Promise<Database> {
  const dir = join(tmpdir(), 'marque-test-templates');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `pglite-${migrationsHash()}.tar`);
  if (!existsSync(file)) {
    const fresh = await openDatabase({});
    await migrate(fresh);
    const client = (fresh.db as unknown as { $client: { dumpDataDir(c: 'none'): Promise<Blob> } }).$client;
    const blob = await client.dumpDataDir('none');
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(tmp, Buffer.from(await blob.arrayBuffer()));
    renameSync(tmp, file);
    await fresh.close();
  }
  return openDatabase({ loadDataDir: new Blob([readFileSync(file)]) });
}

async function postgresTestDatabase(url: string): Promise<Database> {
  const template = `marque_tpl_${migrationsHash()}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    // One test process builds the template; the others wait on the lock, then find it built.
    await admin.query('select pg_advisory_lock(7243312)');
    const exists = await admin.query('select 1 from pg_database where datname = $1', [template]);
    if (exists.rowCount === 0) {
      await admin.query(`create database ${template}`);
      const t = await openDatabase({ url: withDatabase(url, template), poolSize: 1 });
      try {
        await migrate(t);
      } finally {
        await t.close();
      }
    }
    const name = `marque_test_${process.pid}_${randomBytes(4).toString('hex')}`;
    await admin.query(`create database ${name} template ${template}`);
    await admin.query('select pg_advisory_unlock(7243312)');
    const database = await openDatabase({ url: withDatabase(url, name), poolSize: 5 });
    return {
      ...database,
      close: async () => {
        await database.close();
        const a = new pg.Client({ connectionString: url });
        await a.connect();
        await a.query(`drop database if exists ${name} with (force)`);
        await a.end();
      },
    };
  } finally {
    await admin.end();
  }
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
