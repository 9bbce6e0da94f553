// A recorded day of a fleet, made by the simulator's own vehicle model (apps/simulator/src/vehicle/model.ts): the
// same trips, parking, coverage gaps and store-and-forward batches the simulated fleet sends, written as COPY text
// files for telemetry_samples, telemetry_batches and vehicle_events. Each message is "received" at the end of the
// simulated minute in which the car sent it, so data held during a coverage gap arrives late, as it would.
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { withCheckDigit, type Powertrain } from '@marque/contracts';
import { VehicleModel } from '../apps/simulator/src/vehicle/model';
import { recordedMinutes } from '../apps/simulator/src/replay';
import { createRng } from '../apps/simulator/src/random';

const POWERTRAINS: Powertrain[] = ['BEV', 'PHEV', 'HEV', 'ICE'];
const MARKETS = ['GB', 'DE', 'FR', 'NL', 'IT', 'ES', 'SE'];

export interface FleetCar {
  vin: string;
  powertrain: Powertrain;
  market: string;
}

export const fleetCars = (n: number, prefix = 'SAUVL0AB0KB'): FleetCar[] =>
  Array.from({ length: n }, (_, i) => ({
    vin: withCheckDigit(`${prefix}${String(200_000 + i).padStart(6, '0')}`),
    powertrain: POWERTRAINS[i % POWERTRAINS.length]!,
    market: MARKETS[i % MARKETS.length]!,
  }));

/** The registry row the vehicles module imports for a fleet car. */
export const registryRow = (c: FleetCar, i: number) => ({
  line: i + 1,
  record: {
    vin: c.vin,
    brand: 'Aurelia',
    model: 'Vela',
    model_year: 2024,
    powertrain: c.powertrain,
    head_unit: 'mm21',
    smart_connect: 'no',
    market: c.market,
    device_secret: `bench-device-secret-${i}`,
  },
});

export const modelFor = (c: FleetCar, i: number, startMs: number) =>
  new VehicleModel(
    { vin: c.vin, deviceSecret: 'unused', powertrain: c.powertrain, market: c.market, headUnit: 'mm21' },
    createRng(1 + i),
    createRng(100_001 + i),
    startMs,
    { index: i },
  );

/** COPY text: only the backslash can occur in JSON text among the characters COPY treats specially. */
const copyText = (s: string) => s.replace(/\\/g, '\\\\');

export interface DayFiles {
  samples: string;
  batches: string;
  events: string;
  counts: { samples: number; messages: number; events: number; ignitionOn: number };
}

async function write(out: WriteStream, text: string) {
  if (!out.write(text)) await once(out, 'drain');
}

const close = (out: WriteStream) =>
  new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));

/**
 * Runs every car from `fromMs` to `toMs` minute by minute and writes what it sent; `receivedAt` (when given)
 * replaces the per-minute receive time (a later top-up "arrives now"). Returns the models where they stopped.
 */
export async function recordFleet(opts: {
  cars: FleetCar[];
  models?: VehicleModel[];
  fromMs: number;
  toMs: number;
  receivedAt?: Date;
  dir: string;
  tag: string;
  onCar?: (done: number) => void;
}): Promise<{ files: DayFiles; models: VehicleModel[] }> {
  const files = {
    samples: `${opts.dir}/${opts.tag}-samples.copy`,
    batches: `${opts.dir}/${opts.tag}-batches.copy`,
    events: `${opts.dir}/${opts.tag}-events.copy`,
  };
  const outS = createWriteStream(files.samples);
  const outB = createWriteStream(files.batches);
  const outE = createWriteStream(files.events);
  const counts = { samples: 0, messages: 0, events: 0, ignitionOn: 0 };
  const models = opts.models ?? opts.cars.map((c, i) => modelFor(c, i, opts.fromMs));
  for (let i = 0; i < opts.cars.length; i++) {
    const vin = opts.cars[i]!.vin;
    const model = models[i]!;
    let s = '';
    let b = '';
    let e = '';
    for (const { at, out } of recordedMinutes(model, opts.fromMs, opts.toMs)) {
      const received = (opts.receivedAt ?? new Date(at)).toISOString();
      for (const o of out) {
        if (o.kind === 'telemetry') {
          counts.messages++;
          b += `${vin}\t${o.msg.seq}\t${received}\n`;
          for (const x of o.msg.samples) {
            counts.samples++;
            s += `${vin}\t${x.ts}\t${o.msg.seq}\t${copyText(JSON.stringify(x.signals))}\t${received}\n`;
          }
        } else {
          counts.events++;
          if (o.msg.type === 'ignition.on') counts.ignitionOn++;
          const data = o.msg.data === undefined ? '\\N' : copyText(JSON.stringify(o.msg.data));
          e += `${o.msg.id}\t${vin}\t${o.msg.type}\t${o.msg.ts}\t${data}\t${received}\n`;
        }
      }
      if (s.length > 1 << 20) {
        await write(outS, s);
        s = '';
      }
    }
    await write(outS, s);
    await write(outB, b);
    await write(outE, e);
    opts.onCar?.(i + 1);
  }
  await Promise.all([close(outS), close(outB), close(outE)]);
  return { files: { ...files, counts }, models };
}
