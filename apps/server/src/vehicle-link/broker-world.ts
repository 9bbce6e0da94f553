import { randomBytes } from 'node:crypto';
import { withCheckDigit } from '@marque/contracts';
import { testDatabase } from '@marque/db/testing';
import { silentLogger, systemClock } from '@marque/kernel';
import { createModules, type Modules } from '../container';
import { createMetrics } from '../http/metrics';
import { connectExternalBroker } from '../mqtt/external-broker';
import { startExternalIngest } from '../mqtt/external-ingest';
import { dynsecOver } from '../mqtt/mosquitto-dynsec';
import { startVehicleLink, vehicleMessageHandler } from '../vehicle-link-start';
import { linkFixture } from './test-fixture';

/** Where the vehicle link runs in a test: a real Mosquitto (MARQUE_TEST_MQTT_URL) or the embedded broker. */
export interface BrokerWorld {
  kind: 'mosquitto' | 'embedded';
  /** The broker URL cars use (no credentials). */
  carUrl: string;
  modules: Modules;
  vins: [string, string];
  secret: string;
  /** External broker only: drop and re-open the platform's ingest connections (their sessions stay). */
  ingest?: { stop(): Promise<void>; start(): Promise<void> };
  close(): Promise<void>;
}

const registryRow = (vin: string, secret: string) => ({
  vin,
  brand: 'Aurelia',
  model: 'Vela',
  model_year: 2024,
  powertrain: 'PHEV',
  head_unit: 'mm21',
  smart_connect: 'no',
  market: 'GB',
  device_secret: secret,
});

/** Random VINs per run: a shared Mosquitto may still hold another run's clients and sessions. */
const randomVin = () => withCheckDigit(`SAUVL0AB0KA${String(randomBytes(4).readUInt32BE() % 1_000_000).padStart(6, '0')}`);

export async function openBrokerWorld(): Promise<BrokerWorld> {
  const vins: [string, string] = [randomVin(), randomVin()];
  const secret = `device-secret-${randomBytes(8).toString('hex')}`;
  const rows = vins.map((vin, i) => ({ line: i + 1, record: registryRow(vin, secret) }));
  const url = process.env.MARQUE_TEST_MQTT_URL;
  if (!url) {
    const f = await linkFixture();
    await f.modules.vehicles.service.importRegistry(rows);
    return { kind: 'embedded', carUrl: `mqtt://127.0.0.1:${f.broker.port}`, modules: f.modules, vins, secret, close: f.close };
  }

  // Fails (never skips) when the broker named by MARQUE_TEST_MQTT_URL does not answer or refuses the account.
  const external = await connectExternalBroker(url, silentLogger);
  const database = await testDatabase();
  const modules = createModules(database, systemClock);
  const dynsec = await dynsecOver(external.client);
  await modules.vehicles.service.importRegistry(rows);
  await dynsec.provision(vins.map((vin) => ({ vin, deviceSecret: secret })));
  const stopLink = await startVehicleLink({ modules, metrics: createMetrics(), log: silentLogger, ingest: false, external });
  await modules.telemetry.ingest.ensurePartitions();
  const tag = randomBytes(4).toString('hex');
  const ingestOpts = {
    url,
    handle: vehicleMessageHandler(modules),
    log: silentLogger,
    connections: 2,
    clientIdPrefix: `marque-test-${tag}`,
    group: `test-${tag}`,
  };
  let ingest: Awaited<ReturnType<typeof startExternalIngest>> | undefined = await startExternalIngest(ingestOpts);
  const carUrl = new URL(url);
  carUrl.username = '';
  carUrl.password = '';
  return {
    kind: 'mosquitto',
    carUrl: carUrl.toString(),
    modules,
    vins,
    secret,
    ingest: {
      stop: async () => {
        await ingest?.close();
        ingest = undefined;
      },
      start: async () => {
        ingest = await startExternalIngest(ingestOpts);
      },
    },
    close: async () => {
      // The test's sessions and vehicles are removed from the shared broker.
      await ingest?.close({ endSession: true });
      await dynsec.remove(vins).catch(() => undefined);
      await stopLink();
      await external.close();
      await modules.telemetry.ingest.close();
      await database.close();
    },
  };
}
