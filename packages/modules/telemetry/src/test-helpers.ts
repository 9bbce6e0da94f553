import { testDatabase } from '@marque/db/testing';
import type { Database } from '@marque/db';
import { manualClock, silentLogger, type Logger } from '@marque/kernel';
import { createVehiclesModule } from '@marque/vehicles';
import { createTelemetryModule, type VehicleStateChanged, type DropReason, type IngestSettings } from './index';

export const T0 = '2026-06-01T09:00:00.000Z';

/** A telemetry module over a fresh test database, with everything it reports captured. */
export async function telemetryFixture(opts: { log?: Logger; settings?: Partial<IngestSettings> } = {}) {
  const database: Database = await testDatabase();
  const clock = manualClock(T0);
  const vehicles = createVehiclesModule({ db: database.db, clock });
  const published: VehicleStateChanged[] = [];
  const dropped: DropReason[] = [];
  const telemetry = createTelemetryModule({
    db: database.db,
    clock,
    log: opts.log ?? silentLogger,
    access: vehicles.access,
    settings: { maxAgeDays: 7, retentionDays: 90, ...opts.settings },
    publish: (e) => published.push(e),
    onDropped: (r) => dropped.push(r),
  });
  await telemetry.ingest.ensurePartitions();
  return {
    database,
    clock,
    vehicles,
    telemetry,
    published,
    dropped,
    close: async () => {
      await telemetry.ingest.close();
      await database.close();
    },
  };
}

export const at = (offsetMs: number, base = T0) => new Date(Date.parse(base) + offsetMs).toISOString();

export function telemetryMessage(seq: number, ts: string, signals: Record<string, unknown>) {
  return JSON.stringify({ seq, samples: [{ ts, signals }] });
}
