import { parseUpTopic } from '@marque/contracts/vehicle';
import type { IngestService, IngestOutcome } from '@marque/telemetry';
import type { CommandsService } from '@marque/commands';

export type VehicleMessageHandler = (vin: string, topic: string, payload: Buffer) => Promise<IngestOutcome>;

/**
 * Routes one `up/` message of an authenticated vehicle to its module. Resolves once the message is stored or
 * deliberately dropped (both may be acknowledged); rejects only when storing failed (must not be acknowledged).
 */
export function createIngestRouter(deps: {
  ingest: IngestService;
  commands: CommandsService;
  onDropped: (reason: string) => void;
}): VehicleMessageHandler {
  return async (vin, topic, payload) => {
    const t = parseUpTopic(topic);
    if (!t || t.vin !== vin) {
      deps.onDropped('topic');
      return 'dropped';
    }
    if (t.kind === 'command-results') {
      return (await deps.commands.recordResult(vin, payload)) === 'applied' ? 'stored' : 'dropped';
    }
    return deps.ingest.submit(vin, t.kind, payload);
  };
}
