import type { AuthorizationStatus } from '@marque/charging';
import type { OcppContext } from '../context';
import { readings201, type MeterValue201 } from './meter-values';

export interface TransactionEvent201 {
  eventType: 'Started' | 'Updated' | 'Ended';
  timestamp: string;
  triggerReason: string;
  seqNo: number;
  offline?: boolean;
  transactionInfo: { transactionId: string; stoppedReason?: string; remoteStartId?: number; chargingState?: string };
  evse?: { id: number; connectorId?: number };
  idToken?: { idToken: string; type: string };
  meterValue?: MeterValue201[];
}

/** TransactionEvent Started/Updated/Ended → transactionStarted/Updated/Ended; Updated and Ended may open a lost Started. */
export async function transactionEvent(ctx: OcppContext, p: TransactionEvent201): Promise<object> {
  const { chargePointId: id, charging } = ctx;
  const base = {
    transactionId: p.transactionInfo.transactionId,
    ts: new Date(p.timestamp),
    evseId: p.evse?.id,
    connectorId: p.evse?.connectorId,
    // NoAuthorization tokens are empty: there is nothing to look up.
    idTag: p.idToken?.idToken || undefined,
    readings: readings201(p.meterValue),
  };
  let status: AuthorizationStatus | undefined;
  if (p.eventType === 'Started') {
    const r = await charging.transactions.transactionStarted(id, {
      ...base,
      evseId: base.evseId ?? 0,
      connectorId: base.connectorId ?? (base.evseId ? 1 : 0),
      remoteStartId: p.transactionInfo.remoteStartId,
    });
    status = r.idTagStatus;
  } else if (p.eventType === 'Updated') {
    status = (await charging.transactions.transactionUpdated(id, base, { createIfUnknown: true }))?.idTagStatus;
  } else {
    const r = await charging.transactions.transactionEnded(
      id,
      { ...base, reason: p.transactionInfo.stoppedReason },
      { createIfUnknown: true },
    );
    status = r?.idTagStatus;
  }
  return status ? { idTokenInfo: { status } } : {};
}
