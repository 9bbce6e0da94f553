import { SingleBar, Presets } from 'cli-progress';
import { openDatabase, migrate } from '@marque/db';
import { systemClock } from '@marque/kernel';
import type { Config } from '../config';
import { createModules } from '../container';
import { openRegistryFile, RegistryFileError } from './registry-file';
import { provisionInMosquitto, tapDeviceSecrets } from '../mqtt/dynsec-provisioning';

async function withDatabase<T>(cfg: Config, fn: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>): Promise<T> {
  const database = await openDatabase({ url: cfg.databaseUrl, dataDir: cfg.dataDir });
  try {
    await migrate(database);
    return await fn(database);
  } finally {
    await database.close();
  }
}

export async function migrateCommand(cfg: Config): Promise<number> {
  try {
    await withDatabase(cfg, async () => undefined);
    console.log(`migrations applied (${cfg.databaseUrl ? 'PostgreSQL' : `PGlite in ${cfg.dataDir}`})`);
    return 0;
  } catch (e) {
    console.error(`marque migrate: ${(e as Error).message}`);
    return 1;
  }
}

/** Exit codes: 0 all imported, 1 unreadable file or database error, 3 some rows rejected. */
export async function importVehiclesCommand(cfg: Config, file: string, showRejected: number): Promise<number> {
  let opened;
  try {
    opened = await openRegistryFile(file);
  } catch (e) {
    console.error(`marque vehicles import: ${(e as Error).message}`);
    return e instanceof RegistryFileError ? 1 : 1;
  }
  try {
    return await withDatabase(cfg, async (database) => {
      const { vehicles } = createModules(database, systemClock);
      const bar = new SingleBar(
        { format: 'importing |{bar}| {value}/{total} rows  {percentage}%  eta {eta}s', stream: process.stderr, hideCursor: true },
        Presets.shades_classic,
      );
      bar.start(opened.total, 0);
      const tap = cfg.mqttDynsec ? tapDeviceSecrets(opened.records) : undefined;
      const s = await vehicles.service.importRegistry(tap?.records ?? opened.records, (done) =>
        bar.update(Math.min(done, opened.total)),
      );
      bar.update(opened.total);
      bar.stop();
      if (tap) {
        try {
          console.log(`provisioned ${await provisionInMosquitto(cfg.mqttUrl!, tap.accepted(s))} vehicles in Mosquitto`);
        } catch (e) {
          console.error(`marque vehicles import: imported, but Mosquitto provisioning failed: ${(e as Error).message}`);
          console.error('  run `marque mqtt mosquitto-provision --registry <feed>` when the broker is back');
          return 1;
        }
      }
      console.log(
        `read ${s.read}: imported ${s.imported}, updated ${s.updated}, unchanged ${s.unchanged}, rejected ${s.rejected.length}`,
      );
      for (const r of s.rejected.slice(0, showRejected)) {
        console.log(`  line ${r.line}${r.vin ? ` (${r.vin})` : ''}: ${r.field}: ${r.reason}`);
      }
      if (s.rejected.length > showRejected) console.log(`  … and ${s.rejected.length - showRejected} more`);
      return s.rejected.length > 0 ? 3 : 0;
    });
  } catch (e) {
    console.error(`marque vehicles import: ${(e as Error).message}`);
    return 1;
  }
}

/** Provisions every connected vehicle of a feed in Mosquitto's dynamic security (MQTT_URL), without a database. */
export async function mosquittoProvisionCommand(cfg: Config, file: string): Promise<number> {
  if (!cfg.mqttUrl) {
    console.error('marque mqtt mosquitto-provision: set MQTT_URL=mqtt://user:password@host (the service account)');
    return 2;
  }
  try {
    const opened = await openRegistryFile(file);
    const tap = tapDeviceSecrets(opened.records);
    for await (const _ of tap.records) void _;
    console.log(`provisioned ${await provisionInMosquitto(cfg.mqttUrl, tap.accepted({ rejected: [] }))} vehicles in Mosquitto`);
    return 0;
  } catch (e) {
    console.error(`marque mqtt mosquitto-provision: ${(e as Error).message}`);
    return 1;
  }
}
