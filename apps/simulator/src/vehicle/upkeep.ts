import type { Powertrain } from '@marque/contracts';
import type { Rng } from '../random';
import type { City } from './routes';
import type { VehicleState } from './state';

const HOUR = 3_600_000;

export function localHour(city: City, ms: number): number {
  return (((ms / HOUR + city.utcOffsetH) % 24) + 24) % 24;
}

/** Daily and yearly swing around the city's mean, coldest before dawn and in mid-January. */
export function exteriorTemp(city: City, ms: number, offsetC: number): number {
  const day = (ms / 86_400_000) % 365.25;
  const daily = 5 * Math.sin((2 * Math.PI * (localHour(city, ms) - 9)) / 24);
  const yearly = -8 * Math.cos((2 * Math.PI * (day - 15)) / 365.25);
  return city.meanTempC + daily + yearly + offsetC;
}

/** When a parked car leaves next: hours later by day, next morning when that would fall in the night. */
export function nextDeparture(city: City, now: number, rng: Rng): number {
  let at = now + rng.between(0.25, 5) * HOUR;
  const h = localHour(city, at);
  if (h >= 22 || h < 6) at += ((24 + 6.5 - h) % 24) * HOUR + rng.between(0, 2.5) * HOUR;
  return Math.ceil(at / 1000) * 1000;
}

/** Slow changes that happen parked or driving: tyre leaks, the 12 V battery, cabin temperature. */
export function wear(s: VehicleState, dtS: number, ctx: { now: number; exteriorC: number }): void {
  const dtH = dtS / 3600;
  if (s.leak) s.tyresKPa[s.leak.wheel] = Math.max(60, s.tyresKPa[s.leak.wheel]! - s.leak.kPaPerH * dtH);
  if (s.ignition) s.lvRestV = Math.min(12.75, s.lvRestV + 0.3 * dtH);
  else s.lvRestV = Math.max(10.8, s.lvRestV - s.lvDrainVPerH * dtH);
  const hvac = ctx.now < s.hvacUntil || s.ignition;
  const goal = hvac ? s.hvacTargetC : ctx.exteriorC + (s.windowsPct.some((w) => w > 0) ? 0 : 3);
  const tau = hvac ? 400 : 3600;
  s.cabinC += (goal - s.cabinC) * Math.min(1, dtS / tau);
}

const CODES: { code: string; only?: Powertrain[] }[] = [
  { code: 'P0420', only: ['ICE', 'HEV', 'PHEV'] },
  { code: 'P0171', only: ['ICE', 'HEV', 'PHEV'] },
  { code: 'P0300', only: ['ICE', 'HEV', 'PHEV'] },
  { code: 'P0A80', only: ['HEV', 'PHEV'] },
  { code: 'P0AA6', only: ['HEV', 'PHEV', 'BEV'] },
  { code: 'C0035' },
  { code: 'B1318' },
  { code: 'U0100' },
];

/** At ignition: now and then a new warning code, now and then one cleared; returns what changed. */
export function rollFaults(pt: Powertrain, s: VehicleState, rng: Rng): { set: string[]; cleared: string[] } {
  const set: string[] = [];
  const cleared: string[] = [];
  if (s.dtcs.length > 0 && rng.chance(0.25)) cleared.push(...s.dtcs.splice(rng.int(0, s.dtcs.length - 1), 1));
  const weak = s.lvRestV < 11.9 && !s.dtcs.includes('B1318');
  if (weak || rng.chance(0.025)) {
    const options = CODES.filter((c) => !c.only || c.only.includes(pt)).map((c) => c.code);
    const code = weak ? 'B1318' : rng.pick(options);
    if (!s.dtcs.includes(code)) {
      s.dtcs.push(code);
      set.push(code);
    }
  }
  if (!s.leak && rng.chance(0.02)) s.leak = { wheel: rng.int(0, 3), kPaPerH: rng.between(1, 6) };
  return { set, cleared };
}

/** At parking: a badly leaking tyre gets fixed sometimes, a weak 12 V battery gets replaced now and then. */
export function parkingFixes(s: VehicleState, rng: Rng): void {
  if (s.leak && s.tyresKPa[s.leak.wheel]! < 170 && rng.chance(0.5)) {
    s.tyresKPa[s.leak.wheel] = s.nominalKPa[s.leak.wheel]!;
    s.leak = null;
  }
  if (s.lvRestV < 11.6 && rng.chance(0.3)) s.lvRestV = 12.7;
}
