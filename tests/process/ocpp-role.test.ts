import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { RPCClient } from 'ocpp-rpc';
import { sql } from 'drizzle-orm';
import { marqueBin, repoRoot, runCli, startServer } from '../support/server-process';
import { ownDatabase } from '../support/own-database';

type ClientOptions = ConstructorParameters<typeof RPCClient>[0];
const charger = (endpoint: string, identity: string, protocol: string, password: string) =>
  new RPCClient({ endpoint, identity, protocols: [protocol], password, strictMode: true, reconnect: false } as ClientOptions);

/** Runs `marque server --roles ocpp` and waits for its start line; returns the port and a SIGTERM stop. */
async function ocppOnly(env: Record<string, string>) {
  const child = spawn(process.execPath, [marqueBin, 'server', '--roles', 'ocpp'], {
    cwd: repoRoot,
    env: { ...process.env, LOG_LEVEL: 'info', MARQUE_DEMO: '0', OCPP_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 60_000;
  while (!/"ocppPort":\d+/.test(out)) {
    if (child.exitCode !== null) assert.fail(`marque exited with ${child.exitCode}:\n${out}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      assert.fail(`the ocpp role did not start within 60 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const port = Number(/"ocppPort":(\d+)/.exec(out)![1]);
  return { port, output: () => out, stop: () => (child.kill('SIGTERM'), exited) };
}

test('`marque server --roles ocpp` alone serves chargers registered by the CLI and stops cleanly', async () => {
  const db = await ownDatabase('marque_ocpp');
  try {
    const add = await runCli(['chargers', 'add', 'CP-PROC'], { MARQUE_DEMO: '0', ...db.env });
    assert.equal(add.code, 0, add.out);
    const password = /password: (\S+)/.exec(add.out)![1]!;
    assert.equal((await runCli(['chargers', 'tokens', 'add', 'CARD-PROC'], { MARQUE_DEMO: '0', ...db.env })).code, 0);

    const server = await ocppOnly(db.env);
    assert.doesNotMatch(server.output(), /"httpPort":\d/, 'an ocpp-only process serves no HTTP API');
    const cp = charger(`ws://127.0.0.1:${server.port}/ocpp`, 'CP-PROC', 'ocpp1.6', password);
    await cp.connect();
    assert.equal(
      ((await cp.call('BootNotification', { chargePointVendor: 'Acme', chargePointModel: 'P1' })) as { status: string }).status,
      'Accepted',
    );
    assert.deepEqual(await cp.call('Authorize', { idTag: 'CARD-PROC' }), { idTagInfo: { status: 'Accepted' } });
    const closed = once(cp, 'close');
    assert.equal(await server.stop(), 0, server.output());
    assert.match(server.output(), /stopped cleanly/);
    assert.equal(((await closed)[0] as { code: number }).code, 1001, 'the charger is told the server is going away');

    const database = await db.open();
    try {
      const r = (await database.db.execute(
        sql`select vendor, ocpp_version from chargers where charge_point_id = 'CP-PROC'`,
      )) as unknown as {
        rows: Array<{ vendor: string; ocpp_version: string }>;
      };
      assert.deepEqual(r.rows, [{ vendor: 'Acme', ocpp_version: '1.6' }]);
    } finally {
      await database.close();
    }
  } finally {
    await db.drop();
  }
});

test('`marque start` serves chargers on the HTTP port and shows it in the banner (demo: chargers register themselves)', async () => {
  const db = await ownDatabase('marque_ocpp');
  try {
    const s = await startServer({ ...db.env, DEMO_FLEET: '0' });
    try {
      const port = new URL(s.url).port;
      assert.match(s.output(), new RegExp(`OCPP\\s+ws://localhost:${port}/ocpp/\\{id\\}`));
      const cp = charger(`ws://127.0.0.1:${port}/ocpp`, 'CP-DEMO-1', 'ocpp2.0.1', 'a-demo-charger-password');
      await cp.connect();
      assert.ok(await cp.call('Heartbeat', {}));
      await cp.close();
    } finally {
      assert.equal(await s.stop(), 0, s.output());
    }
  } finally {
    await db.drop();
  }
});
