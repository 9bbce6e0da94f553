import type { IHandshakeInterface } from 'ocpp-rpc/lib/server-client';
import type { ChargingModule } from '@marque/charging';
import type { Logger } from '@marque/kernel';
import { PROTOCOLS, type OcppProtocol } from './ocpp-client';

export type Accept = (session?: Record<string, unknown>, protocol?: string | false) => void;
export type Reject = (code: number, message: string) => void;

const CHARGE_POINT_ID = /^[A-Za-z0-9._~*+|@-]{1,48}$/;

export interface AuthOptions {
  charging: ChargingModule;
  log: Logger;
  /** Demo mode only: an unknown charger's first connection registers it with the password it sent. */
  autoRegister: boolean;
}

/**
 * Security profile 1/2: `ws(s)://host/ocpp/{chargePointId}` with HTTP Basic auth (user = the id). Anything else is
 * refused before the WebSocket exists, so a refused charger never reaches a handler.
 */
export function upgradeAuth(opts: AuthOptions) {
  const refuse = (reject: Reject, h: IHandshakeInterface, code: number, message: string) => {
    opts.log.info(
      { chargePointId: h.identity, remoteAddress: h.remoteAddress, code, reason: message },
      'ocpp: connection refused',
    );
    reject(code, message);
  };

  return async (accept: Accept, reject: Reject, h: IHandshakeInterface): Promise<void> => {
    if (h.endpoint !== '/ocpp') return refuse(reject, h, 404, 'Not Found');
    if (!CHARGE_POINT_ID.test(h.identity)) return refuse(reject, h, 400, 'Bad charge point id');
    const protocol: OcppProtocol | undefined = PROTOCOLS.find((p) => h.protocols.has(p));
    if (!protocol) return refuse(reject, h, 400, `Offer a subprotocol: ${PROTOCOLS.join(', ')}`);
    try {
      let ok = await opts.charging.service.verifyPassword(h.identity, h.password);
      if (!ok && opts.autoRegister && h.password && !(await opts.charging.service.charger(h.identity))) {
        ok = await opts.charging.service.autoRegister(h.identity, h.password.toString('utf8')).catch(() => false);
      }
      if (!ok) return refuse(reject, h, 401, 'Unauthorized');
    } catch (e) {
      opts.log.error({ err: e, chargePointId: h.identity }, 'ocpp: could not check a charger password');
      return refuse(reject, h, 503, 'Service Unavailable');
    }
    accept({ chargePointId: h.identity }, protocol);
  };
}
