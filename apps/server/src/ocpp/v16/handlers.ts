import type { OcppClient } from '../ocpp-client';
import { handleAll, iso, type OcppContext } from '../context';
import { readings16, type MeterValue16 } from './meter-values';

interface BootNotification16 {
  chargePointVendor: string;
  chargePointModel: string;
  chargePointSerialNumber?: string;
  chargeBoxSerialNumber?: string;
  firmwareVersion?: string;
}
interface StatusNotification16 {
  connectorId: number;
  errorCode: string;
  status: string;
  timestamp?: string;
}
interface StartTransaction16 {
  connectorId: number;
  idTag: string;
  meterStart: number;
  timestamp: string;
}
interface StopTransaction16 {
  transactionId: number;
  idTag?: string;
  meterStop: number;
  timestamp: string;
  reason?: string;
  transactionData?: MeterValue16[];
}

// 1.6 has no EVSE level: connector n is EVSE n with one connector, connector 0 the charger itself.
const connectorOf = (connectorId: number) => (connectorId === 0 ? 0 : 1);

/** OCPP 1.6J → the internal charging model. */
export function registerV16(client: OcppClient, ctx: OcppContext): void {
  const { chargePointId: id, charging } = ctx;
  handleAll(client, ctx, {
    BootNotification: async (p: BootNotification16) => {
      const r = await charging.service.booted(id, {
        vendor: p.chargePointVendor,
        model: p.chargePointModel,
        serial: p.chargePointSerialNumber ?? p.chargeBoxSerialNumber,
        firmware: p.firmwareVersion,
      });
      return { status: r.status, currentTime: iso(r.currentTime), interval: r.intervalSeconds };
    },

    Heartbeat: async () => ({ currentTime: iso((await charging.service.heartbeat(id)).currentTime) }),

    StatusNotification: async (p: StatusNotification16) => {
      await charging.service.statusChanged(id, {
        evseId: p.connectorId,
        connectorId: connectorOf(p.connectorId),
        status: p.status,
        errorCode: p.errorCode === 'NoError' ? undefined : p.errorCode,
        ts: p.timestamp ? new Date(p.timestamp) : undefined,
      });
      return {};
    },

    Authorize: async (p: { idTag: string }) => ({ idTagInfo: { status: await charging.service.authorize(p.idTag) } }),

    StartTransaction: async (p: StartTransaction16) => {
      const r = await charging.transactions.transactionStarted(id, {
        evseId: p.connectorId,
        connectorId: connectorOf(p.connectorId),
        idTag: p.idTag,
        ts: new Date(p.timestamp),
        meterStartWh: p.meterStart,
      });
      return { transactionId: Number(r.transactionId), idTagInfo: { status: r.idTagStatus ?? 'Invalid' } };
    },

    StopTransaction: async (p: StopTransaction16) => {
      const r = await charging.transactions.transactionEnded(
        id,
        {
          transactionId: String(p.transactionId),
          ts: new Date(p.timestamp),
          meterStopWh: p.meterStop,
          reason: p.reason,
          idTag: p.idTag,
          readings: readings16(p.transactionData),
        },
        { createIfUnknown: false },
      );
      // Answered anyway: a charger retries an unanswered stop, and it cannot make an unknown id known.
      if (!r) ctx.log.warn({ transactionId: p.transactionId }, 'ocpp 1.6: StopTransaction for an unknown transaction');
      return r?.idTagStatus ? { idTagInfo: { status: r.idTagStatus } } : {};
    },

    MeterValues: async (p: { connectorId: number; transactionId?: number; meterValue: MeterValue16[] }) => {
      await charging.transactions.meterValues(id, {
        evseId: p.connectorId,
        transactionId: p.transactionId === undefined ? undefined : String(p.transactionId),
        readings: readings16(p.meterValue),
      });
      return {};
    },
  });
}
