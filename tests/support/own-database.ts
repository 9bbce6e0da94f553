import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase } from '@marque/db';
import { tempDataDir } from './server-process';

export interface OwnDatabase {
  /** DATA_DIR, and DATABASE_URL on PostgreSQL, for the processes under test. */
  env: Record<string, string>;
  open(): ReturnType<typeof openDatabase>;
  drop(): Promise<void>;
}

/** A database of its own: a fresh PostgreSQL database with MARQUE_TEST_DATABASE_URL, else a PGlite folder. */
export async function ownDatabase(prefix = 'marque_proc'): Promise<OwnDatabase> {
  const pgUrl = process.env.MARQUE_TEST_DATABASE_URL;
  if (!pgUrl) {
    const dataDir = tempDataDir();
    return { env: { DATA_DIR: dataDir }, open: () => openDatabase({ dataDir }), drop: async () => undefined };
  }
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = async (q: string) => {
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    try {
      await c.query(q);
    } finally {
      await c.end();
    }
  };
  await admin(`create database ${name}`);
  const u = new URL(pgUrl);
  u.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: u.toString(), DATA_DIR: tempDataDir() },
    open: () => openDatabase({ url: u.toString(), poolSize: 1 }),
    drop: () => admin(`drop database if exists ${name} with (force)`),
  };
}
