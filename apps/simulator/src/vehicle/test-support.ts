import { randomUUID, type KeyObject } from 'node:crypto';
import { signCommand, type CommandMessageT } from '@marque/contracts/vehicle';
import { createRng } from '../random';
import { VehicleModel, type ModelOptions } from './model';
import type { VehicleSpec } from './state';

export const T0 = Date.parse('2026-03-10T06:00:00.000Z');

export function aSpec(over: Partial<VehicleSpec> = {}): VehicleSpec {
  return { vin: 'SAUVL0AB6KA010000', deviceSecret: 'demo-secret', powertrain: 'PHEV', market: 'GB', headUnit: 'mm21', ...over };
}

export function aModel(over: Partial<VehicleSpec> = {}, opts: ModelOptions = {}, seed = 1): VehicleModel {
  return new VehicleModel(aSpec(over), createRng(seed), createRng(seed + 1000), T0, opts);
}

/** A command signed with `key`, valid for a minute from `now`. */
export function aCommand(key: KeyObject, over: Partial<Omit<CommandMessageT, 'sig'>> = {}, now = T0): CommandMessageT {
  return signCommand(
    {
      id: randomUUID(),
      vin: 'SAUVL0AB6KA010000',
      name: 'doors.lock',
      params: {},
      issuedAt: new Date(now).toISOString(),
      expiresAt: new Date(now + 60_000).toISOString(),
      counter: 1,
      ...over,
    },
    key,
  );
}
