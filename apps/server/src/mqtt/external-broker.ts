import mqtt, { type MqttClient } from 'mqtt';
import type { Logger } from '@marque/kernel';

export interface ExternalBroker {
  client: MqttClient;
  assertConnected(): void;
  close(): Promise<void>;
}

/** The platform's own connection to an external broker (MQTT_URL); reconnects by itself. */
export async function connectExternalBroker(url: string, log: Logger): Promise<ExternalBroker> {
  const client = mqtt.connect(url, {
    clientId: `marque-${process.pid}-${Math.random().toString(16).slice(2, 8)}`,
    protocolVersion: 5,
    reconnectPeriod: 1000,
    connectTimeout: 5000,
  });
  client.on('error', (e) => log.warn({ err: { message: e.message } }, 'mqtt connection error'));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`MQTT_URL: no answer from the broker within 10 s`)), 10_000);
    client.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
  }).catch(async (e: unknown) => {
    await client.endAsync(true);
    throw e;
  });
  // Nagle would hold back small QoS 1 frames; see ARCHITECTURE.md.
  (client.stream as { setNoDelay?: (v: boolean) => void } | undefined)?.setNoDelay?.(true);
  client.on('connect', () => (client.stream as { setNoDelay?: (v: boolean) => void }).setNoDelay?.(true));
  return {
    client,
    assertConnected() {
      if (!client.connected) throw new Error('not connected to the MQTT broker');
    },
    close: () => client.endAsync(),
  };
}
