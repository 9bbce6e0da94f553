import { Type, type Static, type TSchema } from '@sinclair/typebox';

/** One reported value with the car's time for it and how old it is now. */
const Reading = <T extends TSchema>(value: T) =>
  Type.Union([
    Type.Object({
      value,
      at: Type.String({ format: 'date-time' }),
      staleSeconds: Type.Integer({ minimum: 0, description: 'Seconds since the car measured it' }),
    }),
    Type.Null(),
  ]);
const Num = Reading(Type.Number());
const Bool = Reading(Type.Boolean());

const Door = Type.Object({ open: Bool, locked: Bool, windowOpenPercent: Num });
const Tyre = Type.Object({ pressureKpa: Num, low: Bool });

export const VehicleStatus = Type.Object({
  vin: Type.String(),
  asOf: Type.String({ format: 'date-time' }),
  connection: Type.Object({
    online: Type.Boolean(),
    since: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    lastSeenAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  }),
  doors: Type.Object({
    row1DriverSide: Door,
    row1PassengerSide: Door,
    row2DriverSide: Door,
    row2PassengerSide: Door,
  }),
  allLocked: Type.Union([Type.Boolean(), Type.Null()]),
  trunk: Type.Object({ open: Bool, locked: Bool }),
  hood: Type.Object({ open: Bool }),
  fuel: Type.Object({ levelPercent: Num, rangeKm: Num }),
  tractionBattery: Type.Object({ stateOfChargePercent: Num, rangeKm: Num, charging: Bool }),
  rangeKm: Num,
  odometerKm: Num,
  tyres: Type.Object({ frontLeft: Tyre, frontRight: Tyre, rearLeft: Tyre, rearRight: Tyre }),
  lowVoltageBattery: Type.Object({ voltage: Num }),
  climate: Type.Object({ active: Bool, cabinTemperatureC: Num, targetTemperatureC: Num, frontDefroster: Bool }),
  hazardLights: Bool,
  service: Type.Object({ due: Bool, distanceKm: Num, timeDays: Num }),
  warnings: Type.Array(Type.Object({ code: Type.String(), message: Type.String(), at: Type.String({ format: 'date-time' }) })),
});
export type VehicleStatusT = Static<typeof VehicleStatus>;

export const VehicleLocation = Type.Object({
  vin: Type.String(),
  location: Type.Union([
    Type.Object({
      lat: Type.Number(),
      lon: Type.Number(),
      heading: Type.Union([Type.Number(), Type.Null()]),
      at: Type.String({ format: 'date-time' }),
      staleSeconds: Type.Integer({ minimum: 0 }),
      parked: Type.Union([Type.Boolean(), Type.Null()]),
    }),
    Type.Null(),
  ]),
});
export type VehicleLocationT = Static<typeof VehicleLocation>;
