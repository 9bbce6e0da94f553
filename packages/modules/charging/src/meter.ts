import { ENERGY_REGISTER, type MeterReading, type MeterSample } from './charging.types';

const WH_PER_UNIT: Record<string, number> = { Wh: 1, kWh: 1000 };

function registerWh(s: MeterSample): number | undefined {
  const scale = WH_PER_UNIT[s.unit];
  // Per-phase or EV-side registers are not the session's energy; the outlet total is.
  if (s.measurand !== ENERGY_REGISTER || s.phase || (s.location && s.location !== 'Outlet') || !scale) return undefined;
  return s.value * scale;
}

/** The energy register in Wh from the latest reading that has one, or undefined. */
export function energyRegisterWh(readings: MeterReading[] | undefined): number | undefined {
  const sorted = [...(readings ?? [])].sort((a, b) => a.ts.getTime() - b.ts.getTime());
  let wh: number | undefined;
  for (const r of sorted) {
    for (const s of r.samples) wh = registerWh(s) ?? wh;
  }
  return wh;
}

const UNIT_BY_MEASURAND_PREFIX: Array<[string, string]> = [
  ['Energy', 'Wh'],
  ['Power.Factor', ''],
  ['Power', 'W'],
  ['Current', 'A'],
  ['Voltage', 'V'],
  ['SoC', 'Percent'],
  ['Temperature', 'Celsius'],
  ['Frequency', 'Hz'],
];

/** The unit a sampled value has when it names none (both versions default to Wh for energy). */
export function defaultUnit(measurand: string): string {
  return UNIT_BY_MEASURAND_PREFIX.find(([p]) => measurand.startsWith(p))?.[1] ?? '';
}
