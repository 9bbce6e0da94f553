import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createECDH, createDecipheriv, createHmac, createPublicKey, randomBytes, randomUUID, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, Agent, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { testPlatform, signedInAccount, importVehicles, type TestPlatform } from '../test-support';

const VIN = 'SAULM1AB3LA010001';
interface Seen {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}
const seen: Seen[] = [];
let server: Server;
let base: string;
let t: TestPlatform;
let dir: string;

/** A stand-in push service over TLS (web-push speaks https only): /ok accepts, /gone answers 410, /down 500. */
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'marque-push-'));
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
  ], { stdio: 'ignore' });
  const cert = readFileSync(join(dir, 'cert.pem'));
  server = createServer({ key: readFileSync(join(dir, 'key.pem')), cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
      const status = req.url?.startsWith('/gone') ? 410 : req.url?.startsWith('/down') ? 500 : 201;
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t = await testPlatform({ notifications: { pushAgent: new Agent({ ca: cert }) } });
  await importVehicles(t, { vin: VIN, device_secret: 'a-long-device-secret-push', delivery_date: '' });
});
after(async () => {
  await t.close();
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A browser's side of a subscription: its ECDH key pair and auth secret. */
function aBrowser(path: string) {
  const ecdh = createECDH('prime256v1');
  const pub = ecdh.generateKeys();
  const auth = randomBytes(16);
  return { ecdh, pub, auth, sub: { endpoint: `${base}${path}`, keys: { p256dh: pub.toString('base64url'), auth: auth.toString('base64url') } } };
}

const hmac = (key: Buffer, data: Buffer) => createHmac('sha256', key).update(data).digest();

/** RFC 8291 / RFC 8188 aes128gcm, the receiving side, to prove the body was encrypted to the browser's keys. */
function decrypt(body: Buffer, b: ReturnType<typeof aBrowser>): string {
  const salt = body.subarray(0, 16);
  const idLen = body[20]!;
  const serverPub = body.subarray(21, 21 + idLen);
  const ciphertext = body.subarray(21 + idLen);
  const shared = b.ecdh.computeSecret(serverPub);
  const prkKey = hmac(b.auth, shared);
  const ikm = hmac(prkKey, Buffer.concat([Buffer.from('WebPush: info\0'), b.pub, serverPub, Buffer.from([1])]));
  const prk = hmac(salt, ikm);
  const cek = hmac(prk, Buffer.from('Content-Encoding: aes128gcm\0\x01', 'binary')).subarray(0, 16);
  const nonce = hmac(prk, Buffer.from('Content-Encoding: nonce\0\x01', 'binary')).subarray(0, 12);
  const d = createDecipheriv('aes-128-gcm', cek, nonce);
  d.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  const plain = Buffer.concat([d.update(ciphertext.subarray(0, ciphertext.length - 16)), d.final()]);
  const end = plain.lastIndexOf(2); // padding delimiter of the last record
  return plain.subarray(0, end).toString('utf8');
}

/** The VAPID header: `vapid t=<ES256 JWT for the push service's origin>, k=<the platform's public key>`. */
function checkVapid(h: Seen['headers'], publicKey: string) {
  const m = /^vapid t=([\w-]+)\.([\w-]+)\.([\w-]+), k=([\w-]+)$/.exec(String(h.authorization));
  assert.ok(m, `VAPID authorization header, got ${String(h.authorization)}`);
  assert.equal(m[4], publicKey);
  const claims = JSON.parse(Buffer.from(m[2]!, 'base64url').toString()) as { aud: string; exp: number; sub: string };
  assert.equal(claims.aud, base);
  assert.match(claims.sub, /^mailto:/);
  const raw = Buffer.from(publicKey, 'base64url');
  const key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: raw.subarray(1, 33).toString('base64url'), y: raw.subarray(33).toString('base64url') }, format: 'jwk' });
  const signed = verify('sha256', Buffer.from(`${m[1]}.${m[2]}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(m[3]!, 'base64url'));
  assert.ok(signed, 'JWT signed with the VAPID private key');
}

async function work(ms = 30_000) {
  t.clock.advance(ms);
  await t.modules.jobs.service.tick(100);
  await t.modules.jobs.service.tick(100);
}
async function event(type: string, data: Record<string, unknown> = {}) {
  const msg = { id: randomUUID(), type, ts: t.clock.now().toISOString(), data };
  assert.equal(await t.modules.telemetry.ingest.submit(VIN, 'events', JSON.stringify(msg)), 'stored');
}
const at = (p: string) => seen.filter((s) => s.path === p);

test('Web Push: encrypted, VAPID-signed delivery; 410 retires at once; a failing endpoint is retried with back-off, then retired', async () => {
  const owner = await signedInAccount(t, 'ivy.push@example.com');
  await t.modules.vehicles.access.startHolding(VIN, owner.id, new Date(t.clock.now().getTime() - 3600_000));
  const publicKey = (await t.app.inject({ method: 'GET', url: '/api/v1/push/vapid-key' })).json().publicKey as string;
  const phone = aBrowser('/ok/phone');
  const gone = aBrowser('/gone/tablet');
  const down = aBrowser('/down/laptop');
  for (const b of [phone, gone, down]) assert.equal((await owner.call('POST', '/me/push-subscriptions', b.sub)).statusCode, 201);

  await work();
  await event('alarm', { reason: 'intrusion' });
  await work();
  await work();
  const [req] = at('/ok/phone');
  assert.ok(req, 'the push service got the notice');
  assert.equal(req.headers['content-encoding'], 'aes128gcm');
  assert.equal(req.headers.urgency, 'high');
  assert.ok(Number(req.headers.ttl) > 0);
  checkVapid(req.headers, publicKey);
  assert.ok(!req.body.includes(Buffer.from('intrusion')), 'the body is not plain text');
  const payload = JSON.parse(decrypt(req.body, phone)) as { kind: string; url: string; title: string };
  assert.equal(payload.kind, 'vehicle.alarm');
  assert.equal(payload.url, `/app/cars/${VIN}`);
  assert.match(payload.title, /Alarm/);

  assert.equal(at('/gone/tablet').length, 1, '410 is not retried');
  const left = (await owner.call('GET', '/me/push-subscriptions')).json().items.map((s: { endpoint: string }) => s.endpoint);
  assert.deepEqual(left.sort(), [phone.sub.endpoint, down.sub.endpoint].sort(), 'the gone endpoint is retired');

  // The broken one: four attempts with back-off for this notice, then one more failure on the next retires it.
  for (let i = 0; i < 6; i++) await work(60_000);
  assert.equal(at('/down/laptop').length, 4, 'bounded retries');
  await event('charging.stopped', { reason: 'complete', socPct: 90 });
  for (let i = 0; i < 6; i++) await work(60_000);
  assert.equal(at('/down/laptop').length, 5);
  assert.deepEqual((await owner.call('GET', '/me/push-subscriptions')).json().items.map((s: { endpoint: string }) => s.endpoint), [phone.sub.endpoint]);
  assert.equal(at('/ok/phone').length, 2);
  assert.equal(at('/gone/tablet').length, 1, 'a retired endpoint gets nothing more');
  const second = JSON.parse(decrypt(at('/ok/phone')[1]!.body, phone)) as { kind: string };
  assert.equal(second.kind, 'charging.finished');

  // Push off for a kind: nothing is sent for it.
  await owner.call('PUT', '/me/notification-preferences', { preferences: { 'vehicle.alarm': { push: false } } });
  await work(11 * 60_000);
  await event('alarm');
  await work();
  await work();
  assert.equal(at('/ok/phone').length, 2);
});
