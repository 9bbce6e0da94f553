import { Type, type Static } from '@sinclair/typebox';

/** A car in the owner's garage: what the registry says about it and since when the account holds it. */
export const GarageVehicle = Type.Object({
  vin: Type.String(),
  brand: Type.String(),
  model: Type.String(),
  modelYear: Type.Integer(),
  powertrain: Type.Union([Type.Literal('HEV'), Type.Literal('PHEV'), Type.Literal('BEV'), Type.Literal('ICE')]),
  headUnit: Type.Union([Type.Literal('none'), Type.Literal('mm16'), Type.Literal('mm19'), Type.Literal('mm21')]),
  /** When the account's holding began (active), else when the car was added to the garage. */
  since: Type.String({ format: 'date-time' }),
  nickname: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  /** active: this account holds the car's connected services; inactive: nobody or another account does (no data access). */
  status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('inactive')])),
  /** Another account holds the car's services: activating takes them over by proving physical access. */
  heldElsewhere: Type.Optional(Type.Boolean()),
  current: Type.Optional(Type.Boolean()),
  smartConnect: Type.Optional(Type.Boolean()),
});
export type GarageVehicleT = Static<typeof GarageVehicle>;

export const Garage = Type.Object({ vehicles: Type.Array(GarageVehicle) });
export type GarageT = Static<typeof Garage>;
