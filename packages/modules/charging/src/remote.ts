import { randomInt } from 'node:crypto';
import { AppError } from '@marque/kernel';
import type { ChargersRepository } from './chargers.repository';
import type { SessionsRepository } from './sessions.repository';
import type { ChargerLink, RemoteCommand, RemoteOutcome } from './charging.types';
import { normaliseIdTag, requireChargePointId, requireIndex } from './charging.validation';

export interface RemoteDeps {
  chargers: ChargersRepository;
  sessions: SessionsRepository;
  /** 2.0.1 remoteStartId; injected so tests can predict it. */
  nextRemoteStartId?: () => number;
}

/**
 * Platform-side operations on a charger. Only the node holding the charger's socket can answer; routing a
 * command to that node through the broker (ARCHITECTURE "Processes and engines") is for a later issue.
 */
export function createRemoteControl(deps: RemoteDeps) {
  let link: ChargerLink | undefined;
  const nextRemoteStartId = deps.nextRemoteStartId ?? (() => randomInt(1, 2 ** 31 - 1));

  async function send(chargePointId: string, command: RemoteCommand): Promise<RemoteOutcome> {
    if (!link?.versionOf(chargePointId)) {
      throw new AppError('unavailable', `Charger ${chargePointId} is not connected to this node.`, {
        code: 'charger.offline',
        retryAfterSeconds: 30,
      });
    }
    return link.send(chargePointId, command);
  }

  return {
    /** The ocpp transport attaches itself when it starts; returns the detach for shutdown. */
    attach(l: ChargerLink): () => void {
      link = l;
      return () => {
        if (link === l) link = undefined;
      };
    },

    isConnected(chargePointId: string): boolean {
      return !!link?.versionOf(chargePointId);
    },

    /** 1.6 RemoteStartTransaction / 2.0.1 RequestStartTransaction on `evseId` (the 1.6 connector id). */
    async start(
      chargePointIdInput: string,
      evseId: number,
      idTagInput: string,
    ): Promise<{ status: RemoteOutcome; remoteStartId: number }> {
      const chargePointId = requireChargePointId(chargePointIdInput);
      if (requireIndex(evseId, 'evseId') < 1) throw AppError.invalidField('evseId', 'must be 1 or more');
      const idTag = normaliseIdTag(idTagInput);
      if (!(await deps.chargers.find(chargePointId))) {
        throw new AppError('not_found', `No charger ${chargePointId} is registered.`, { code: 'charger.unknown' });
      }
      const remoteStartId = nextRemoteStartId();
      return { status: await send(chargePointId, { kind: 'start', evseId, idTag, remoteStartId }), remoteStartId };
    },

    /** 1.6 RemoteStopTransaction / 2.0.1 RequestStopTransaction of an active session. */
    async stop(transactionId: string, chargePointId?: string): Promise<{ status: RemoteOutcome; chargePointId: string }> {
      const active = (await deps.sessions.activeByTransaction(transactionId)).filter(
        (s) => chargePointId === undefined || s.chargePointId === chargePointId,
      );
      const session = active[0];
      if (!session) {
        throw new AppError('not_found', `No active charging session has transaction id ${transactionId}.`, {
          code: 'session.unknown',
        });
      }
      if (active.length > 1) {
        throw new AppError('conflict', `Transaction id ${transactionId} is active on several chargers; name the charger.`, {
          code: 'session.ambiguous',
        });
      }
      const status = await send(session.chargePointId, { kind: 'stop', transactionId });
      return { status, chargePointId: session.chargePointId };
    },
  };
}

export type RemoteControl = ReturnType<typeof createRemoteControl>;
