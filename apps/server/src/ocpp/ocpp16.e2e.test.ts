import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { RPCClient } from 'ocpp-rpc';
import { ocppWorld, rawCall, type OcppWorld } from './test-fixture';

let w: OcppWorld;
let password: string;

before(async () => {
  w = await ocppWorld();
  ({ password } = await w.charging.service.registerCharger('CP16-1'));
  await w.charging.service.addToken('CARD-16');
});
after(() => w.close());

const mv = (timestamp: string, wh: string) => ({
  timestamp,
  sampledValue: [
    { value: wh, measurand: 'Energy.Active.Import.Register', unit: 'Wh', context: 'Sample.Periodic' },
    { value: '7.2', measurand: 'Power.Active.Import', unit: 'kW' },
  ],
});

test('a 1.6 charger boots, beats, reports status, authorises and charges; the database has the session', async () => {
  const cp: RPCClient = await w.charger('CP16-1', 'ocpp1.6', password);
  const boot = (await cp.call('BootNotification', {
    chargePointVendor: 'Acme',
    chargePointModel: 'Wall 11',
    firmwareVersion: '1.0.4',
  })) as Record<string, unknown>;
  assert.deepEqual([boot.status, boot.interval], ['Accepted', 300]);
  assert.ok(((await cp.call('Heartbeat', {})) as { currentTime: string }).currentTime);
  await cp.call('StatusNotification', {
    connectorId: 1,
    errorCode: 'NoError',
    status: 'Preparing',
    timestamp: '2026-06-01T11:59:00Z',
  });
  assert.deepEqual(await cp.call('Authorize', { idTag: 'card-16' }), { idTagInfo: { status: 'Accepted' } });
  assert.deepEqual(await cp.call('Authorize', { idTag: 'STRANGER' }), { idTagInfo: { status: 'Invalid' } });

  const start = (await cp.call('StartTransaction', {
    connectorId: 1,
    idTag: 'CARD-16',
    meterStart: 10_000,
    timestamp: '2026-06-01T12:00:00Z',
  })) as {
    transactionId: number;
    idTagInfo: { status: string };
  };
  assert.equal(start.idTagInfo.status, 'Accepted');
  assert.ok(Number.isInteger(start.transactionId));
  await cp.call('MeterValues', {
    connectorId: 1,
    transactionId: start.transactionId,
    meterValue: [mv('2026-06-01T12:15:00Z', '12500')],
  });
  const stop = await cp.call('StopTransaction', {
    transactionId: start.transactionId,
    meterStop: 21_000,
    timestamp: '2026-06-01T13:00:00Z',
    reason: 'EVDisconnected',
    idTag: 'CARD-16',
    transactionData: [mv('2026-06-01T13:00:00Z', '21000')],
  });
  assert.deepEqual(stop, { idTagInfo: { status: 'Accepted' } });

  const [session] = await w.charging.transactions.sessionsOf('CP16-1');
  assert.equal(session?.transactionId, String(start.transactionId));
  assert.deepEqual(
    [session?.state, session?.energyWh, session?.stopReason, session?.idTag],
    ['ended', 11_000, 'EVDisconnected', 'CARD-16'],
  );
  assert.equal(session?.startedAt.toISOString(), '2026-06-01T12:00:00.000Z');
  const values = await w.charging.transactions.meterValuesOf(session!.id);
  assert.deepEqual(
    values.map((v) => [v.measurand, v.value, v.unit]),
    [
      ['Energy.Active.Import.Register', 12500, 'Wh'],
      ['Power.Active.Import', 7.2, 'kW'],
      ['Energy.Active.Import.Register', 21000, 'Wh'],
      ['Power.Active.Import', 7.2, 'kW'],
    ],
  );
  const charger = await w.charging.service.charger('CP16-1');
  assert.deepEqual([charger?.ocppVersion, charger?.vendor, charger?.firmware], ['1.6', 'Acme', '1.0.4']);
  const [connector] = await w.charging.service.connectors('CP16-1');
  assert.deepEqual([connector?.evseId, connector?.connectorId, connector?.status], [1, 1, 'Preparing']);
});

test('a schema violation and a broken frame get CallErrors; the connection and the other chargers keep working', async () => {
  const other = await w.charging.service.registerCharger('CP16-2');
  const a = await w.charger('CP16-1', 'ocpp1.6', password);
  const b = await w.charger('CP16-2', 'ocpp1.6', other.password);
  const bad = await rawCall(
    a,
    JSON.stringify([2, 'bad-1', 'StatusNotification', { connectorId: 'one', status: 'Available' }]),
    'bad-1',
  );
  assert.equal(bad[0], 4);
  assert.match(String(bad[2]), /Violation/);
  const broken = await rawCall(a, '[2, "bad-2", "Heartbeat", {', '-1');
  assert.deepEqual([broken[0], broken[2]], [4, 'RpcFrameworkError']);
  // Valid by the schema, refused by the service: an AppError leaves as a CallError.
  const nan = await rawCall(
    a,
    JSON.stringify([2, 'bad-3', 'MeterValues', { connectorId: 1, meterValue: [mv('2026-06-01T12:00:00Z', 'lots')] }]),
    'bad-3',
  );
  assert.deepEqual([nan[0], nan[2]], [4, 'PropertyConstraintViolation']);
  // Text the database cannot store (here U+0000 in a status's info) is refused before any handler writes.
  const nul = await rawCall(
    a,
    JSON.stringify([
      2,
      'bad-4',
      'StatusNotification',
      { connectorId: 1, errorCode: 'NoError', status: 'Available', info: 'a\u0000b' },
    ]),
    'bad-4',
  );
  assert.deepEqual([nul[0], nul[2]], [4, 'PropertyConstraintViolation']);
  assert.match(String(nul[3]), /info/);
  assert.ok(await a.call('Heartbeat', {}));
  assert.ok(await b.call('Heartbeat', {}));
});

test('remote start and stop reach a 1.6 charger as RemoteStart/StopTransaction', async () => {
  const cp = await w.charger('CP16-1', 'ocpp1.6', password);
  const seen: Array<[string, unknown]> = [];
  cp.handle('RemoteStartTransaction', async ({ params }) => (seen.push(['start', params]), { status: 'Accepted' }));
  cp.handle('RemoteStopTransaction', async ({ params }) => (seen.push(['stop', params]), { status: 'Rejected' }));
  assert.deepEqual(await w.charging.remote.start('CP16-1', 1, 'card-16'), { status: 'Accepted', remoteStartId: 4242 });
  const { transactionId } = (await cp.call('StartTransaction', {
    connectorId: 1,
    idTag: 'CARD-16',
    meterStart: 0,
    timestamp: '2026-06-01T14:00:00Z',
  })) as {
    transactionId: number;
  };
  assert.deepEqual(await w.charging.remote.stop(String(transactionId)), { status: 'Rejected', chargePointId: 'CP16-1' });
  assert.deepEqual(seen, [
    ['start', { connectorId: 1, idTag: 'CARD-16' }],
    ['stop', { transactionId }],
  ]);
  await cp.call('StopTransaction', { transactionId, meterStop: 10, timestamp: '2026-06-01T14:01:00Z' });
});
