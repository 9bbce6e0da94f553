import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '@marque/kernel';
import { resolveVapidKeys } from './vapid';
import { ConfigError, loadConfig } from '../config';

function recordingLog() {
  const lines: string[] = [];
  const log = {
    info: (o: unknown, m?: string) => lines.push(JSON.stringify(o) + (m ?? '')),
    warn: (o: unknown, m?: string) => lines.push(JSON.stringify(o) + (m ?? '')),
    error: (o: unknown, m?: string) => lines.push(JSON.stringify(o) + (m ?? '')),
    debug: () => undefined,
    child: () => log,
  } as unknown as Logger;
  return { log, lines };
}

test('the embedded default generates a VAPID pair once, keeps it owner-only in the data folder and never logs the private key', () => {
  const dir = mkdtempSync(join(tmpdir(), 'marque-vapid-'));
  try {
    const { log, lines } = recordingLog();
    const a = resolveVapidKeys({ configured: undefined, subject: 'mailto:ops@example.com', dataDir: dir, log });
    const b = resolveVapidKeys({ configured: undefined, subject: 'mailto:ops@example.com', dataDir: dir, log });
    assert.deepEqual(a, b, 'the second start reuses the stored pair');
    assert.deepEqual(readdirSync(dir), ['vapid.json'], 'no temporary file is left behind');
    assert.equal(Buffer.from(a.publicKey, 'base64url').length, 65);
    assert.equal(statSync(join(dir, 'vapid.json')).mode & 0o777, 0o600);
    assert.ok(lines.some((l) => l.includes(a.publicKey)));
    assert.ok(!lines.some((l) => l.includes(a.privateKey)), 'the private key is never logged');
    writeFileSync(join(dir, 'vapid.json'), '{"publicKey":"nope"}');
    assert.throws(() => resolveVapidKeys({ configured: undefined, subject: 'mailto:ops@example.com', dataDir: dir, log }), /does not hold a VAPID key pair/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('configured VAPID keys win; half a pair, a bad key or a bad subject stops start-up naming the variable', () => {
  const pub = Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 1)]).toString('base64url');
  const priv = Buffer.alloc(32, 2).toString('base64url');
  const c = loadConfig({ VAPID_PUBLIC_KEY: pub, VAPID_PRIVATE_KEY: priv, VAPID_SUBJECT: 'https://marque.example/contact' });
  assert.deepEqual(c.push.vapid, { publicKey: pub, privateKey: priv });
  assert.equal(resolveVapidKeys({ configured: c.push.vapid, subject: c.push.subject, dataDir: undefined, log: recordingLog().log }).privateKey, priv);
  for (const [env, variable] of [
    [{ VAPID_PUBLIC_KEY: pub }, 'VAPID_PRIVATE_KEY'],
    [{ VAPID_PRIVATE_KEY: priv }, 'VAPID_PUBLIC_KEY'],
    [{ VAPID_PUBLIC_KEY: 'short', VAPID_PRIVATE_KEY: priv }, 'VAPID_PUBLIC_KEY'],
    [{ VAPID_PUBLIC_KEY: pub, VAPID_PRIVATE_KEY: 'x'.repeat(43) + '!' }, 'VAPID_PRIVATE_KEY'],
    [{ VAPID_SUBJECT: 'ops@example.com' }, 'VAPID_SUBJECT'],
  ] as const) {
    assert.throws(() => loadConfig(env), (e: unknown) => e instanceof ConfigError && e.variable === variable, JSON.stringify(env));
  }
  assert.equal(loadConfig({}).push.allowLoopbackEndpoints, true);
  assert.equal(loadConfig({ NODE_ENV: 'production', COMMAND_SIGNING_KEY_FILE: '' , MARQUE_DEMO: '1' }).push.allowLoopbackEndpoints, false);
});
