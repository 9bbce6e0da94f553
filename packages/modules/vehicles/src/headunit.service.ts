import { randomUUID } from 'node:crypto';
import { AppError, type Clock } from '@marque/kernel';
import type { VehicleHoldersRepository } from './vehicle-holders.repository';
import type { VehiclesRepository } from './vehicles.repository';
import type { HeadUnitProfileRow, HeadUnitRepository } from './headunit.repository';
import type { OwnershipService } from './ownership.service';
import type { VehicleHooks } from './vehicle-hooks';
import { requireValidVin } from './vehicles.service';

/** A head-unit user profile as the car and the app show it. */
export interface HeadUnitProfile {
  id: string;
  vin: string;
  displayName: string;
  signedInAt: string;
  /** False once the car changed hands: the entry stays on the screen, display-only, until someone removes it. */
  active: boolean;
}

const view = (r: HeadUnitProfileRow): HeadUnitProfile => ({
  id: r.id,
  vin: r.vin,
  displayName: r.displayName,
  signedInAt: r.signedInAt.toISOString(),
  active: r.signedOutAt === null,
});

export interface HeadUnitDeps {
  repo: VehiclesRepository;
  holders: VehicleHoldersRepository;
  headUnit: HeadUnitRepository;
  ownership: OwnershipService;
  hooks: VehicleHooks;
  clock: Clock;
}

/** The user profiles a car's head unit keeps (docs/ownership.md): who may add, see and remove them. */
export function createHeadUnitService(deps: HeadUnitDeps) {
  async function knownVin(vinInput: string): Promise<string> {
    const vin = requireValidVin(vinInput);
    if (!(await deps.repo.findByVin(vin))) throw new AppError('not_found', `No vehicle with VIN ${vin} is in the registry.`, { code: 'vehicle.unknown' });
    return vin;
  }

  async function end(r: HeadUnitProfileRow) {
    await deps.headUnit.deleteProfile(r.id);
    for (const h of deps.hooks.profileEnded) await h({ vin: r.vin, accountId: r.accountId, grantId: r.grantId });
  }

  /** Holder of the car and its registered owner (a car without an ownership record: its holder). */
  async function assertOwnerOnCar(accountId: string, vin: string, feature: string) {
    const holder = await deps.holders.holderAt(vin, deps.clock.now());
    if (holder?.accountId !== accountId) {
      throw new AppError('forbidden', `${feature} needs the car's connected services on your account.`, { code: 'vehicle.not_holder' });
    }
    const email = (await deps.hooks.account?.(accountId))?.email ?? '';
    await deps.ownership.assertRegisteredOwner(vin, email, feature);
  }

  return {
    assertOwnerOnCar,

    /** The account signed in on the car's screen: its profile is stored (or refreshed) with the head unit's grant. */
    async signedIn(accountId: string, vinInput: string, p: { grantId: string | null }): Promise<HeadUnitProfile> {
      const vin = await knownVin(vinInput);
      const before = await deps.headUnit.profile(vin, accountId);
      // What the car shows: the account's name as it is now (a later rename shows at the next sign-in).
      const displayName = ((await deps.hooks.account?.(accountId))?.name ?? 'Driver').slice(0, 80);
      const row = await deps.headUnit.upsertProfile({ id: randomUUID(), vin, accountId, displayName, grantId: p.grantId, at: deps.clock.now() });
      // A new sign-in replaces the old grant on this car; the old one must not stay usable.
      if (before?.grantId && before.grantId !== p.grantId) {
        for (const h of deps.hooks.profileEnded) await h({ vin, accountId, grantId: before.grantId });
      }
      return view(row);
    },

    /** Every profile on the car, for its own screen. */
    async onCar(vinInput: string): Promise<HeadUnitProfile[]> {
      return (await deps.headUnit.profilesOf(await knownVin(vinInput))).map(view);
    },

    /** My profile on that car, or null. */
    async mine(accountId: string, vinInput: string): Promise<HeadUnitProfile | null> {
      const r = await deps.headUnit.profile(requireValidVin(vinInput), accountId);
      return r ? view(r) : null;
    },

    /** From the app: the account removes its own profile from the car (also after it sold the car). */
    async removeMine(accountId: string, vinInput: string): Promise<void> {
      const r = await deps.headUnit.profile(requireValidVin(vinInput), accountId);
      if (!r) throw new AppError('not_found', 'You have no profile on this car’s head unit.', { code: 'headunit.no_profile' });
      await end(r);
    },

    /**
     * From the car's screen, signed in as `actorId`: one's own profile, or — for the holder who is the registered
     * owner — anyone's. Another account's profile is refused to everybody else.
     */
    async removeOnCar(actorId: string, vinInput: string, profileId: string): Promise<void> {
      const vin = requireValidVin(vinInput);
      const r = await deps.headUnit.profileById(profileId);
      if (!r || r.vin !== vin) throw new AppError('not_found', 'No such profile on this car.', { code: 'headunit.no_profile' });
      if (r.accountId !== actorId) await assertOwnerOnCar(actorId, vin, 'Removing another person’s profile');
      await end(r);
    },

    /** A handover: the others' profiles lose their tokens now and stay as display-only entries. */
    async handedOver(vin: string, to: string): Promise<void> {
      for (const r of await deps.headUnit.signOutOthers(vin, to, deps.clock.now())) {
        for (const h of deps.hooks.profileEnded) await h({ vin, accountId: r.accountId, grantId: r.grantId });
      }
    },
  };
}

export type HeadUnitService = ReturnType<typeof createHeadUnitService>;
