import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { POWERTRAINS, type Powertrain } from '@marque/contracts';
import type { VehicleSpec } from './vehicle/state';

/** Reads the vehicles a simulator may run from a registry feed (JSON array or simple CSV): those with a head unit. */
export function readRegistry(path: string): VehicleSpec[] {
  const text = readFileSync(path, 'utf8');
  const rows = extname(path).toLowerCase() === '.csv' ? parseCsv(text) : (JSON.parse(text) as unknown);
  if (!Array.isArray(rows)) throw new Error(`${path} must hold a JSON array of vehicles`);
  const out: VehicleSpec[] = [];
  for (const row of rows as Record<string, unknown>[]) {
    const vin = String(row.vin ?? '');
    const headUnit = String(row.head_unit ?? 'none');
    const powertrain = String(row.powertrain ?? '') as Powertrain;
    const secret = String(row.device_secret ?? '');
    if (headUnit === 'none' || !secret || !/^[A-HJ-NPR-Z0-9]{17}$/.test(vin) || !POWERTRAINS.includes(powertrain)) continue;
    out.push({
      vin,
      deviceSecret: secret,
      powertrain,
      headUnit,
      market: typeof row.market === 'string' ? row.market : undefined,
      modelYear: Number(row.model_year) || undefined,
    });
  }
  return out;
}

// The factory feed's CSV has no quoted commas in practice; a full CSV parser is not worth a dependency here.
function parseCsv(text: string): Record<string, string>[] {
  const [head = '', ...lines] = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const cols = head.split(',').map((c) => c.trim().replace(/^"|"$/g, '').toLowerCase());
  return lines.map((l) => {
    const cells = l.split(',').map((c) => c.trim().replace(/^"|"$/g, ''));
    return Object.fromEntries(cols.map((c, i) => [c, cells[i] ?? '']));
  });
}
