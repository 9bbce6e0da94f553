import mqtt, { type MqttClient } from 'mqtt';
import { hostname } from 'node:os';
import { parseUpTopic, topics } from '@marque/contracts/vehicle';
import type { Logger } from '@marque/kernel';
import type { VehicleMessageHandler } from './ingest-router';

export const SHARED_INGEST_TOPIC = `$share/ingest/${topics.allUp}`;

export interface ExternalIngestOptions {
  url: string;
  handle: VehicleMessageHandler;
  log: Logger;
  connections?: number;
  sessionExpirySeconds?: number;
  /** Client ids are `{prefix}-{n}`; stable across restarts so a process resumes its sessions. */
  clientIdPrefix?: string;
  /** The shared-subscription group (default `ingest`); a different group gets its own copy of every message. */
  group?: string;
}

/**
 * Ingest consumers on an external MQTT 5 broker: a shared subscription spreads vehicles' messages over every
 * ingest process. mqtt.js handles one incoming PUBLISH at a time per connection and `customHandleAcks` sends the
 * PUBACK only after the write, so several connections keep the batcher fed. Persistent sessions (clean=false)
 * make the broker redeliver what was not acknowledged when a connection drops.
 */
export async function startExternalIngest(
  opts: ExternalIngestOptions,
): Promise<{ clients: MqttClient[]; close(opts?: { endSession?: boolean }): Promise<void> }> {
  const clients = Array.from({ length: opts.connections ?? 4 }, (_, i) => connectOne(opts, i));
  const topic = opts.group ? `$share/${opts.group}/${topics.allUp}` : SHARED_INGEST_TOPIC;
  try {
    const granted = (await Promise.all(clients.map((c) => c.subscribeAsync(topic, { qos: 1 })))).flat();
    // A refused subscription is a SUBACK code of 0x80 or more, not an error: name the likely cause.
    if (granted.some((g) => g.qos >= 0x80)) throw new Error(`MQTT_URL: the broker refused ${topic}; check the account's ACL`);
  } catch (e) {
    await Promise.all(clients.map((c) => c.endAsync(true)));
    throw e;
  }
  return {
    clients,
    // The session outlives the connection (what arrives meanwhile waits in the broker) unless `endSession`.
    close: async (o = {}) =>
      void (await Promise.all(
        clients.map((c) => c.endAsync(false, o.endSession ? { properties: { sessionExpiryInterval: 0 } } : {})),
      )),
  };
}

function connectOne(opts: ExternalIngestOptions, i: number): MqttClient {
  const client: MqttClient = mqtt.connect(opts.url, {
    // Stable ids so a restarted process resumes its session and gets what it had not acknowledged.
    clientId: `${opts.clientIdPrefix ?? `marque-ingest-${hostname()}`}-${i}`.slice(0, 64),
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
