import { AppError } from '@marque/kernel';
import type { RemoteCommand, RemoteOutcome } from '@marque/charging';
import type { OcppClient } from '../ocpp-client';

/** Platform-side commands in 1.6 terms: RemoteStartTransaction / RemoteStopTransaction. */
export async function remoteV16(client: OcppClient, command: RemoteCommand): Promise<RemoteOutcome> {
  if (command.kind === 'start') {
    if (command.idTag.length > 20) throw AppError.invalidField('idTag', 'OCPP 1.6 id tags are at most 20 characters');
    const r = (await client.call('RemoteStartTransaction', { connectorId: command.evseId, idTag: command.idTag })) as {
      status: RemoteOutcome;
    };
    return r.status;
  }
  const transactionId = Number(command.transactionId);
  if (!Number.isInteger(transactionId)) throw AppError.invalidField('transactionId', 'is not an OCPP 1.6 transaction id');
  const r = (await client.call('RemoteStopTransaction', { transactionId })) as { status: RemoteOutcome };
  return r.status;
}
