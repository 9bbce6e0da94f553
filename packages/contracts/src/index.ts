export { checkVin, vinCheckDigit, vinRequiresCheckDigit, withCheckDigit, VIN_ALPHABET } from './vin';
export type { VinCheck, VinRule } from './vin';
export * from './vehicle-registry';
export * from './connectivity';
export * from './vehicle-status';
export * from './garage';
