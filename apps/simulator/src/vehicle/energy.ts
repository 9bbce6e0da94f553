import type { Powertrain } from '@marque/contracts';
import { PROFILES, type VehicleState } from './state';

/** Below this state of charge a PHEV stops driving electrically. */
const PHEV_MIN_SOC = 15;

/** Whether the combustion engine runs at this instant: never for a BEV, always for an ICE, by load for hybrids. */
export function engineRuns(pt: Powertrain, s: VehicleState, kmh: number): boolean {
  if (pt === 'BEV') return false;
  if (pt === 'ICE') return s.ignition;
  if (!s.ignition || kmh < 0.5) return false;
  const p = PROFILES[pt];
  if (pt === 'PHEV' && s.socPct > PHEV_MIN_SOC) return kmh > p.electricMaxKmh || s.accelMs2 > 2.6;
  return kmh > p.electricMaxKmh || s.accelMs2 > 1.2;
}

/** Load factor: more energy at higher speed and while accelerating, some back while braking on electric drives. */
function load(kmh: number, accel: number, regen: boolean): number {
  const aero = 0.75 + (kmh / 100) ** 2 * 0.6;
  const kinetic = accel > 0 ? accel * 0.35 : regen ? accel * 0.25 : 0;
  return Math.max(regen ? -0.4 : 0.1, aero + kinetic);
}

/** Spends fuel or charge for `distM` metres driven, and idling fuel when stopped with the engine on. */
export function consume(pt: Powertrain, s: VehicleState, distM: number, dtS: number): void {
  const p = PROFILES[pt];
  const kmh = s.speedMs * 3.6;
  if (s.engineOn) {
    const idle = kmh < 1 ? (0.7 / 3600) * dtS : 0;
    s.fuelL = Math.max(0, s.fuelL - ((p.lPer100Km * distM) / 100_000) * load(kmh, s.accelMs2, false) - idle);
  } else if (p.batteryKWh > 0) {
    const kWh = ((p.kWhPer100Km * distM) / 100_000) * load(kmh, s.accelMs2, true);
    s.socPct = clampSoc(s.socPct - (kWh / p.batteryKWh) * 100);
  }
  // Hybrids recover a little into their small buffer battery; not reported, so no state for it.
}

/** Adds charge for `dtS` seconds plugged in; returns true when the limit was reached. */
export function charge(pt: Powertrain, s: VehicleState, dtS: number): boolean {
  const p = PROFILES[pt];
  if (!s.charging || p.batteryKWh === 0) return false;
  const taper = s.socPct > 80 ? 0.45 : 1;
  s.socPct = clampSoc(s.socPct + ((p.chargeKw * taper * dtS) / 3600 / p.batteryKWh) * 100);
  return s.socPct >= s.chargeLimitPct;
}

export const clampSoc = (v: number) => Math.max(0, Math.min(100, v));

/** Remaining range in metres for each energy source, and the combined range. */
export function ranges(pt: Powertrain, s: VehicleState): { fuelM: number; batteryM: number; totalM: number } {
  const p = PROFILES[pt];
  const fuelM = p.tankL ? Math.round((s.fuelL / p.lPer100Km) * 100_000) : 0;
  const usableSoc = pt === 'PHEV' ? Math.max(0, s.socPct - PHEV_MIN_SOC) : s.socPct;
  const batteryM = p.batteryKWh ? Math.round((((usableSoc / 100) * p.batteryKWh) / p.kWhPer100Km) * 100_000) : 0;
  return { fuelM, batteryM, totalM: fuelM + batteryM };
}

/** Seconds to reach the charge limit at the current power (slower above 80 %). */
export function secondsToFull(pt: Powertrain, s: VehicleState): number {
  const p = PROFILES[pt];
  if (!s.charging || !p.chargeKw) return 0;
  const kWh = (Math.max(0, s.chargeLimitPct - s.socPct) / 100) * p.batteryKWh;
  return Math.round((kWh / p.chargeKw) * 3600 * (s.socPct > 80 ? 2.2 : 1.1));
}

export function chargePowerW(pt: Powertrain, s: VehicleState): number {
  if (s.charging) return PROFILES[pt].chargeKw * 1000 * (s.socPct > 80 ? 0.45 : 1);
  if (!s.ignition || s.engineOn || !hasBattery(pt)) return 0;
  return -Math.round(Math.max(0.5, s.speedMs * 0.5 + s.accelMs2 * 8) * 1000);
}

const hasBattery = (pt: Powertrain) => PROFILES[pt].batteryKWh > 0;
