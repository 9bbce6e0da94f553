import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabase } from '@marque/db/testing';
import type { Database } from '@marque/db';
import { manualClock, silentLogger, type AppError } from '@marque/kernel';
import { loadPublicKey, vehicleCommandCheck, type CommandMessageT } from '@marque/contracts/vehicle';
import { createVehiclesModule, type VehicleAccess } from '@marque/vehicles';
import { createCommandsModule, type CommandsModule } from './index';

const OWNER = '00000000-0000-4000-8000-000000000001';
const STRANGER = '00000000-0000-4000-8000-000000000002';
const PHEV = 'SAUVL0AB6KA010000';
const ICE_MM16 = 'SAULM1AB3LA010001';
const clock = manualClock('2026-06-01T09:00:00Z');
const sent: CommandMessageT[] = [];
const dropped: string[] = [];
let database: Database;
let m: CommandsModule;

const record = (vin: string, over: Record<string, unknown> = {}) => ({
  line: 1,
  record: {
    vin,
    brand: 'Aurelia',
    model: 'Vela',
    model_year: 2024,
    powertrain: 'PHEV',
    head_unit: 'mm21',
    smart_connect: 'no',
    market: 'GB',
    device_secret: 'a-long-device-secret-0001',
    ...over,
  },
});

before(async () => {
  database = await testDatabase();
  const vehicles = createVehiclesModule({ db: database.db, clock });
  await vehicles.service.importRegistry([record(PHEV), record(ICE_MM16, { powertrain: 'ICE', head_unit: 'mm16' })]);
  await vehicles.access.startHolding(PHEV, OWNER, new Date('2026-01-01T00:00:00Z'));
  await vehicles.access.startHolding(ICE_MM16, OWNER, new Date('2026-01-01T00:00:00Z'));
  m = commandsWith(vehicles.access, async (_vin, msg) => void sent.push(msg));
});

/** A commands module over the test database whose messages go to `send` (a generated signing key). */
const commandsWith = (access: VehicleAccess, send: (vin: string, msg: CommandMessageT) => Promise<void>) =>
  createCommandsModule({
    db: database.db,
    access,
    clock,
    log: silentLogger,
    signingKeyPem: undefined,
    allowGeneratedKey: true,
    send,
    onResultDropped: (r) => dropped.push(r),
  });
after(() => database.close());

const kind = (k: string, field?: string) => (e: AppError) =>
  e.kind === k && (field === undefined || e.details.fields?.[0]?.field === field);

test('a command is signed with a rising counter, sent, and verifies on the car', async () => {
  const a = await m.service.request(OWNER, PHEV, { name: 'doors.lock', params: {} }, 'k-1');
  const b = await m.service.request(OWNER, PHEV, { name: 'climate.start', params: { temperatureC: 21 } }, 'k-2');
  assert.equal(a.command.status, 'sent');
  const [ma, mb] = sent.slice(-2) as [CommandMessageT, CommandMessageT];
  assert.ok(mb.counter > ma.counter);
  assert.equal(mb.id, b.command.id);
  assert.equal(Date.parse(mb.expiresAt) - Date.parse(mb.issuedAt), 60_000);
  const publicKey = loadPublicKey(await m.publicKeyPem());
  assert.equal(vehicleCommandCheck(mb, { vin: PHEV, publicKey, lastCounter: ma.counter, now: clock.now() }), null);
});

test('the accepted request is audited with its command; a replay is audited as a replay', async () => {
  const first = await m.service.request(OWNER, PHEV, { name: 'hazards.off', params: {} }, 'audit-1');
  await m.service.request(OWNER, PHEV, { name: 'hazards.off', params: {} }, 'audit-1');
  const rows = (await m.auditOf(PHEV)).filter((a) => a.commandId === first.command.id);
  assert.deepEqual(
    rows.map((a) => [a.outcome, a.accountId, a.name]),
    [
      ['accepted', OWNER, 'hazards.off'],
      ['replayed', OWNER, 'hazards.off'],
    ],
  );
});

test('a car that answers before the command is marked sent keeps its result; the signature sent is stored', async () => {
  const vehicles = createVehiclesModule({ db: database.db, clock });
  let message: CommandMessageT | undefined;
  const fast: CommandsModule = commandsWith(vehicles.access, async (vin, msg) => {
    message = msg;
    const result = { commandId: msg.id, status: 'executed', ts: clock.now().toISOString() };
    assert.equal(await fast.service.recordResult(vin, JSON.stringify(result)), 'applied');
  });
  const r = await fast.service.request(OWNER, PHEV, { name: 'lights.flash', params: {} }, 'fast-car-1');
  assert.equal(r.command.status, 'executed');
  const [row] = (await fast.exportFor(OWNER)).commands.filter((c) => c.id === r.command.id);
  assert.equal(row?.status, 'executed');
  assert.equal(row?.sig, message?.sig);
});

test('the same idempotency key and body is the same command; another body is a conflict', async () => {
  const first = await m.service.request(OWNER, PHEV, { name: 'hazards.on', params: {} }, 'same-key');
  const again = await m.service.request(OWNER, PHEV, { name: 'hazards.on', params: {} }, 'same-key');
  assert.equal(again.command.id, first.command.id);
  assert.equal(again.replayed, true);
  await assert.rejects(m.service.request(OWNER, PHEV, { name: 'hazards.off', params: {} }, 'same-key'), kind('conflict'));
});

