import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { sql } from 'drizzle-orm';
import { marqueBin, repoRoot } from '../support/server-process';
import { ownDatabase } from '../support/own-database';

test('`marque server --roles worker` alone runs the scheduled jobs and stops cleanly on SIGTERM', async () => {
  const db = await ownDatabase('marque_worker');
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
