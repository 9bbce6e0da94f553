import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabase } from '@marque/db/testing';
import type { Database } from '@marque/db';
import { manualClock, type AppError } from '@marque/kernel';
import { createChargingModule, type ChargingModule } from './index';

const clock = manualClock('2026-06-01T09:00:00Z');
let database: Database;
let m: ChargingModule;

before(async () => {
  database = await testDatabase();
  m = createChargingModule({ db: database.db, clock });
});
after(() => database.close());

const isKind = (kind: string, code?: string) => (e: unknown) =>
  (e as AppError).kind === kind && (code === undefined || (e as AppError).details.code === code);

test('a registered charger gets a generated password, stored only as a scrypt hash', async () => {
  const { password } = await m.service.registerCharger('CP-SVC-1');
  assert.ok(password.length >= 16 && password.length <= 40);
  assert.equal(await m.service.verifyPassword('CP-SVC-1', password), true);
  assert.equal(await m.service.verifyPassword('CP-SVC-1', `${password}x`), false);
  assert.equal(await m.service.verifyPassword('CP-SVC-1', undefined), false);
  assert.equal(await m.service.verifyPassword('CP-NOBODY', password), false);
  const row = await m.service.charger('CP-SVC-1');
  assert.ok(row && !('passwordHash' in row));
  await assert.rejects(m.service.registerCharger('CP-SVC-1'), isKind('conflict', 'charger.exists'));
});

test('charger ids and passwords are validated', async () => {
  await assert.rejects(m.service.registerCharger('has:colon'), isKind('invalid', 'charger.id'));
  await assert.rejects(m.service.registerCharger('a/b'), isKind('invalid', 'charger.id'));
  await assert.rejects(m.service.registerCharger('CP-SHORT', 'short'), isKind('invalid', 'charger.password'));
  const { password } = await m.service.registerCharger('CP-GIVEN', 'a-given-password-123');
  assert.equal(password, 'a-given-password-123');
  assert.equal(await m.service.verifyPassword('CP-GIVEN', Buffer.from(password)), true);
});

test('boot, heartbeat and status are recorded with the receive time', async () => {
  await m.service.registerCharger('CP-SVC-2');
  const boot = await m.service.booted('CP-SVC-2', { vendor: 'Acme', model: 'Wall 11', serial: 'S-1', firmware: '1.2.3' });
  assert.equal(boot.status, 'Accepted');
  assert.equal(boot.intervalSeconds, 300);
  await m.service.connected('CP-SVC-2', '1.6');
  clock.advance(60_000);
  await m.service.heartbeat('CP-SVC-2');
  const c = await m.service.charger('CP-SVC-2');
  assert.equal(c?.vendor, 'Acme');
  assert.equal(c?.ocppVersion, '1.6');
  assert.equal(c?.lastSeenAt?.toISOString(), '2026-06-01T09:01:00.000Z');

  const at = new Date('2026-06-01T08:59:00Z');
  await m.service.statusChanged('CP-SVC-2', { evseId: 1, connectorId: 1, status: 'Preparing', ts: at });
  // An older report arriving late does not overwrite the newer one.
  await m.service.statusChanged('CP-SVC-2', {
    evseId: 1,
    connectorId: 1,
    status: 'Available',
    ts: new Date('2026-06-01T08:00:00Z'),
  });
  const [conn] = await m.service.connectors('CP-SVC-2');
  assert.equal(conn?.status, 'Preparing');
  assert.equal(conn?.statusAt.toISOString(), at.toISOString());
  assert.equal(conn?.statusReceivedAt.toISOString(), '2026-06-01T09:01:00.000Z');
  await assert.rejects(
    m.service.statusChanged('CP-SVC-2', { evseId: 1, connectorId: 1, status: 'Dancing', ts: at }),
    isKind('invalid'),
  );
  await assert.rejects(m.service.booted('CP-UNKNOWN', { vendor: 'A', model: 'B' }), isKind('not_found', 'charger.unknown'));
});

test('tokens: unknown Invalid, allowed Accepted, not allowed Blocked; case does not matter', async () => {
  assert.equal(await m.service.authorize('04A1B2C3'), 'Invalid');
  await m.service.addToken('04a1b2c3', { label: 'test card' });
  assert.equal(await m.service.authorize('04A1B2C3'), 'Accepted');
  assert.equal(await m.service.authorize('04a1b2c3'), 'Accepted');
  await m.service.addToken('04A1B2C3', { allowed: false });
  assert.equal(await m.service.authorize('04A1B2C3'), 'Blocked');
  assert.equal(await m.service.authorize('bad tag with spaces'), 'Invalid');
  await assert.rejects(m.service.addToken(''), isKind('invalid', 'token.id'));
});

test('demo auto-registration registers an unknown charger once', async () => {
  assert.equal(await m.service.autoRegister('CP-AUTO', 'first-password-0001'), true);
  assert.equal(await m.service.autoRegister('CP-AUTO', 'other-password-0002'), false);
  assert.equal(await m.service.verifyPassword('CP-AUTO', 'first-password-0001'), true);
});
