import type { ChargingModule } from '@marque/charging';
import { AppError, unstorableText, type Logger } from '@marque/kernel';
import type { OcppClient } from './ocpp-client';
import { toCallError } from './call-error';

/** What a version's handlers get for one connected charger. */
export interface OcppContext {
  chargePointId: string;
  charging: ChargingModule;
  log: Logger;
}

// Params are checked against the OCPP JSON schemas by ocpp-rpc's strict mode before a handler runs.
export type Handlers = Record<string, (params: never) => Promise<object>>;

/** Registers each action's handler; every failure leaves as a CallError through toCallError. */
export function handleAll(client: OcppClient, ctx: OcppContext, handlers: Handlers): void {
  for (const [action, fn] of Object.entries(handlers)) {
    client.handle(action, async ({ params }) => {
      try {
        // Text the database cannot store is refused here, as a property constraint, not as a failed write.
        const bad = unstorableText(params);
        if (bad) throw new AppError('invalid', `${bad.path.join('.') || 'payload'} ${bad.problem}.`);
        return (await fn(params as never)) as Record<string, unknown>;
      } catch (e) {
        ctx.log.debug({ action, err: e }, 'ocpp: call refused');
        throw toCallError(e, ctx.log);
      }
    });
  }
}

export const iso = (d: Date) => d.toISOString();
