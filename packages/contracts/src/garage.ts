import { Type, type Static } from '@sinclair/typebox';

/** A car in the owner's garage: what the registry says about it and since when the account holds it. */
export const GarageVehicle = Type.Object({
  vin: Type.String(),
  brand: Type.String(),
  model: Type.String(),
  modelYear: Type.Integer(),
  powertrain: Type.Union([Type.Literal('HEV'), Type.Literal('PHEV'), Type.Literal('BEV'), Type.Literal('ICE')]),
  headUnit: Type.Union([Type.Literal('none'), Type.Literal('mm16'), Type.Literal('mm19'), Type.Literal('mm21')]),
  since: Type.String({ format: 'date-time' }),
});
export type GarageVehicleT = Static<typeof GarageVehicle>;

export const Garage = Type.Object({ vehicles: Type.Array(GarageVehicle) });
export type GarageT = Static<typeof Garage>;
