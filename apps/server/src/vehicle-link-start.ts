import { topics, type CommandMessageT } from '@marque/contracts/vehicle';
import type { Logger } from '@marque/kernel';
import type { VehiclesModule } from '@marque/vehicles';
import type { Metrics } from './http/metrics';
import { COMMAND_EXPIRY_EVERY_MS } from './jobs/platform-jobs';
import type { EmbeddedBroker } from './mqtt/embedded-broker';
import { connectExternalBroker, type ExternalBroker } from './mqtt/external-broker';
import { createIngestRouter, type VehicleMessageHandler } from './mqtt/ingest-router';
import { startExternalIngest } from './mqtt/external-ingest';
import type { VehicleLinkModules } from './vehicle-link-wiring';

type LinkModules = VehicleLinkModules & { vehicles: VehiclesModule };

/** What the embedded broker calls for each `up/` message of an authenticated vehicle. */
export function vehicleMessageHandler(m: LinkModules): VehicleMessageHandler {
  return createIngestRouter({
    ingest: m.telemetry.ingest,
    commands: m.commands.service,
    onDropped: (r) => m.transport.telemetryDropped(r as never),
  });
}

function sendVia(broker: EmbeddedBroker | undefined, external: ExternalBroker | undefined) {
  return async (vin: string, message: CommandMessageT): Promise<void> => {
    const payload = Buffer.from(JSON.stringify(message));
    if (external) {
      await external.client.publishAsync(topics.commands(vin), payload, { qos: 1 });
      return;
    }
    if (!broker) throw new Error('no MQTT transport is running in this process');
    await new Promise<void>((resolve, reject) =>
      broker.aedes.publish(
        { cmd: 'publish', topic: topics.commands(vin), payload, qos: 1, retain: false, dup: false },
        (e?: Error) => (e ? reject(e) : resolve()),
      ),
    );
  };
}

/** Runs the commands' expiry sweep every `everyMs` (one at a time); `stop` waits for a running sweep. */
function startCommandExpiry(m: LinkModules, log: Logger, everyMs = COMMAND_EXPIRY_EVERY_MS) {
  let running: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    running ??= m.commands.service.expiry
      .run()
      .catch((err: unknown) => log.error({ err }, 'command expiry sweep failed'))
      .finally(() => (running = undefined));
  }, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

/**
 * Binds the vehicle link to the running transports: drop counters, the way out for commands, the external
 * ingest consumer. Returns its closer.
 */
export async function startVehicleLink(opts: {
  modules: LinkModules;
  metrics: Metrics;
  log: Logger;
  ingest: boolean;
  broker?: EmbeddedBroker | undefined;
  external?: ExternalBroker | undefined;
  mqttUrl?: string | undefined;
  /** How often this process expires commands past their TTL (default COMMAND_EXPIRY_EVERY_MS). */
  commandExpiryEveryMs?: number;
}): Promise<() => Promise<void>> {
  const m = opts.modules;
  const dropped = opts.metrics.counter('marque_telemetry_dropped_total', 'Vehicle messages dropped as malformed, by reason', [
    'reason',
  ]);
  const results = opts.metrics.counter('marque_command_results_dropped_total', 'Command results dropped, by reason', ['reason']);
  m.transport.telemetryDropped = (r) => dropped.labels(r).inc();
  m.transport.resultDropped = (r) => results.labels(r).inc();
  // An api-only process over an external broker still sends commands: it opens its own connection.
  const publisher =
    !opts.external && !opts.broker && opts.mqttUrl ? await connectExternalBroker(opts.mqttUrl, opts.log) : undefined;
  m.transport.send = sendVia(opts.broker, opts.external ?? publisher);

  // Every process that can send commands also expires them, so a command to an offline car reaches `expired` (and
  // its event reaches the app) whichever roles run: `server --roles api` over MQTT_URL as well as the worker's
  // scheduled job (jobs/platform-jobs.ts). The sweep is idempotent: each command expires once, in one process.
  const expiry =
    opts.broker || opts.external || publisher ? startCommandExpiry(m, opts.log, opts.commandExpiryEveryMs) : undefined;
  // Telemetry retention stays a scheduled job of the worker role.
  let external: { close(): Promise<void> } | undefined;
  if (opts.ingest) {
    await m.telemetry.ingest.ensurePartitions();
    await m.telemetry.ingest.startStateRecovery();
    if (opts.mqttUrl)
      external = await startExternalIngest({ url: opts.mqttUrl, handle: vehicleMessageHandler(m), log: opts.log });
  }
  return async () => {
    await expiry?.stop();
    await external?.close();
    await publisher?.close();
  };
}
