import type { Powertrain } from '@marque/contracts';
import type { Rng } from '../random';
import type { City } from './routes';

/** One simulated vehicle as the registry knows it. */
export interface VehicleSpec {
  vin: string;
  deviceSecret: string;
  powertrain: Powertrain;
  /** Head-unit generation; only `mm21` feeds the crash sensor (collision events). Unknown means yes. */
  headUnit?: string;
  market?: string;
  modelYear?: number;
}

export interface PowertrainProfile {
  tankL: number;
  lPer100Km: number;
  batteryKWh: number;
  kWhPer100Km: number;
  /** Up to this speed a hybrid may run on electricity alone. */
  electricMaxKmh: number;
  chargeKw: number;
}

export const PROFILES: Record<Powertrain, PowertrainProfile> = {
  ICE: { tankL: 52, lPer100Km: 7.4, batteryKWh: 0, kWhPer100Km: 0, electricMaxKmh: 0, chargeKw: 0 },
  HEV: { tankL: 43, lPer100Km: 4.8, batteryKWh: 0, kWhPer100Km: 0, electricMaxKmh: 35, chargeKw: 0 },
  PHEV: { tankL: 40, lPer100Km: 6.2, batteryKWh: 14.4, kWhPer100Km: 19, electricMaxKmh: 110, chargeKw: 3.7 },
  BEV: { tankL: 0, lPer100Km: 0, batteryKWh: 72, kWhPer100Km: 17.5, electricMaxKmh: 250, chargeKw: 11 },
};

export const hasFuel = (p: Powertrain) => p !== 'BEV';
export const hasTractionBattery = (p: Powertrain) => p === 'BEV' || p === 'PHEV';
export const WHEELS = ['Row1.Wheel.Left', 'Row1.Wheel.Right', 'Row2.Wheel.Left', 'Row2.Wheel.Right'] as const;
export const DOORS = ['Row1.DriverSide', 'Row1.PassengerSide', 'Row2.DriverSide', 'Row2.PassengerSide'] as const;

/** Everything that changes about a vehicle; small on purpose (a thousand of these share one process). */
export interface VehicleState {
  lat: number;
  lon: number;
  heading: number;
  speedMs: number;
  accelMs2: number;
  acceleratorPct: number;
  brakePct: number;
  odometerM: number;
  fuelL: number;
  socPct: number;
  engineOn: boolean;
  ignition: boolean;
  plugged: boolean;
  charging: boolean;
  chargeLimitPct: number;
  locked: boolean;
  doorsOpen: boolean[];
  windowsPct: number[];
  hazardsUntil: number;
  lowBeamUntil: number;
  hvacUntil: number;
  hvacTargetC: number;
  cabinC: number;
  tyresKPa: number[];
  nominalKPa: number[];
  leak: { wheel: number; kPaPerH: number } | null;
  dtcs: string[];
  lvRestV: number;
  lvDrainVPerH: number;
  serviceKm: number;
  serviceDueAt: number;
}

export function initialState(spec: VehicleSpec, city: City, rng: Rng, nowMs: number): VehicleState {
  const p = PROFILES[spec.powertrain];
  const ageYears = Math.max(0.3, new Date(nowMs).getUTCFullYear() - (spec.modelYear ?? 2022) + rng.next());
  const nominal = [240, 240, 250, 250];
  return {
    lat: city.hub.lat,
    lon: city.hub.lon,
    heading: rng.int(0, 359),
    speedMs: 0,
    accelMs2: 0,
    acceleratorPct: 0,
    brakePct: 0,
    odometerM: Math.round(ageYears * rng.between(8_000_000, 16_000_000)),
    fuelL: p.tankL * rng.between(0.3, 0.95),
    socPct: p.batteryKWh ? rng.between(35, 90) : 0,
    engineOn: false,
    ignition: false,
    plugged: false,
    charging: false,
    chargeLimitPct: spec.powertrain === 'BEV' ? 80 : 100,
    locked: true,
    doorsOpen: [false, false, false, false],
    windowsPct: [0, 0, 0, 0],
    hazardsUntil: 0,
    lowBeamUntil: 0,
    hvacUntil: 0,
    hvacTargetC: 21,
    cabinC: city.meanTempC,
    tyresKPa: nominal.map((n) => n - rng.int(0, 8)),
    nominalKPa: nominal,
    leak: null,
    dtcs: [],
    lvRestV: rng.between(12.45, 12.75),
    lvDrainVPerH: rng.chance(0.1) ? rng.between(0.01, 0.03) : rng.between(0.001, 0.004),
    serviceKm: rng.between(-200, 30_000),
    serviceDueAt: nowMs + rng.between(-5, 365) * 86_400_000,
  };
}
