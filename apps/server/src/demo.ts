import { fileURLToPath } from 'node:url';
import type { Logger } from '@marque/kernel';
import type { VehiclesService } from '@marque/vehicles';
import { openRegistryFile } from './cli/registry-file';

export const demoRegistryFile = fileURLToPath(new URL('../../../demo/vehicles.json', import.meta.url));

/** On first start of a demo, the registry is empty: fill it from the bundled demo feed. True when it did. */
export async function importDemoRegistry(vehicles: VehiclesService, log: Logger): Promise<boolean> {
  if ((await vehicles.count()) > 0) return false;
  const { records } = await openRegistryFile(demoRegistryFile);
  const s = await vehicles.importRegistry(records);
  log.info({ imported: s.imported, rejected: s.rejected.length }, 'demo vehicle registry imported');
  return true;
}
