import type { RemoteCommand, RemoteOutcome } from '@marque/charging';
import type { OcppClient } from '../ocpp-client';

/** Platform-side commands in 2.0.1 terms: RequestStartTransaction / RequestStopTransaction. */
export async function remoteV201(client: OcppClient, command: RemoteCommand): Promise<RemoteOutcome> {
  if (command.kind === 'start') {
    const r = (await client.call('RequestStartTransaction', {
      evseId: command.evseId,
      remoteStartId: command.remoteStartId,
      // A token the platform vouches for: the charger need not Authorize it again.
      idToken: { idToken: command.idTag, type: 'Central' },
    })) as { status: RemoteOutcome };
    return r.status;
  }
  const r = (await client.call('RequestStopTransaction', { transactionId: command.transactionId })) as { status: RemoteOutcome };
  return r.status;
}
