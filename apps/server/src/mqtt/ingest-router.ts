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
  // Not async: an async function keeps a frame, a context and a promise alive for every message waiting for its
  // batch (thousands under load), which the young generation then copies at every scavenge.
  return (vin, topic, payload) => {
    const t = parseUpTopic(topic);
    if (!t || t.vin !== vin) {
      deps.onDropped('topic');
      return DROPPED;
    }
    if (t.kind === 'command-results') return deps.commands.recordResult(vin, payload).then(applied);
    return deps.ingest.submit(vin, t.kind, payload);
  };
}

const DROPPED = Promise.resolve('dropped' as const);
const applied = (r: string) => (r === 'applied' ? ('stored' as const) : ('dropped' as const));
