import type { Powertrain } from '@marque/contracts';
import type { SignalValue } from '@marque/contracts/vehicle';
import { chargePowerW, ranges, secondsToFull } from './energy';
import { DOORS, PROFILES, WHEELS, hasFuel, hasTractionBattery, type VehicleState } from './state';

export type Signals = Record<string, SignalValue>;

const r1 = (v: number) => Math.round(v * 10) / 10;
const r6 = (v: number) => Math.round(v * 1e6) / 1e6;
const BATTERY = 'Vehicle.Powertrain.TractionBattery';

/** What changes second by second while driving. */
export function drivingSignals(pt: Powertrain, s: VehicleState): Signals {
  const kmh = s.speedMs * 3.6;
  const out: Signals = {
    'Vehicle.Speed': r1(kmh),
    'Vehicle.IsMoving': kmh > 0.5,
    'Vehicle.CurrentLocation.Latitude': r6(s.lat),
    'Vehicle.CurrentLocation.Longitude': r6(s.lon),
    'Vehicle.CurrentLocation.Heading': r1(s.heading % 360),
    'Vehicle.TraveledDistance': Math.floor(s.odometerM),
    'Vehicle.Acceleration.Longitudinal': r1(s.accelMs2),
    'Vehicle.Chassis.Accelerator.PedalPosition': Math.round(s.acceleratorPct),
    'Vehicle.Chassis.Brake.PedalPosition': Math.round(s.brakePct),
    'Vehicle.Powertrain.Transmission.CurrentGear': s.ignition ? (kmh > 0.5 ? Math.min(8, 1 + Math.floor(kmh / 18)) : 0) : 0,
    'Vehicle.Powertrain.Range': ranges(pt, s).totalM,
  };
  Object.assign(out, energySignals(pt, s));
  if (hasFuel(pt)) {
    out['Vehicle.Powertrain.CombustionEngine.IsRunning'] = s.engineOn;
    out['Vehicle.Powertrain.CombustionEngine.Speed'] = s.engineOn
      ? Math.round(800 + kmh * 28 + Math.max(0, s.accelMs2) * 300)
      : 0;
    out['Vehicle.Powertrain.FuelSystem.InstantConsumption'] =
      s.engineOn && kmh > 3 ? r1(Math.min(100, PROFILES[pt].lPer100Km * (0.7 + Math.max(0, s.accelMs2) * 0.6))) : 0;
  }
  if (pt !== 'ICE') out['Vehicle.Powertrain.ElectricMotor.Speed'] = s.engineOn ? 0 : Math.round(kmh * 95);
  return out;
}

function energySignals(pt: Powertrain, s: VehicleState): Signals {
  const out: Signals = {};
  const r = ranges(pt, s);
  if (hasFuel(pt)) {
    const p = PROFILES[pt];
    out['Vehicle.Powertrain.FuelSystem.RelativeLevel'] = Math.round((s.fuelL / p.tankL) * 100);
    out['Vehicle.Powertrain.FuelSystem.AbsoluteLevel'] = r1(s.fuelL);
    out['Vehicle.Powertrain.FuelSystem.Range'] = r.fuelM;
  }
  if (hasTractionBattery(pt)) {
    out[`${BATTERY}.StateOfCharge.Displayed`] = r1(s.socPct);
    out[`${BATTERY}.StateOfCharge.Current`] = Math.round(s.socPct * 100) / 100;
    out[`${BATTERY}.Range`] = r.batteryM;
    out[`${BATTERY}.CurrentPower`] = Math.round(chargePowerW(pt, s));
  }
  return out;
}

/** The whole picture: sent at ignition changes, on wake-ups, after commands and now and then while driving. */
export function fullSignals(pt: Powertrain, s: VehicleState, ctx: { now: number; exteriorC: number }): Signals {
  const out: Signals = { ...drivingSignals(pt, s) };
  const locked = s.locked;
  DOORS.forEach((d, i) => {
    out[`Vehicle.Cabin.Door.${d}.IsOpen`] = s.doorsOpen[i]!;
    out[`Vehicle.Cabin.Door.${d}.IsLocked`] = locked;
    out[`Vehicle.Cabin.Door.${d}.Window.Position`] = Math.round(s.windowsPct[i]!);
  });
  out['Vehicle.Body.Trunk.Rear.IsOpen'] = false;
  out['Vehicle.Body.Trunk.Rear.IsLocked'] = locked;
  out['Vehicle.Body.Hood.IsOpen'] = false;
  WHEELS.forEach((w, i) => {
    const kPa = Math.max(0, Math.round(s.tyresKPa[i]!));
    out[`Vehicle.Chassis.Axle.${w}.Tire.Pressure`] = kPa;
    out[`Vehicle.Chassis.Axle.${w}.Tire.IsPressureLow`] = kPa < s.nominalKPa[i]! * 0.8;
  });
  out['Vehicle.LowVoltageBattery.CurrentVoltage'] = r1(lowVoltage(pt, s));
  out['Vehicle.LowVoltageBattery.NominalVoltage'] = 12;
  const timeToService = Math.round((s.serviceDueAt - ctx.now) / 1000);
  out['Vehicle.Service.DistanceToService'] = r1(Math.max(-100_000, s.serviceKm));
  out['Vehicle.Service.TimeToService'] = Math.max(-34_560_000, Math.min(69_120_000, timeToService));
  out['Vehicle.Service.IsServiceDue'] = s.serviceKm <= 0 || timeToService <= 0;
  out['Vehicle.Body.Lights.Hazard.IsSignaling'] = ctx.now < s.hazardsUntil;
  out['Vehicle.Body.Lights.Beam.Low.IsOn'] = ctx.now < s.lowBeamUntil;
  out['Vehicle.Cabin.HVAC.IsAirConditioningActive'] = ctx.now < s.hvacUntil;
  out['Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature'] = r1(s.hvacTargetC);
  out['Vehicle.Cabin.HVAC.AmbientAirTemperature'] = r1(s.cabinC);
  out['Vehicle.Exterior.AirTemperature'] = r1(ctx.exteriorC);
  out['Vehicle.Chassis.ParkingBrake.IsEngaged'] = !s.ignition;
  if (hasTractionBattery(pt)) {
    out[`${BATTERY}.Charging.IsCharging`] = s.charging;
    out[`${BATTERY}.Charging.ChargeLimit`] = s.chargeLimitPct;
    out[`${BATTERY}.Charging.TimeToComplete`] = secondsToFull(pt, s);
    out[`${BATTERY}.Charging.ChargeRate`] = s.charging ? r1((PROFILES[pt].chargeKw / PROFILES[pt].kWhPer100Km) * 100) : 0;
    out[`${BATTERY}.NetCapacity`] = Math.round(PROFILES[pt].batteryKWh);
  }
  return out;
}

/** The 12 V battery: charged by the alternator or DC-DC converter while on, its resting voltage otherwise. */
export function lowVoltage(pt: Powertrain, s: VehicleState): number {
  if (s.ignition) return pt === 'ICE' && !s.engineOn ? 12.4 : 14.1;
  return s.lvRestV;
}
