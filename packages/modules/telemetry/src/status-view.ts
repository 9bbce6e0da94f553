import type { VehicleStatusT, VehicleLocationT } from '@marque/contracts';
import type { StateReading, ConnectionRow } from './telemetry.repository';

type Reading<T> = { value: T; at: string; staleSeconds: number } | null;

const V = 'Vehicle.';
const DOORS = {
  row1DriverSide: 'Row1.DriverSide',
  row1PassengerSide: 'Row1.PassengerSide',
  row2DriverSide: 'Row2.DriverSide',
  row2PassengerSide: 'Row2.PassengerSide',
} as const;
const WHEELS = {
  frontLeft: 'Row1.Wheel.Left',
  frontRight: 'Row1.Wheel.Right',
  rearLeft: 'Row2.Wheel.Left',
  rearRight: 'Row2.Wheel.Right',
} as const;
/** Below this the 12 V battery may not start the car (a resting lead-acid battery at roughly 25 % charge). */
const LOW_12V = 11.8;

function reader(state: StateReading[], now: Date) {
  const by = new Map(state.map((s) => [s.signal, s]));
  const read = <T>(signal: string, ok: (v: unknown) => v is T, map: (v: T) => T = (v) => v): Reading<T> => {
    const s = by.get(`${V}${signal}`);
    if (!s || !ok(s.value)) return null;
    return {
      value: map(s.value),
      at: s.ts.toISOString(),
      staleSeconds: Math.max(0, Math.floor((now.getTime() - s.ts.getTime()) / 1000)),
    };
  };
  const isNum = (v: unknown): v is number => typeof v === 'number';
  const isBool = (v: unknown): v is boolean => typeof v === 'boolean';
  return {
    num: (signal: string, map?: (v: number) => number) => read(signal, isNum, map),
    bool: (signal: string) => read(signal, isBool),
  };
}

const km = (m: number) => Math.round(m / 100) / 10;

/** Maps the VSS latest-value table to the owner's status view; every value carries its time and staleness. */
export function statusView(vin: string, state: StateReading[], conn: ConnectionRow | null, now: Date): VehicleStatusT {
  const r = reader(state, now);
  const doors = Object.fromEntries(
    Object.entries(DOORS).map(([k, p]) => [
      k,
      {
        open: r.bool(`Cabin.Door.${p}.IsOpen`),
        locked: r.bool(`Cabin.Door.${p}.IsLocked`),
        windowOpenPercent: r.num(`Cabin.Door.${p}.Window.Position`),
      },
    ]),
  ) as VehicleStatusT['doors'];
  const tyres = Object.fromEntries(
    Object.entries(WHEELS).map(([k, p]) => [
      k,
      { pressureKpa: r.num(`Chassis.Axle.${p}.Tire.Pressure`), low: r.bool(`Chassis.Axle.${p}.Tire.IsPressureLow`) },
    ]),
  ) as VehicleStatusT['tyres'];
  const locks = Object.values(doors).map((d) => d.locked?.value);
  const status: VehicleStatusT = {
    vin,
    asOf: now.toISOString(),
    connection: {
      online: conn?.online ?? false,
      since: conn?.since.toISOString() ?? null,
      lastSeenAt: conn?.lastSeenAt.toISOString() ?? null,
    },
    doors,
    allLocked: locks.some((l) => l === undefined) ? null : locks.every(Boolean),
    trunk: { open: r.bool('Body.Trunk.Rear.IsOpen'), locked: r.bool('Body.Trunk.Rear.IsLocked') },
    hood: { open: r.bool('Body.Hood.IsOpen') },
    fuel: { levelPercent: r.num('Powertrain.FuelSystem.RelativeLevel'), rangeKm: r.num('Powertrain.FuelSystem.Range', km) },
    tractionBattery: {
      stateOfChargePercent: r.num('Powertrain.TractionBattery.StateOfCharge.Displayed'),
      rangeKm: r.num('Powertrain.TractionBattery.Range', km),
      charging: r.bool('Powertrain.TractionBattery.Charging.IsCharging'),
    },
    rangeKm: r.num('Powertrain.Range', km),
    // VSS TraveledDistance is in metres; owners read kilometres.
    odometerKm: r.num('TraveledDistance', (m) => Math.floor(m / 1000)),
    tyres,
    lowVoltageBattery: { voltage: r.num('LowVoltageBattery.CurrentVoltage') },
    climate: {
      active: r.bool('Cabin.HVAC.IsAirConditioningActive'),
      cabinTemperatureC: r.num('Cabin.HVAC.AmbientAirTemperature'),
      targetTemperatureC: r.num('Cabin.HVAC.Station.Row1.Driver.Temperature'),
      frontDefroster: r.bool('Cabin.HVAC.IsFrontDefrosterActive'),
    },
    hazardLights: r.bool('Body.Lights.Hazard.IsSignaling'),
    service: {
      due: r.bool('Service.IsServiceDue'),
      distanceKm: r.num('Service.DistanceToService'),
      timeDays: r.num('Service.TimeToService', (s) => Math.floor(s / 86400)),
    },
    warnings: [],
  };
  status.warnings = warnings(status);
  return status;
}

function warnings(s: VehicleStatusT): VehicleStatusT['warnings'] {
  const out: VehicleStatusT['warnings'] = [];
  for (const [wheel, t] of Object.entries(s.tyres)) {
    if (t.low?.value) out.push({ code: 'tyre.pressure_low', message: `Low tyre pressure (${wheel})`, at: t.low.at });
  }
  const v = s.lowVoltageBattery.voltage;
  if (v && v.value < LOW_12V) out.push({ code: 'battery12v.low', message: `12 V battery is low (${v.value} V)`, at: v.at });
  if (s.service.due?.value) out.push({ code: 'service.due', message: 'Service is due', at: s.service.due.at });
  if (s.hood.open?.value) out.push({ code: 'hood.open', message: 'The hood is open', at: s.hood.open.at });
  return out;
}

export function locationView(vin: string, state: StateReading[], now: Date): VehicleLocationT {
  const r = reader(state, now);
  const lat = r.num('CurrentLocation.Latitude');
  const lon = r.num('CurrentLocation.Longitude');
  if (!lat || !lon) return { vin, location: null };
  const moving = r.bool('IsMoving');
  return {
    vin,
    location: {
      lat: lat.value,
      lon: lon.value,
      heading: r.num('CurrentLocation.Heading')?.value ?? null,
      at: lat.at < lon.at ? lat.at : lon.at,
      staleSeconds: Math.max(lat.staleSeconds, lon.staleSeconds),
      parked: moving ? !moving.value : null,
    },
  };
}
