import { createHash, timingSafeEqual } from 'node:crypto';
import { AppError, type Clock } from '@marque/kernel';
import { checkVin, type ConnectivityMatchT } from '@marque/contracts';
import type { VehiclesRepository, StoredVehicle } from './vehicles.repository';
import { parseRegistryRow } from './registry-row';
import { connectivityMatch } from './connectivity';

export interface ImportRecord {
  /** Line (CSV) or element number (JSON), 1-based, for the report. */
  line: number;
  record: Record<string, unknown>;
}

export interface ImportRejection {
  line: number;
  vin: string;
  field: string;
  reason: string;
}

export interface ImportSummary {
  read: number;
  imported: number;
  updated: number;
  unchanged: number;
  rejected: ImportRejection[];
}

export interface VehiclesDeps {
  repo: VehiclesRepository;
  clock: Clock;
}

export function hashDeviceSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Validates a VIN from outside, naming the broken rule as an `invalid` AppError on `field`. */
export function requireValidVin(input: string, field = 'vin'): string {
  const r = checkVin(input);
  if (!r.ok) throw AppError.invalidField(field, r.message, r.rule);
  return r.vin;
}

export function createVehiclesService({ repo, clock }: VehiclesDeps) {
  return {
    async connectivityMatch(vinInput: string): Promise<ConnectivityMatchT> {
      const vin = requireValidVin(vinInput);
      const v = await repo.findByVin(vin);
      if (!v) {
        throw new AppError('not_found', `No vehicle with VIN ${vin} is known. Check the VIN on the registration document.`, {
          code: 'vehicle.unknown',
        });
      }
      return connectivityMatch(v);
    },

    async findByVin(vin: string): Promise<StoredVehicle | null> {
      return repo.findByVin(vin);
    },

    async count(): Promise<number> {
      return repo.count();
    },

    /** Broker authentication: is `secret` this vehicle's device secret? */
    async verifyDeviceSecret(vin: string, secret: string): Promise<boolean> {
      const v = await repo.findByVin(vin);
      if (!v || v.headUnit === 'none') return false;
      const a = Buffer.from(v.deviceSecretHash, 'hex');
      const b = Buffer.from(hashDeviceSecret(secret), 'hex');
      return a.length === b.length && timingSafeEqual(a, b);
    },

    /**
     * Imports the factory feed in batches: a bad row is reported with its line and skipped, never
     * aborting the good ones; a VIN seen twice in one feed keeps its first row.
     */
    async importRegistry(
      records: AsyncIterable<ImportRecord> | Iterable<ImportRecord>,
      onProgress?: (done: number) => void,
      batchSize = 500,
    ): Promise<ImportSummary> {
      const summary: ImportSummary = { read: 0, imported: 0, updated: 0, unchanged: 0, rejected: [] };
      const year = clock.now().getUTCFullYear();
      const seen = new Map<string, number>();
      let batch: StoredVehicle[] = [];
      const flush = async () => {
        if (batch.length === 0) return;
        const c = await repo.upsertMany(batch);
        summary.imported += c.inserted;
        summary.updated += c.updated;
        summary.unchanged += c.unchanged;
        batch = [];
        onProgress?.(summary.read);
      };
      for await (const { line, record } of records) {
        summary.read++;
        const r = parseRegistryRow(record, year);
        const vinText = typeof record.vin === 'string' ? record.vin.trim().toUpperCase() : '';
        if (!r.ok) {
          summary.rejected.push({ line, vin: vinText, field: r.field, reason: r.reason });
          continue;
        }
        const first = seen.get(r.vehicle.vin);
        if (first !== undefined) {
          summary.rejected.push({ line, vin: r.vehicle.vin, field: 'vin', reason: `duplicate of line ${first}` });
          continue;
        }
        seen.set(r.vehicle.vin, line);
        const { deviceSecret, ...rest } = r.vehicle;
        batch.push({ ...rest, deviceSecretHash: hashDeviceSecret(deviceSecret) });
        if (batch.length >= batchSize) await flush();
      }
      await flush();
      onProgress?.(summary.read);
      return summary;
    },
  };
}

export type VehiclesService = ReturnType<typeof createVehiclesService>;
