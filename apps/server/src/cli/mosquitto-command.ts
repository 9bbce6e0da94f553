import { mkdirSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { checkVin } from '@marque/contracts';
import type { Config } from '../config';
import { mosquittoFiles } from '../mqtt/mosquitto-config';
import { platformCredentials } from '../http/routes/mqtt-internal.routes';
import { openRegistryFile } from './registry-file';

/**
 * Writes marque.passwd, marque.acl and marque.conf for Mosquitto. Device secrets are stored only as hashes in the
 * database, so the factory feed (which carries them) is the input; the service account comes from MQTT_URL.
 */
export async function mosquittoConfigCommand(cfg: Config, out: string, registryFile: string): Promise<number> {
  const platform = platformCredentials(cfg.mqttUrl);
  if (!platform?.password) {
    console.error('marque mqtt mosquitto-config: set MQTT_URL=mqtt://user:password@host for the platform service account');
    return 2;
  }
  const vehicles: Array<{ vin: string; deviceSecret: string }> = [];
  let skipped = 0;
  const { records } = await openRegistryFile(registryFile);
  for await (const { record } of records) {
    const vin = checkVin(String(record.vin ?? ''));
    const secret = String(record.device_secret ?? '');
    if (!vin.ok || secret.length < 16 || record.head_unit === 'none') skipped++;
    else vehicles.push({ vin: vin.vin, deviceSecret: secret });
  }
  const files = mosquittoFiles({ vehicles, platform });
  mkdirSync(out, { recursive: true });
  for (const [name, text] of [
    ['marque.passwd', files.passwd],
    ['marque.acl', files.acl],
    ['marque.conf', files.conf],
  ] as const) {
    writeFileSync(join(out, name), text, { mode: 0o600 });
    chmodSync(join(out, name), 0o600);
  }
  console.log(
    `wrote ${out}/marque.{passwd,acl,conf}: ${vehicles.length} vehicles + the service account (${skipped} rows skipped)`,
  );
  return 0;
}
