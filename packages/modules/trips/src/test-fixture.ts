import { testDatabase } from '@marque/db/testing';
import { manualClock, silentLogger } from '@marque/kernel';
import { withCheckDigit } from '@marque/contracts';
import { createVehiclesModule } from '@marque/vehicles';
import { createTelemetryModule } from '@marque/telemetry';
import type { Sample, VehicleEvent } from './trip-detection';
import { createTripsModule } from './index';

/** Trips over a fresh database with the real telemetry and vehicles modules; consents are a set the test flips. */
export async function tripsFixture(now: string) {
  const database = await testDatabase();
  const clock = manualClock(now);
  const vehicles = createVehiclesModule({ db: database.db, clock });
  const telemetry = createTelemetryModule({
    db: database.db,
    clock,
    log: silentLogger,
    access: vehicles.access,
    settings: { maxAgeDays: 7, retentionDays: 90 },
  });
  await telemetry.ingest.ensurePartitions();
  const granted = new Set<string>();
  const trips = createTripsModule({
    db: database.db,
    clock,
    log: silentLogger,
    telemetry,
    access: vehicles.access,
    consents: {
      analytics: async (a) => granted.has(`${a}/driving_analytics`),
      locationHistory: async (a) => granted.has(`${a}/location_history`),
    },
  });
  let n = 0;
  async function aCar(): Promise<string> {
    const vin = withCheckDigit(`SMKTR1PS0${String(++n).padStart(8, '0')}`);
    const record = {
      vin,
      brand: 'Aurelia',
      model: 'Vela',
      model_year: 2024,
      powertrain: 'PHEV',
      head_unit: 'mm21',
      smart_connect: 'no',
      market: 'GB',
      delivery_date: '2024-03-01',
      device_secret: `a-long-device-secret-${vin}`,
    };
    await vehicles.service.importRegistry([{ line: 1, record }]);
    return vin;
  }
  /** Sends samples (in batches of `batch`, as given) and events through the real ingest. */
  async function send(vin: string, samples: Sample[], events: VehicleEvent[], batch = 12) {
    for (let i = 0; i < samples.length; i += batch) {
      const part = samples.slice(i, i + batch);
      const payload = { seq: part[0]!.seq * 1000 + part.length, samples: part.map((s) => ({ ts: s.ts.toISOString(), signals: s.signals })) };
      await telemetry.ingest.submit(vin, 'telemetry', JSON.stringify(payload));
    }
    for (const e of events)
      await telemetry.ingest.submit(vin, 'events', JSON.stringify({ id: e.id, type: e.type, ts: e.ts.toISOString(), data: e.data ?? {} }));
  }
  return {
    database,
    clock,
    vehicles,
    telemetry,
    trips,
    granted,
    aCar,
    send,
    close: async () => {
      await telemetry.ingest.close();
      await database.close();
    },
  };
}
