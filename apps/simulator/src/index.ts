// @marque/simulator: virtual vehicles that speak only the public vehicle contract (@marque/contracts).
export { startFleet, fetchCommandKey } from './fleet';
export type { Fleet, FleetOptions, FleetStats } from './fleet';
export type { SimLogger } from './vehicle-client';
export type { VehicleSpec } from './vehicle/state';
export type { ModelOptions } from './vehicle/model';
export type { IncidentKind, IncidentRates } from './vehicle/trip';
export { readRegistry } from './registry';
export { runSimulateCommand } from './cli';
export type { SimulateOptions } from './cli';
export { virtualClock } from './clock';
export type { SimClock } from './clock';
