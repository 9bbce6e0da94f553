import type { Db } from '@marque/db';
import { silentLogger, type Clock, type Logger } from '@marque/kernel';
import { createChargersRepository } from './chargers.repository';
import { createSessionsRepository } from './sessions.repository';
import { createChargingService } from './charging.service';
import { createTransactionsService } from './transactions.service';
import { createRemoteControl } from './remote';

export function createChargingModule(deps: { db: Db; clock: Clock; log?: Logger; nextRemoteStartId?: () => number }) {
  const log = deps.log ?? silentLogger;
  const chargers = createChargersRepository(deps.db);
  const sessions = createSessionsRepository(deps.db);
  const service = createChargingService({ chargers, clock: deps.clock, log });
  return {
    service,
    transactions: createTransactionsService({ sessions, authorize: (t) => service.authorize(t), clock: deps.clock, log }),
    remote: createRemoteControl({ chargers, sessions, nextRemoteStartId: deps.nextRemoteStartId }),
  };
}

export type ChargingModule = ReturnType<typeof createChargingModule>;
export type { ChargingService } from './charging.service';
export type { TransactionsService, SessionView } from './transactions.service';
export type { RemoteControl } from './remote';
export type { ChargerRow, ConnectorRow, TokenRow } from './chargers.repository';
export type { MeterValueRow } from './sessions.repository';
export * from './charging.types';
export { HEARTBEAT_INTERVAL_SECONDS } from './charging.service';
export { defaultUnit } from './meter';
export { chargers, chargerConnectors, chargingTokens, chargingSessions, meterValues } from './charging.schema';
