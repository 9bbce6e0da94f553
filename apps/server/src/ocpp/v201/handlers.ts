import type { OcppClient } from '../ocpp-client';
import { handleAll, iso, type OcppContext } from '../context';
import { readings201, type MeterValue201 } from './meter-values';
import { transactionEvent, type TransactionEvent201 } from './transaction-event';

interface BootNotification201 {
  reason: string;
  chargingStation: { model: string; vendorName: string; serialNumber?: string; firmwareVersion?: string };
}
interface StatusNotification201 {
  timestamp: string;
  connectorStatus: string;
  evseId: number;
  connectorId: number;
}

/** OCPP 2.0.1 → the internal charging model. */
export function registerV201(client: OcppClient, ctx: OcppContext): void {
  const { chargePointId: id, charging } = ctx;
  handleAll(client, ctx, {
    BootNotification: async (p: BootNotification201) => {
      const s = p.chargingStation;
      const r = await charging.service.booted(id, {
        vendor: s.vendorName,
        model: s.model,
        serial: s.serialNumber,
        firmware: s.firmwareVersion,
        reason: p.reason,
      });
      return { status: r.status, currentTime: iso(r.currentTime), interval: r.intervalSeconds };
    },

    Heartbeat: async () => ({ currentTime: iso((await charging.service.heartbeat(id)).currentTime) }),

    StatusNotification: async (p: StatusNotification201) => {
      await charging.service.statusChanged(id, {
        evseId: p.evseId,
        connectorId: p.connectorId,
        status: p.connectorStatus,
        ts: new Date(p.timestamp),
      });
      return {};
    },

    Authorize: async (p: { idToken: { idToken: string; type: string } }) => ({
      idTokenInfo: { status: await charging.service.authorize(p.idToken.idToken) },
    }),

    TransactionEvent: (p: TransactionEvent201) => transactionEvent(ctx, p),

    // 2.0.1 MeterValues are outside transactions; those within come in TransactionEvent Updated.
    MeterValues: async (p: { evseId: number; meterValue: MeterValue201[] }) => {
      await charging.transactions.meterValues(id, { evseId: p.evseId, readings: readings201(p.meterValue) });
      return {};
    },
  });
}
