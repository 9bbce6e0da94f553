import { Type, type Static } from '@sinclair/typebox';

export const POWERTRAINS = ['HEV', 'PHEV', 'BEV', 'ICE'] as const;
export type Powertrain = (typeof POWERTRAINS)[number];

/**
 * Head-unit generations as the factory feed names them. `none`: no telematics unit;
 * `mm16`: app services only; `mm19`: adds remote services and multimedia online; `mm21`: adds Smart
 * Connect and the accident assistant's crash sensor feed.
 */
export const HEAD_UNITS = ['none', 'mm16', 'mm19', 'mm21'] as const;
export type HeadUnit = (typeof HEAD_UNITS)[number];

/** Columns of the factory's vehicle registry feed, in CSV header order. */
export const REGISTRY_COLUMNS = [
  'vin',
  'brand',
  'model',
  'model_year',
  'powertrain',
  'head_unit',
  'smart_connect',
  'market',
  'delivery_date',
  'device_secret',
] as const;

/** One vehicle of the registry feed after validation. */
export interface RegistryVehicle {
  vin: string;
  brand: string;
  model: string;
  modelYear: number;
  powertrain: Powertrain;
  headUnit: HeadUnit;
  smartConnect: boolean;
  market: string;
  deliveryDate: string | null;
  deviceSecret: string;
}

export const Vin = Type.String({
  minLength: 1,
  maxLength: 40,
  description: 'Vehicle identification number (ISO 3779), 17 characters',
  examples: ['SMKAB1DEF00123456'],
});
export type VinT = Static<typeof Vin>;
