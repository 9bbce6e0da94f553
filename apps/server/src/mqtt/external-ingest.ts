import mqtt, { type MqttClient } from 'mqtt';
import { hostname } from 'node:os';
import { parseUpTopic, topics } from '@marque/contracts/vehicle';
import type { Logger } from '@marque/kernel';
import type { VehicleMessageHandler } from './ingest-router';

export const SHARED_INGEST_TOPIC = `$share/ingest/${topics.allUp}`;

/**
 * Ingest consumers on an external MQTT 5 broker: a shared subscription spreads vehicles' messages over every
 * ingest process. mqtt.js handles one incoming PUBLISH at a time per connection and `customHandleAcks` sends the
 * PUBACK only after the write, so several connections keep the batcher fed. Persistent sessions (clean=false)
 * make the broker redeliver what was not acknowledged when a connection drops.
 */
export async function startExternalIngest(opts: {
  url: string;
  handle: VehicleMessageHandler;
  log: Logger;
  connections?: number;
  sessionExpirySeconds?: number;
}): Promise<{ clients: MqttClient[]; close(): Promise<void> }> {
  const clients = Array.from({ length: opts.connections ?? 4 }, (_, i) => connectOne(opts, i));
  await Promise.all(clients.map((c) => c.subscribeAsync(SHARED_INGEST_TOPIC, { qos: 1 })));
  return { clients, close: async () => void (await Promise.all(clients.map((c) => c.endAsync()))) };
}

function connectOne(
  opts: { url: string; handle: VehicleMessageHandler; log: Logger; sessionExpirySeconds?: number },
  i: number,
): MqttClient {
  const client: MqttClient = mqtt.connect(opts.url, {
    // Stable ids so a restarted process resumes its session and gets what it had not acknowledged.
    clientId: `marque-ingest-${hostname()}-${i}`.slice(0, 64),
    protocolVersion: 5,
    clean: false,
    properties: { sessionExpiryInterval: opts.sessionExpirySeconds ?? 3600 },
    reconnectPeriod: 1000,
    customHandleAcks: (topic, message, _packet, done) => {
      const vin = parseUpTopic(topic)?.vin ?? '';
      opts.handle(vin, topic, message).then(
        () => done(0),
        (e: unknown) => {
          opts.log.error({ err: e }, 'could not store a vehicle message; reconnecting so the broker redelivers');
          done(e as Error);
          // MQTT 5 redelivers only on a new connection: drop this one, the client reconnects by itself.
          setTimeout(() => client.stream?.destroy(), 1000).unref();
        },
      );
    },
  });
  client.on('connect', () => (client.stream as { setNoDelay?: (v: boolean) => void }).setNoDelay?.(true));
  client.on('error', (e) => opts.log.warn({ err: { message: e.message } }, 'mqtt ingest connection error'));
  return client;
}
