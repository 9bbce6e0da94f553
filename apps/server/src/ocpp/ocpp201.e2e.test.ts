import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ocppWorld, rawCall, type OcppWorld } from './test-fixture';

let w: OcppWorld;
let password: string;

before(async () => {
  w = await ocppWorld();
  ({ password } = await w.charging.service.registerCharger('CP201-1'));
  await w.charging.service.addToken('CARD-201');
});
after(() => w.close());

const energy = (timestamp: string, kWh: number, context = 'Sample.Periodic') => ({
  timestamp,
  sampledValue: [
    { value: kWh, context, measurand: 'Energy.Active.Import.Register', unitOfMeasure: { unit: 'Wh', multiplier: 3 } },
    { value: 11, context, measurand: 'Power.Active.Import', unitOfMeasure: { unit: 'kW' } },
  ],
});
const event = (eventType: string, seqNo: number, timestamp: string, extra: Record<string, unknown>) => ({
  eventType,
  timestamp,
  seqNo,
  triggerReason: eventType === 'Started' ? 'Authorized' : eventType === 'Ended' ? 'EVCommunicationLost' : 'MeterValuePeriodic',
  ...extra,
  transactionInfo: { transactionId: 'tx-201-a', ...((extra.transactionInfo as object) ?? {}) },
});

test('a 2.0.1 charger boots, beats, reports status, authorises and charges through TransactionEvent', async () => {
  const cs = await w.charger('CP201-1', 'ocpp2.0.1', password);
  const boot = (await cs.call('BootNotification', {
    reason: 'PowerUp',
    chargingStation: { vendorName: 'Acme', model: 'Hub 22', serialNumber: 'SN-9', firmwareVersion: '2.1.0' },
  })) as Record<string, unknown>;
  assert.deepEqual([boot.status, boot.interval], ['Accepted', 300]);
  assert.ok(await cs.call('Heartbeat', {}));
  await cs.call('StatusNotification', {
    timestamp: '2026-06-01T11:59:00Z',
    connectorStatus: 'Occupied',
    evseId: 1,
    connectorId: 1,
  });
  assert.deepEqual(await cs.call('Authorize', { idToken: { idToken: 'card-201', type: 'ISO14443' } }), {
    idTokenInfo: { status: 'Accepted' },
  });
  assert.deepEqual(await cs.call('Authorize', { idToken: { idToken: 'NOPE', type: 'ISO14443' } }), {
    idTokenInfo: { status: 'Invalid' },
  });

  const idToken = { idToken: 'CARD-201', type: 'ISO14443' };
  const started = await cs.call(
    'TransactionEvent',
    event('Started', 0, '2026-06-01T12:00:00Z', {
      evse: { id: 1, connectorId: 1 },
      idToken,
      meterValue: [energy('2026-06-01T12:00:00Z', 4, 'Transaction.Begin')],
    }),
  );
  assert.deepEqual(started, { idTokenInfo: { status: 'Accepted' } });
  assert.deepEqual(
    await cs.call(
      'TransactionEvent',
      event('Updated', 1, '2026-06-01T12:30:00Z', { meterValue: [energy('2026-06-01T12:30:00Z', 9.5)] }),
    ),
    {},
  );
  const live = await w.charging.transactions.session('CP201-1', 'tx-201-a');
  assert.equal(live?.energyWh, 5500);
  await cs.call(
    'TransactionEvent',
    event('Ended', 2, '2026-06-01T13:00:00Z', {
      transactionInfo: { stoppedReason: 'EVDisconnected' },
      meterValue: [energy('2026-06-01T13:00:00Z', 15.25, 'Transaction.End')],
    }),
  );
  await cs.call('MeterValues', { evseId: 0, meterValue: [energy('2026-06-01T13:05:00Z', 15.25, 'Sample.Clock')] });

  const session = await w.charging.transactions.session('CP201-1', 'tx-201-a');
  assert.deepEqual(
    [session?.state, session?.energyWh, session?.stopReason, session?.idTag],
    ['ended', 11_250, 'EVDisconnected', 'CARD-201'],
  );
  assert.equal(session?.stoppedAt?.toISOString(), '2026-06-01T13:00:00.000Z');
  assert.equal((await w.charging.transactions.meterValuesOf(session!.id)).length, 6);
  const charger = await w.charging.service.charger('CP201-1');
  assert.deepEqual(
    [charger?.ocppVersion, charger?.model, charger?.serial, charger?.bootReason],
    ['2.0.1', 'Hub 22', 'SN-9', 'PowerUp'],
  );
  const [connector] = await w.charging.service.connectors('CP201-1');
  assert.equal(connector?.status, 'Occupied');
});

test('a 2.0.1 schema violation gets a CallError and the connection keeps working', async () => {
  const cs = await w.charger('CP201-1', 'ocpp2.0.1', password);
  const bad = await rawCall(cs, JSON.stringify([2, 'bad-1', 'TransactionEvent', { eventType: 'Paused' }]), 'bad-1');
  assert.equal(bad[0], 4);
  assert.match(String(bad[2]), /Violation/);
  const unknown = await rawCall(cs, JSON.stringify([2, 'bad-2', 'NoSuchAction', {}]), 'bad-2');
  assert.equal(unknown[0], 4);
  assert.ok(await cs.call('Heartbeat', {}));
});

test('remote start and stop reach a 2.0.1 charger as RequestStart/StopTransaction', async () => {
  const cs = await w.charger('CP201-1', 'ocpp2.0.1', password);
  const seen: Array<[string, unknown]> = [];
  cs.handle('RequestStartTransaction', async ({ params }) => (seen.push(['start', params]), { status: 'Accepted' }));
  cs.handle('RequestStopTransaction', async ({ params }) => (seen.push(['stop', params]), { status: 'Accepted' }));
  assert.deepEqual(await w.charging.remote.start('CP201-1', 2, 'CARD-201'), { status: 'Accepted', remoteStartId: 4242 });
  await cs.call('TransactionEvent', {
    ...event('Started', 0, '2026-06-01T14:00:00Z', { evse: { id: 2, connectorId: 1 } }),
    triggerReason: 'RemoteStart',
    transactionInfo: { transactionId: 'tx-201-r', remoteStartId: 4242 },
  });
  assert.deepEqual(await w.charging.remote.stop('tx-201-r'), { status: 'Accepted', chargePointId: 'CP201-1' });
  assert.deepEqual(seen, [
    ['start', { evseId: 2, remoteStartId: 4242, idToken: { idToken: 'CARD-201', type: 'Central' } }],
    ['stop', { transactionId: 'tx-201-r' }],
  ]);
  assert.equal((await w.charging.transactions.session('CP201-1', 'tx-201-r'))?.remoteStartId, 4242);
});
