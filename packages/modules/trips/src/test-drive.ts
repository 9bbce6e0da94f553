import { randomUUID } from 'node:crypto';
import type { Sample, VehicleEvent } from './trip-detection';

/** A simulated drive sampled every 5 s: accelerate, cruise with a hard braking midway, slow down, stop. */
export function aDrive(o: {
  start: Date;
  minutes: number;
  lat?: number;
  lon?: number;
  odometerM?: number;
  ignition?: 'both' | 'on-only' | 'none';
  seq?: number;
  hybrid?: boolean;
}): { samples: Sample[]; events: VehicleEvent[]; end: Date; odometerM: number; lat: number; lon: number } {
  let lat = o.lat ?? 48.1374;
  let lon = o.lon ?? 11.5755;
  let odo = o.odometerM ?? 10_000_000;
  let seq = o.seq ?? 1;
  const startOdo = odo;
  const n = Math.round((o.minutes * 60) / 5);
  const samples: Sample[] = [];
  let kmh = 0;
  for (let i = 0; i <= n; i++) {
    const ts = new Date(o.start.getTime() + i * 5000);
    const target = i < 6 ? i * 8 : i > n - 6 ? (n - i) * 8 : i === Math.floor(n / 2) ? 10 : 50;
    const accel = (target - kmh) / 3.6 / 5;
    kmh = target;
    const m = (kmh / 3.6) * 5;
    odo += m;
    lat += m / 111_000;
    lon += m / 222_000;
    samples.push({
      ts,
      seq: seq++,
      signals: {
        'Vehicle.Speed': kmh,
        'Vehicle.CurrentLocation.Latitude': lat,
        'Vehicle.CurrentLocation.Longitude': lon,
        'Vehicle.TraveledDistance': Math.floor(odo),
        'Vehicle.Acceleration.Longitudinal': Math.round(accel * 10) / 10,
        'Vehicle.Powertrain.FuelSystem.AbsoluteLevel': 40 - (odo - startOdo) / 15_000,
        ...(o.hybrid
          ? { 'Vehicle.Powertrain.CombustionEngine.IsRunning': kmh > 40, 'Vehicle.Powertrain.ElectricMotor.Speed': kmh * 95 }
          : {}),
      },
    });
  }
  const end = samples[samples.length - 1]!.ts;
  const events: VehicleEvent[] = [];
  const ign = o.ignition ?? 'both';
  if (ign !== 'none') events.push({ id: randomUUID(), type: 'ignition.on', ts: o.start, data: { odometerM: Math.floor(startOdo) } });
  if (ign === 'both')
    events.push({
      id: randomUUID(),
      type: 'ignition.off',
      ts: new Date(end.getTime() + 1000),
      data: { odometerM: Math.floor(odo), tripDistanceM: Math.round(odo - startOdo) },
    });
  return { samples, events, end, odometerM: odo, lat, lon };
}

/** Parked: a stationary sample every 2 minutes. */
export function parked(from: Date, minutes: number, at: { lat: number; lon: number; odometerM: number }, seq: number): Sample[] {
  return Array.from({ length: Math.floor(minutes / 2) }, (_, i) => ({
    ts: new Date(from.getTime() + (i + 1) * 120_000),
    seq: seq + i,
    signals: {
      'Vehicle.Speed': 0,
      'Vehicle.CurrentLocation.Latitude': at.lat,
      'Vehicle.CurrentLocation.Longitude': at.lon,
      'Vehicle.TraveledDistance': Math.floor(at.odometerM),
    },
  }));
}

/** A day of one car: two ignition trips, one without any ignition events, one whose ignition.off was lost. */
export function aRecordedDay(dayStart: Date) {
  const samples: Sample[] = [];
  const events: VehicleEvent[] = [];
  let pos = { lat: 48.1374, lon: 11.5755, odometerM: 10_000_000 };
  let seq = 1;
  const plan: Array<{ at: number; minutes: number; ignition: 'both' | 'on-only' | 'none' }> = [
    { at: 7 * 60, minutes: 25, ignition: 'both' },
    { at: 12 * 60, minutes: 12, ignition: 'none' },
    { at: 16 * 60, minutes: 30, ignition: 'on-only' },
    { at: 19 * 60, minutes: 18, ignition: 'both' },
  ];
  for (const p of plan) {
    const d = aDrive({ start: new Date(dayStart.getTime() + p.at * 60_000), minutes: p.minutes, ...pos, ignition: p.ignition, seq });
    samples.push(...d.samples);
    events.push(...d.events);
    seq += d.samples.length;
    pos = { lat: d.lat, lon: d.lon, odometerM: d.odometerM };
    const park = parked(d.end, 30, pos, seq);
    samples.push(...park);
    seq += park.length;
  }
  return { samples, events };
}
