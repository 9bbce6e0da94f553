import { checkVin } from '@marque/contracts';
import type { ImportRecord, ImportSummary } from '@marque/vehicles';
import { silentLogger } from '@marque/kernel';
import { connectExternalBroker } from './external-broker';
import { dynsecOver, type VehicleCredentials } from './mosquitto-dynsec';

/**
 * Device secrets reach Marque only in the factory feed (the database keeps SHA-256 hashes), so a registry import
 * notes them as they stream by; the vehicles the import accepted are provisioned in Mosquitto afterwards.
 */
export function tapDeviceSecrets(records: AsyncIterable<ImportRecord>) {
  const seen: Array<VehicleCredentials & { line: number }> = [];
  async function* tapped(): AsyncIterable<ImportRecord> {
    for await (const r of records) {
      const vin = checkVin(String(r.record.vin ?? ''));
      const secret = r.record.device_secret;
      // A car without a head unit has no telematics: it never connects (verifyDeviceSecret refuses it too).
      if (vin.ok && typeof secret === 'string' && r.record.head_unit !== 'none') {
        seen.push({ line: r.line, vin: vin.vin, deviceSecret: secret });
      }
      yield r;
    }
  }
  return {
    records: tapped(),
    accepted(summary: Pick<ImportSummary, 'rejected'>): VehicleCredentials[] {
      const rejected = new Set(summary.rejected.map((r) => r.line));
      return seen.filter((v) => !rejected.has(v.line)).map(({ vin, deviceSecret }) => ({ vin, deviceSecret }));
    },
  };
}

/** Connects with the MQTT_URL service account and provisions the vehicles; returns how many. */
export async function provisionInMosquitto(mqttUrl: string, vehicles: VehicleCredentials[]): Promise<number> {
  const broker = await connectExternalBroker(mqttUrl, silentLogger);
  try {
    return await (await dynsecOver(broker.client)).provision(vehicles);
  } finally {
    await broker.close();
  }
}
