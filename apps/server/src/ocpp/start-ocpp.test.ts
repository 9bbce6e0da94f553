import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { testDatabase } from '@marque/db/testing';
import type { Database } from '@marque/db';
import { silentLogger, systemClock } from '@marque/kernel';
import { createChargingModule, type ChargingModule } from '@marque/charging';
import { startOcpp } from './start-ocpp';

let database: Database;
let charging: ChargingModule;
let blocker: Server;
let busy: number;

before(async () => {
  database = await testDatabase();
  charging = createChargingModule({ db: database.db, clock: systemClock });
  blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
  busy = (blocker.address() as { port: number }).port;
});
after(async () => {
  blocker.close();
  await database.close();
});

test('a busy OCPP_PORT is replaced by the next free one when fallback is on', async () => {
  const warnings: string[] = [];
  const log = { ...silentLogger, warn: (m: object | string) => void warnings.push(String(m)), child: () => log };
  const role = await startOcpp({ charging, log, port: busy, host: '127.0.0.1', fallback: true });
  try {
    assert.notEqual(role.port, busy);
    assert.match(warnings.join('\n'), new RegExp(`OCPP: port ${busy} is busy`));
  } finally {
    await role.close();
  }
});

test('without fallback a busy OCPP_PORT stops start-up naming the port', async () => {
  await assert.rejects(
    startOcpp({ charging, log: silentLogger, port: busy, host: '127.0.0.1', fallback: false }),
    new RegExp(`OCPP: port ${busy} is already in use`),
  );
});
