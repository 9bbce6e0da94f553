import { AppError, type Clock } from '@marque/kernel';
import type { GarageVehicleT } from '@marque/contracts';
import type { VehicleHoldersRepository } from './vehicle-holders.repository';
import type { StoredVehicle, VehiclesRepository } from './vehicles.repository';
import type { GarageRepository } from './garage.repository';
import type { VehicleHooks } from './vehicle-hooks';
import { requireValidVin } from './vehicles.service';

export interface GarageDeps {
  repo: VehiclesRepository;
  holders: VehicleHoldersRepository;
  garage: GarageRepository;
  hooks: VehicleHooks;
  clock: Clock;
}

/**
 * My garage: the cars an account added, and whether it holds their connected services. A car may sit in
 * several garages; only the holder's entry is active, the others see no data.
 */
export function createGarageService(deps: GarageDeps) {
  async function knownVehicle(vinInput: string): Promise<StoredVehicle> {
    const vin = requireValidVin(vinInput);
    const v = await deps.repo.findByVin(vin);
    if (!v) throw new AppError('not_found', `No vehicle with VIN ${vin} is in the registry.`, { code: 'vehicle.unknown' });
    return v;
  }

  async function list(accountId: string): Promise<GarageVehicleT[]> {
    const now = deps.clock.now();
    const [entries, held] = await Promise.all([deps.garage.entries(accountId), deps.holders.heldBy(accountId, now)]);
    const out: GarageVehicleT[] = [];
    const seen = new Set<string>();
    for (const h of held) {
      const e = entries.find((x) => x.vin === h.vin);
      const v = (await deps.repo.findByVin(h.vin))!;
      out.push(view(v, { since: h.since, status: 'active', heldElsewhere: false, nickname: e?.nickname ?? null, current: !!e?.isCurrent }));
      seen.add(h.vin);
    }
    for (const e of entries) {
      if (seen.has(e.vin)) continue;
      const v = await deps.repo.findByVin(e.vin);
      if (!v) continue;
      const holder = await deps.holders.holderAt(e.vin, now);
      out.push(view(v, { since: e.addedAt, status: 'inactive', heldElsewhere: !!holder, nickname: e.nickname, current: e.isCurrent }));
    }
    // Without a chosen car, the first active one (else the first) is the current car.
    if (out.length && !out.some((c) => c.current)) (out.find((c) => c.status === 'active') ?? out[0])!.current = true;
    return out;
  }

  async function get(accountId: string, vinInput: string): Promise<GarageVehicleT> {
    const vin = requireValidVin(vinInput);
    const hit = (await list(accountId)).find((r) => r.vin === vin);
    if (!hit) throw new AppError('not_found', `The car ${vin} is not in your garage.`, { code: 'garage.not_held' });
    return hit;
  }

  return {
    list,
    get,

    /** Adds a car by VIN (inactive until the account proves physical access, unless it holds it already). */
    async add(accountId: string, vinInput: string): Promise<{ vehicle: GarageVehicleT; added: boolean }> {
      const v = await knownVehicle(vinInput);
      if (v.headUnit === 'none') {
        throw new AppError('unprocessable', `This ${v.brand} ${v.model} has no connected-services unit.`, {
          code: 'vehicle.not_connected',
        });
      }
      const added = await deps.garage.addEntry(accountId, v.vin, deps.clock.now());
      return { vehicle: await get(accountId, v.vin), added };
    },

    /** Removes a car: if the account held it, the holding ends now, its subscriptions are cancelled and services stop. */
    async remove(accountId: string, vinInput: string): Promise<void> {
      const vin = requireValidVin(vinInput);
      const now = deps.clock.now();
      const holder = await deps.holders.holderAt(vin, now);
      const wasHolder = holder?.accountId === accountId;
      const hadEntry = await deps.garage.removeEntry(accountId, vin);
      if (!hadEntry && !wasHolder) throw new AppError('not_found', `The car ${vin} is not in your garage.`, { code: 'garage.not_held' });
      if (wasHolder) await deps.holders.endHolding(vin, now);
      for (const h of deps.hooks.removed) await h({ vin, accountId, at: now, wasHolder });
    },

    async update(accountId: string, vinInput: string, patch: { nickname?: string | null; current?: boolean }) {
      const vin = requireValidVin(vinInput);
      await get(accountId, vin);
      // A car held without an entry (older holdings) gets one, so it can carry a nickname.
      await deps.garage.addEntry(accountId, vin, deps.clock.now());
      if (patch.nickname !== undefined) await deps.garage.setNickname(accountId, vin, patch.nickname?.trim() || null);
      if (patch.current) await deps.garage.setCurrent(accountId, vin);
      return get(accountId, vin);
    },

    /**
     * Makes `accountId` the holder of `vin` from `since`, unless it already holds it (a no-op, so a demo
     * restart keeps the history). Used by the demo and by tests; owners go through activation.
     */
    async assign(vin: string, accountId: string, since: Date): Promise<void> {
      if (!(await deps.repo.findByVin(vin))) throw new AppError('not_found', `No vehicle with VIN ${vin} is known.`);
      await deps.garage.addEntry(accountId, vin, since);
      const current = await deps.holders.holderAt(vin, deps.clock.now());
      if (current?.accountId === accountId) return;
      await deps.holders.startHolding(vin, accountId, since);
    },
  };
}

function view(
  v: StoredVehicle,
  s: { since: Date; status: 'active' | 'inactive'; heldElsewhere: boolean; nickname: string | null; current: boolean },
): GarageVehicleT {
  return {
    vin: v.vin,
    brand: v.brand,
    model: v.model,
    modelYear: v.modelYear,
    powertrain: v.powertrain,
    headUnit: v.headUnit,
    smartConnect: v.smartConnect,
    since: s.since.toISOString(),
    nickname: s.nickname,
    status: s.status,
    heldElsewhere: s.heldElsewhere,
    current: s.current,
  };
}

export type GarageService = ReturnType<typeof createGarageService>;