test('refusals: stranger, unknown car, unsupported service, bad name, bad params, no key', async () => {
  await assert.rejects(m.service.request(STRANGER, PHEV, { name: 'doors.lock' }, 'x1'), kind('forbidden'));
  await assert.rejects(m.service.request(OWNER, 'SAUVL0AB6KA019999', { name: 'doors.lock' }, 'x2'), kind('not_found'));
  await assert.rejects(m.service.request(OWNER, ICE_MM16, { name: 'doors.lock' }, 'x3'), kind('forbidden'));
  await assert.rejects(m.service.request(OWNER, PHEV, { name: 'doors.teleport' }, 'x4'), kind('invalid', 'name'));
  await assert.rejects(
    m.service.request(OWNER, PHEV, { name: 'climate.start', params: { temperatureC: 45 } }, 'x5'),
    kind('invalid', 'params.temperatureC'),
  );
  await assert.rejects(
    m.service.request(OWNER, PHEV, { name: 'climate.start', params: {} }, 'x6'),
    kind('invalid', 'params.temperatureC'),
  );
  await assert.rejects(m.service.request(OWNER, PHEV, { name: 'doors.lock' }, undefined), kind('invalid', 'Idempotency-Key'));
  const audit = await m.auditOf(PHEV);
  assert.ok(audit.some((a) => a.accountId === STRANGER && a.outcome === 'forbidden'));
  assert.ok(audit.some((a) => a.outcome === 'invalid' && a.name === 'climate.start'));
  assert.ok(audit.some((a) => a.outcome === 'accepted'));
});

test('a command expires when the car is offline, and a late final result still counts', async () => {
  const c = await m.service.request(OWNER, PHEV, { name: 'lights.flash', params: {} }, 'offline-1');
  assert.equal((await m.service.expiry.run()).expired, 0);
  clock.advance(61_000);
  assert.ok((await m.service.expiry.run()).expired >= 1);
  assert.equal((await m.service.get(OWNER, PHEV, c.command.id)).status, 'expired');
  const result = JSON.stringify({ commandId: c.command.id, status: 'executed', ts: clock.now().toISOString() });
  assert.equal(await m.service.recordResult(PHEV, result), 'applied');
  assert.equal((await m.service.get(OWNER, PHEV, c.command.id)).status, 'executed');
});

test('results move the lifecycle; unknown, foreign and stale results are dropped and counted', async () => {
  const c = await m.service.request(OWNER, PHEV, { name: 'doors.unlock', params: {} }, 'res-1');
  const res = (status: string, id = c.command.id) => JSON.stringify({ commandId: id, status, ts: clock.now().toISOString() });
  assert.equal(await m.service.recordResult(PHEV, res('acked')), 'applied');
  assert.equal(await m.service.recordResult(PHEV, res('failed')), 'applied');
  assert.equal((await m.service.get(OWNER, PHEV, c.command.id)).status, 'failed');
  dropped.length = 0;
  assert.equal(await m.service.recordResult(PHEV, res('acked')), 'dropped');
  assert.equal(await m.service.recordResult(ICE_MM16, res('executed')), 'dropped');
  assert.equal(await m.service.recordResult(PHEV, res('executed', '00000000-0000-4000-8000-0000000000ff')), 'dropped');
  assert.equal(await m.service.recordResult(PHEV, '{"commandId": 1}'), 'dropped');
  // A reason the database cannot store is dropped like any malformed result, not a failed write retried forever.
  const d = await m.service.request(OWNER, PHEV, { name: 'doors.lock', params: {} }, 'res-nul');
  const nul = JSON.stringify({ commandId: d.command.id, status: 'rejected', reason: 'bad\u0000', ts: clock.now().toISOString() });
  assert.equal(await m.service.recordResult(PHEV, nul), 'dropped');
  assert.deepEqual(dropped, ['stale', 'unknown_command', 'unknown_command', 'schema', 'schema']);
  await assert.rejects(m.service.get(STRANGER, PHEV, c.command.id), kind('not_found'));
});

test('at most 10 commands per 10 minutes per car, with the time to wait', async () => {
  clock.advance(11 * 60_000);
  for (let i = 0; i < 10; i++) await m.service.request(OWNER, PHEV, { name: 'status.refresh' }, `rl-${i}`);
  await assert.rejects(
    m.service.request(OWNER, PHEV, { name: 'status.refresh' }, 'rl-10'),
    (e: AppError) => e.kind === 'rate_limited' && e.details.retryAfterSeconds === 600,
  );
  clock.advance(10 * 60_000 + 1000);
  assert.equal((await m.service.request(OWNER, PHEV, { name: 'status.refresh' }, 'rl-11')).command.status, 'sent');
});

test('requests racing for the same car get distinct rising counters and never exceed the rate limit', async () => {
  clock.advance(11 * 60_000);
  const results = await Promise.allSettled(
    Array.from({ length: 14 }, (_, i) => m.service.request(OWNER, ICE_MM16, { name: 'status.refresh' }, `race-${i}`)),
  );
  const ok = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.command.id] : []));
  const refused = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as AppError).kind] : []));
  assert.equal(ok.length, 10);
  assert.deepEqual(refused, Array(4).fill('rate_limited'));
  const counters = sent.filter((s) => ok.includes(s.id)).map((s) => s.counter);
  assert.equal(new Set(counters).size, 10, 'each command has its own counter');
  // A replayed key is answered from the stored command: it takes no counter and does not count against the limit.
  const accepted = results.findIndex((r) => r.status === 'fulfilled');
  const again = await m.service.request(OWNER, ICE_MM16, { name: 'status.refresh' }, `race-${accepted}`);
  assert.equal(again.replayed, true);
});
