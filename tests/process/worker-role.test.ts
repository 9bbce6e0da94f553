import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase } from '@marque/db';
import { sql } from 'drizzle-orm';
import { marqueBin, repoRoot, tempDataDir } from '../support/server-process';

const pgUrl = process.env.MARQUE_TEST_DATABASE_URL;

/** A database of its own: PostgreSQL (a fresh database) with MARQUE_TEST_DATABASE_URL, else a PGlite folder. */
async function ownDatabase(): Promise<{
  env: Record<string, string>;
  open: () => ReturnType<typeof openDatabase>;
  drop(): Promise<void>;
}> {
  if (!pgUrl) {
    const dataDir = tempDataDir();
    return { env: { DATA_DIR: dataDir }, open: () => openDatabase({ dataDir }), drop: async () => undefined };
  }
  const name = `marque_worker_${randomBytes(4).toString('hex')}`;
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

test('`marque server --roles worker` alone runs the scheduled jobs and stops cleanly on SIGTERM', async () => {
  const db = await ownDatabase();
  try {
    const child = spawn(process.execPath, [marqueBin, 'server', '--roles', 'worker'], {
      cwd: repoRoot,
      env: { ...process.env, LOG_LEVEL: 'info', MARQUE_DEMO: '0', ...db.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const deadline = Date.now() + 60_000;
    while (!out.includes('first pass over due jobs done')) {
      if (child.exitCode !== null) assert.fail(`marque exited with ${child.exitCode}:\n${out}`);
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        assert.fail(`the worker did not run within 60 s:\n${out}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.doesNotMatch(out, /"httpPort":\d/, 'a worker-only process serves no HTTP');
    child.kill('SIGTERM');
    assert.equal(await exited, 0, out);
    assert.match(out, /stopped cleanly/);

    const database = await db.open();
    try {
      const r = (await database.db.execute(
        sql`select name, status from jobs where name in ('commands.expire', 'telemetry.maintenance') order by name`,
      )) as unknown as { rows: Array<{ name: string; status: string }> };
      const names = new Set(r.rows.filter((x) => x.status === 'done').map((x) => x.name));
      assert.deepEqual([...names].sort(), ['commands.expire', 'telemetry.maintenance']);
      assert.ok(
        r.rows.every((x) => x.status !== 'running'),
        'no job was left half-run',
      );
    } finally {
      await database.close();
    }
  } finally {
    await db.drop();
  }
});
