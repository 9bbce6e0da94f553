import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pbkdf2Sync } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { mosquittoFiles, mosquittoPasswordHash } from './mosquitto-config';

const verify = (line: string, password: string) => {
  const [, type, iterations, salt, hash] = line.split('$');
  assert.equal(type, '7');
  return pbkdf2Sync(password, Buffer.from(salt!, 'base64'), Number(iterations), 64, 'sha512').toString('base64') === hash;
};

test('hashes are in the $7$ PBKDF2-SHA512 layout with a 12-byte salt and a 64-byte hash', () => {
  const h = mosquittoPasswordHash('a-device-secret', { salt: Buffer.alloc(12, 1), iterations: 101 });
  assert.match(h, /^\$7\$101\$AQEBAQEBAQEBAQEB\$[A-Za-z0-9+/]{86}==$/);
  assert.ok(verify(h, 'a-device-secret'));
  assert.ok(!verify(h, 'another-secret'));
});

test('mosquitto_passwd itself produces the same layout (when installed)', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'marque-mosq-'));
  try {
    execFileSync('mosquitto_passwd', ['-c', '-b', join(dir, 'p'), 'car', 'the-secret-01'], { stdio: 'ignore' });
  } catch {
    return t.skip('mosquitto_passwd is not installed');
  }
  const line = readFileSync(join(dir, 'p'), 'utf8').trim().split(':')[1]!;
  assert.ok(verify(line, 'the-secret-01'));
});

test('the files name the service account and restrict each VIN to its own topics', () => {
  const f = mosquittoFiles({
    vehicles: [{ vin: 'SAUVL0AB6KA010000', deviceSecret: 'device-secret-0001' }],
    platform: { username: 'marque', password: 'pw-0123456789' },
  });
  assert.match(f.passwd, /^marque:\$7\$/m);
  assert.match(f.passwd, /^SAUVL0AB6KA010000:\$7\$/m);
  assert.match(f.acl, /pattern write v1\/vehicles\/%u\/up\/#/);
  assert.match(f.acl, /user marque\ntopic read v1\/vehicles\/\+\/up\/#\ntopic write v1\/vehicles\/\+\/down\/#/);
});
