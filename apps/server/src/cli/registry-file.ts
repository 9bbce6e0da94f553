import { createReadStream, statSync, readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse } from 'csv-parse';
import { REGISTRY_COLUMNS } from '@marque/contracts';
import type { ImportRecord } from '@marque/vehicles';

export class RegistryFileError extends Error {}

/** Counts records cheaply for the progress bar (lines for CSV, elements for JSON). */
export function countRecords(path: string, records?: unknown[]): number {
  if (records) return records.length;
  const text = readFileSync(path, 'utf8');
  return Math.max(0, text.split(/\r?\n/).filter((l) => l.trim() !== '').length - 1);
}

/** Reads the factory feed as CSV (header as documented) or as a JSON array of objects with the same keys. */
export async function openRegistryFile(path: string): Promise<{ total: number; records: AsyncIterable<ImportRecord> }> {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new Error('not a file');
    size = st.size;
  } catch (e) {
    throw new RegistryFileError(`Cannot read ${path}: ${(e as Error).message}`);
  }
  const ext = extname(path).toLowerCase();
  if (ext === '.json') {
    if (size > 512 * 1024 * 1024) throw new RegistryFileError(`${path} is larger than 512 MiB; split it or use CSV`);
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(path, 'utf8'));
    } catch (e) {
      throw new RegistryFileError(`${path} is not valid JSON: ${(e as Error).message}`);
    }
    if (!Array.isArray(data)) throw new RegistryFileError(`${path} must hold a JSON array of vehicle objects`);
    const arr = data as unknown[];
    return {
      total: arr.length,
      records: (async function* () {
        for (let i = 0; i < arr.length; i++) {
          const el = arr[i];
          const record = el && typeof el === 'object' && !Array.isArray(el) ? (el as Record<string, unknown>) : { vin: '' };
          yield { line: i + 1, record };
        }
      })(),
    };
  }
  if (ext !== '.csv') throw new RegistryFileError(`${path}: expected a .csv or .json file`);
  const head = readFileSync(path, 'utf8').split(/\r?\n/, 1)[0] ?? '';
  const columns = head.split(',').map((c) => c.trim().replace(/^"|"$/g, '').toLowerCase());
  const missing = REGISTRY_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length) {
    throw new RegistryFileError(`${path}: the header lacks ${missing.join(', ')} (expected: ${REGISTRY_COLUMNS.join(',')})`);
  }
  const total = countRecords(path);
  return {
    total,
    records: (async function* () {
      const parser = createReadStream(path).pipe(
        parse({
          columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()),
          info: true,
          skip_empty_lines: true,
          relax_column_count: true,
          trim: true,
          bom: true,
        }),
      );
      for await (const row of parser as AsyncIterable<{ record: Record<string, unknown>; info: { lines: number } }>) {
        yield { line: row.info.lines, record: row.record };
      }
    })(),
  };
}
