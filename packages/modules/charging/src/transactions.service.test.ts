import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabase } from '@marque/db/testing';
import type { Database } from '@marque/db';
import { manualClock, type AppError } from '@marque/kernel';
import { createChargingModule, type ChargingModule, type ChargerLink, type RemoteCommand, type MeterReading } from './index';

const clock = manualClock('2026-06-01T10:00:00Z');
let database: Database;
let m: ChargingModule;

before(async () => {
  database = await testDatabase();
  m = createChargingModule({ db: database.db, clock, nextRemoteStartId: () => 77 });
  await m.service.registerCharger('CP-TX-16');
  await m.service.registerCharger('CP-TX-201');
  await m.service.addToken('CARD-OK');
});
after(() => database.close());

const energy = (ts: string, wh: number, unit = 'Wh'): MeterReading => ({
  ts: new Date(ts),
  samples: [
    { measurand: 'Energy.Active.Import.Register', value: unit === 'kWh' ? wh / 1000 : wh, unit },
    { measurand: 'Power.Active.Import', value: 7400, unit: 'W' },
  ],
});

test('a 1.6-style session: the platform assigns the id, a resent start gets the same one, energy is stop - start', async () => {
  const start = { evseId: 1, connectorId: 1, idTag: 'card-ok', ts: new Date('2026-06-01T09:59:58Z'), meterStartWh: 1000 };
  const first = await m.transactions.transactionStarted('CP-TX-16', start);
  assert.match(first.transactionId, /^\d+$/);
  assert.equal(first.idTagStatus, 'Accepted');
  const again = await m.transactions.transactionStarted('CP-TX-16', start);
  assert.equal(again.transactionId, first.transactionId);

  await m.transactions.meterValues('CP-TX-16', {
    evseId: 1,
    transactionId: first.transactionId,
    readings: [energy('2026-06-01T10:10:00Z', 2500)],
  });
  const live = await m.transactions.session('CP-TX-16', first.transactionId);
  assert.equal(live?.energyWh, 1500);

  clock.advance(3600_000);
  const end = { transactionId: first.transactionId, ts: new Date('2026-06-01T11:00:00Z'), meterStopWh: 12000, reason: 'Local' };
  const ended = await m.transactions.transactionEnded('CP-TX-16', end, { createIfUnknown: false });
  assert.equal(ended?.session.state, 'ended');
  assert.equal(ended?.session.energyWh, 11000);
  assert.equal(ended?.session.stopReceivedAt?.toISOString(), '2026-06-01T11:00:00.000Z');
  const twice = await m.transactions.transactionEnded('CP-TX-16', { ...end, meterStopWh: 99999 }, { createIfUnknown: false });
  assert.equal(twice?.session.meterStopWh, 12000, 'a resent stop changes nothing');

  const values = await m.transactions.meterValuesOf(ended!.session.id);
  assert.deepEqual(
    values.map((v) => v.measurand),
    ['Energy.Active.Import.Register', 'Power.Active.Import'],
  );
  assert.equal(
    await m.transactions.transactionEnded('CP-TX-16', { ...end, transactionId: '999999' }, { createIfUnknown: false }),
    null,
  );
});

test('a 2.0.1-style session: charger ids, energy from registers in kWh, a lost Started is recovered', async () => {
  const r = await m.transactions.transactionStarted('CP-TX-201', {
    transactionId: 'tx-a',
    evseId: 1,
    connectorId: 1,
    ts: new Date('2026-06-01T11:00:00Z'),
    readings: [energy('2026-06-01T11:00:00Z', 5000, 'kWh')],
    remoteStartId: 77,
  });
  assert.equal(r.transactionId, 'tx-a');
  assert.equal(r.idTagStatus, undefined);
  const upd = await m.transactions.transactionUpdated(
    'CP-TX-201',
    {
      transactionId: 'tx-a',
      ts: new Date('2026-06-01T11:05:00Z'),
      idTag: 'unknown-card',
      readings: [energy('2026-06-01T11:05:00Z', 6000)],
    },
    { createIfUnknown: true },
  );
  assert.equal(upd?.idTagStatus, 'Invalid');
  assert.equal(upd?.session.energyWh, 1000);
  const end = await m.transactions.transactionEnded(
    'CP-TX-201',
    {
      transactionId: 'tx-a',
      ts: new Date('2026-06-01T11:30:00Z'),
      reason: 'EVDisconnected',
      readings: [energy('2026-06-01T11:30:00Z', 9000)],
    },
    { createIfUnknown: true },
  );
  assert.equal(end?.session.energyWh, 4000);
  assert.equal(end?.session.remoteStartId, 77);

  const lost = await m.transactions.transactionEnded(
    'CP-TX-201',
    { transactionId: 'tx-b', evseId: 2, ts: new Date('2026-06-01T12:00:00Z'), readings: [energy('2026-06-01T12:00:00Z', 100)] },
    { createIfUnknown: true },
  );
  assert.equal(lost?.session.state, 'ended');
  assert.equal(lost?.session.evseId, 2);
});

test('invalid input is refused with the field named', async () => {
  const bad = { transactionId: 'tx-c', evseId: -1, connectorId: 1, ts: new Date('2026-06-01T11:00:00Z') };
  await assert.rejects(
    m.transactions.transactionStarted('CP-TX-201', bad),
    (e: AppError) => e.details.fields?.[0]?.field === 'evseId',
  );
  const nan = { evseId: 1, readings: [{ ts: new Date('x'), samples: [] }] };
  await assert.rejects(m.transactions.meterValues('CP-TX-201', nan), (e: AppError) => e.kind === 'invalid');
});

test('remote start and stop go to the attached link, or fail as unavailable', async () => {
  const sent: Array<[string, RemoteCommand]> = [];
  await assert.rejects(m.remote.start('CP-TX-201', 1, 'CARD-OK'), (e: AppError) => e.details.code === 'charger.offline');
  const link: ChargerLink = {
    versionOf: (id) => (id === 'CP-TX-201' ? '2.0.1' : undefined),
    send: async (id, c) => (sent.push([id, c]), 'Accepted'),
  };
  const detach = m.remote.attach(link);
  assert.deepEqual(await m.remote.start('CP-TX-201', 1, 'card-ok'), { status: 'Accepted', remoteStartId: 77 });
  await m.transactions.transactionStarted('CP-TX-201', { transactionId: 'tx-r', evseId: 1, connectorId: 1, ts: new Date() });
  assert.deepEqual(await m.remote.stop('tx-r'), { status: 'Accepted', chargePointId: 'CP-TX-201' });
  assert.deepEqual(sent, [
    ['CP-TX-201', { kind: 'start', evseId: 1, idTag: 'CARD-OK', remoteStartId: 77 }],
    ['CP-TX-201', { kind: 'stop', transactionId: 'tx-r' }],
  ]);
  await assert.rejects(m.remote.stop('no-such-tx'), (e: AppError) => e.kind === 'not_found');
  await assert.rejects(m.remote.start('CP-NOPE', 1, 'CARD-OK'), (e: AppError) => e.kind === 'not_found');
  detach();
  assert.equal(m.remote.isConnected('CP-TX-201'), false);
});
