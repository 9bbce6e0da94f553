import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { startServer, tempDataDir, runCli } from '../support/server-process';
import { ownDatabase } from '../support/own-database';

const DEMO_VIN = 'SAUVL0AB6KA010000';
/** A database of its own per server, so tests never see each other's data. */
const backend = async () => (await ownDatabase('marque_start')).env;

test('start serves the demo registry, stops cleanly on SIGTERM, and finds its data after a restart', async () => {
  const own = await backend();
  const first = await startServer(own);
  const ready = await fetch(`${first.url}/readyz`);
  assert.equal(ready.status, 200);
  const match = await fetch(`${first.url}/api/v1/connectivity-match/${DEMO_VIN}`);
  assert.equal(match.status, 200);
  assert.equal(await first.stop(), 0);
  assert.match(first.output(), /stopped cleanly/);

  const second = await startServer({ ...own, MARQUE_DEMO: '0' });
  try {
    const again = await fetch(`${second.url}/api/v1/connectivity-match/${DEMO_VIN}`);
    assert.equal(again.status, 200, 'the registry survives a restart');
  } finally {
    assert.equal(await second.stop(), 0);
  }
});

test('a second process on the same PGlite folder is refused with a clear message', { skip: !!process.env.MARQUE_TEST_DATABASE_URL }, async () => {
  const dataDir = tempDataDir();
  const first = await startServer({ DATA_DIR: dataDir });
  try {
    const second = await runCli(['start'], { DATA_DIR: dataDir, PORT: '0', MQTT_PORT: '0', SMTP_PORT: '0' });
    assert.equal(second.code, 1);
    assert.match(second.out, /in use by another Marque process/);
  } finally {
    await first.stop();
  }
});

test('a busy HTTP port is replaced by the next free one', async () => {
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, '0.0.0.0', () => r()));
  const busy = (blocker.address() as { port: number }).port;
  const s = await startServer({ ...(await backend()), PORT: String(busy) });
  try {
    assert.notEqual(new URL(s.url).port, String(busy));
    assert.match(s.output(), new RegExp(`port ${busy} is busy`));
  } finally {
    await s.stop();
    blocker.close();
  }
});

test('a bad configuration value stops start-up with one line naming the variable', async () => {
  const r = await runCli(['start'], { PORT: 'eighty', DATA_DIR: tempDataDir() });
  assert.equal(r.code, 2);
  assert.match(r.out, /PORT: must be a port number/);
});

test('server refuses unknown roles', async () => {
  const r = await runCli(['server', '--roles', 'api,teleport']);
  assert.notEqual(r.code, 0);
  assert.match(r.out, /unknown role "teleport"/);
});
