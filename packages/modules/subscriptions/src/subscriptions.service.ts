import { AppError, type Clock } from '@marque/kernel';
import { connectivityGroups, type Holding, type ServiceGate, type StoredVehicle } from '@marque/vehicles';
import type { PackageId, SubscriptionsRepository } from './subscriptions.repository';
import { MULTIMEDIA_OFFER_TERMS, multimediaSupported, multimediaTerm, standardTerm } from './terms';

export type ServiceState = 'not_available' | 'available' | 'active' | 'cancelled' | 'expired';

export interface PackageView {
  id: PackageId;
  name: string;
  state: ServiceState;
  /** The end of the term (active: "active until"); null when the term has not started. */
  until: string | null;
  termStart: string | null;
  trial: boolean;
  services: Array<{ id: string; name: string; state: ServiceState; until: string | null }>;
}

export interface ServicesCentre {
  vin: string;
  /** This account holds the car's connected services; otherwise it must prove physical access first. */
  holder: boolean;
  packages: PackageView[];
}

const STANDARD_SERVICES = ['find_my_car', 'driving_analytics', 'accident_assistant', 'vehicle_status', 'notifications', 'remote_climate', 'remote_doors', 'remote_hazards', 'remote_charging'];
const MULTIMEDIA_SERVICES = ['smartphone_integration', 'online_navigation', 'traffic_alerts', 'speed_camera_alerts'];

export interface SubscriptionsDeps {
  repo: SubscriptionsRepository;
  clock: Clock;
  findVehicle(vin: string): Promise<StoredVehicle | null>;
  firstHeld(vin: string): Promise<Date | null>;
  holderAt(vin: string, at: Date): Promise<Holding | null>;
}

/** The connected-services centre: packages, their fixed terms, and the holder's choices. */
export function createSubscriptionsService(deps: SubscriptionsDeps) {
  /** Standard Services' state for the holder (`choices`) or anyone else (null). */
  function standardState(v: StoredVehicle, std: { end: Date } | null, choices: Awaited<ReturnType<typeof deps.repo.choices>> | null, now: Date): ServiceState {
    if (!std) return rankOk(v) ? 'available' : 'not_available';
    if (std.end <= now) return 'expired';
    if (!choices) return 'available';
    return choices.standard === 'cancelled' ? 'cancelled' : 'active';
  }

  async function packages(v: StoredVehicle, accountId: string, holder: boolean): Promise<PackageView[]> {
    const now = deps.clock.now();
    const choices = holder ? await deps.repo.choices(accountId, v.vin) : {};
    const std = standardTerm(v, await deps.firstHeld(v.vin));
    const mmStart = await deps.repo.multimediaStart(v.vin);
    const mm = mmStart ? multimediaTerm(mmStart) : null;
    const supported = new Map(connectivityGroups(v).flatMap((g) => g.services).map((s) => [s.id, s]));

    const stdState = standardState(v, std, holder ? choices : null, now);
    const mmState: ServiceState = !multimediaSupported(v)
      ? 'not_available'
      : mm && mm.end <= now ? 'expired' : !holder || !mm ? 'available' : choices.multimedia === 'active' ? 'active' : choices.multimedia === 'cancelled' ? 'cancelled' : 'available';

    const pkg = (id: PackageId, name: string, state: ServiceState, term: { start: Date; end: Date } | null, ids: string[], trial: boolean): PackageView => {
      const until = term && state !== 'not_available' ? term.end.toISOString() : null;
      return {
        id,
        name,
        state,
        until,
        termStart: term?.start.toISOString() ?? null,
        trial,
        services: ids.flatMap((sid) => {
          const s = supported.get(sid);
          if (!s) return [];
          return [{ id: sid, name: s.name, state: s.supported ? state : 'not_available', until: s.supported ? until : null }];
        }),
      };
    };
    return [
      pkg('standard', 'Standard Services', stdState, std, STANDARD_SERVICES, false),
      pkg('multimedia', 'Multimedia online', mmState, mm, MULTIMEDIA_SERVICES, true),
    ];
  }

  async function vehicle(vin: string): Promise<StoredVehicle> {
    const v = await deps.findVehicle(vin);
    if (!v) throw new AppError('not_found', `No vehicle with VIN ${vin} is in the registry.`, { code: 'vehicle.unknown' });
    return v;
  }

  /** The account must hold the car's services to change them. */
  async function held(accountId: string, vin: string) {
    const h = await deps.holderAt(vin, deps.clock.now());
    if (h?.accountId !== accountId) {
      throw new AppError('forbidden', 'Activate connected services for this car first (prove physical access).', { code: 'vehicle.not_holder' });
    }
    const v = await vehicle(vin);
    return { v, pkgs: await packages(v, accountId, true) };
  }

  const find = (pkgs: PackageView[], id: PackageId) => pkgs.find((p) => p.id === id)!;
  /** Refuses a package that this car lacks or whose term has ended. */
  const usable = (p: PackageView): PackageView => {
    if (p.state === 'not_available') throw new AppError('unprocessable', `${p.name} is not available for this car.`, { code: 'services.not_available' });
    if (p.state === 'expired') throw new AppError('gone', `${p.name} ended on ${p.until}.`, { code: 'services.expired' });
    return p;
  };

  return {
    /** The centre for a car in the account's garage (the caller checks the garage). */
    async centre(accountId: string, vin: string): Promise<ServicesCentre> {
      const v = await vehicle(vin);
      const holder = (await deps.holderAt(vin, deps.clock.now()))?.accountId === accountId;
      return { vin, holder, packages: await packages(v, accountId, holder) };
    },

    /** Cancels a package; cancelling Standard stops find my car, driving analytics and the accident assistant together. */
    async cancel(accountId: string, vin: string, id: PackageId): Promise<ServicesCentre> {
      const { pkgs } = await held(accountId, vin);
      const p = find(pkgs, id);
      if (p.state !== 'active') throw new AppError('conflict', `${p.name} is not active (${p.state}).`, { code: 'services.not_active' });
      await deps.repo.setChoice(accountId, vin, id, 'cancelled', deps.clock.now());
      return this.centre(accountId, vin);
    },

    /**
     * Subscribes again within the package's term after a cancel. Multimedia is started in the car, not here
     * (FAQ: entering your details in the head unit starts the 3 years): the app may only resume a cancelled one.
     */
    async subscribe(accountId: string, vin: string, id: PackageId): Promise<ServicesCentre> {
      const { pkgs } = await held(accountId, vin);
      const p = usable(find(pkgs, id));
      if (p.state === 'active') return this.centre(accountId, vin);
      if (id === 'multimedia' && p.state !== 'cancelled') {
        throw new AppError('conflict', 'Multimedia starts in the car: sign in on your car’s screen and accept the offer there.', {
          code: 'services.start_in_car',
        });
      }
      await deps.repo.setChoice(accountId, vin, id, 'active', deps.clock.now());
      return this.centre(accountId, vin);
    },

    /** The head unit's offer to the signed-in holder: Multimedia's state, its term, and the terms to accept. */
    async multimediaOffer(accountId: string, vin: string): Promise<{ pkg: PackageView; terms: string }> {
      const { pkgs } = await held(accountId, vin);
      return { pkg: find(pkgs, 'multimedia'), terms: MULTIMEDIA_OFFER_TERMS };
    },

    /** The holder accepted the offer on the car's screen: the car's 3-year trial starts now (once per car). */
    async startInCar(accountId: string, vin: string): Promise<PackageView> {
      const { v, pkgs } = await held(accountId, vin);
      const p = usable(find(pkgs, 'multimedia'));
      if (p.state !== 'active') {
        const now = deps.clock.now();
        await deps.repo.startMultimedia(v.vin, now);
        await deps.repo.setChoice(accountId, vin, 'multimedia', 'active', now);
      }
      return find(await packages(v, accountId, true), 'multimedia');
    },

    /**
     * Vehicle-access gate: Standard Services carry status, find my car and remote services, so a holder whose
     * Standard Services are cancelled or past their term gets no data and sends no commands.
     */
    /**
     * On every vehicle request (a ServiceGate of the vehicles module): the holder's choices are read beside the
     * access query; the term comes from the car's facts that query read.
     */
    gate: (async ({ vin, accountId }) => {
      const choices = await deps.repo.choices(accountId, vin);
      return (facts) => {
        const state = standardState(facts.vehicle, standardTerm(facts.vehicle, facts.firstHeld), choices, deps.clock.now());
        if (state === 'cancelled' || state === 'expired') {
          const how = state === 'cancelled' ? 'subscribe again in the connected-services centre' : 'their term has ended';
          throw new AppError('forbidden', `Standard Services for this car are ${state}: ${how}.`, {
            code: 'services.inactive',
            state,
          });
        }
      };
    }) satisfies ServiceGate,

    /** A new holder starts with Standard Services running, whatever it chose in an earlier stint. */
    async handedOver(vin: string, to: string): Promise<void> {
      await deps.repo.setChoice(to, vin, 'standard', 'active', deps.clock.now());
    },

    /** Removing the car from the garage cancels that account's subscriptions for it. */
    async removed(vin: string, accountId: string): Promise<void> {
      const now = deps.clock.now();
      await deps.repo.setChoice(accountId, vin, 'standard', 'cancelled', now);
      await deps.repo.setChoice(accountId, vin, 'multimedia', 'cancelled', now);
    },

    /** Every active package of current holders, for the reminder sweep. */
    async activeSubscriptions(): Promise<Array<{ vin: string; accountId: string; pkg: PackageView }>> {
      const out: Array<{ vin: string; accountId: string; pkg: PackageView }> = [];
      for (const h of await deps.repo.currentHoldings(deps.clock.now())) {
        const v = await deps.findVehicle(h.vin);
        if (!v) continue;
        for (const p of await packages(v, h.accountId, true)) if (p.state === 'active' && p.until) out.push({ ...h, pkg: p });
      }
      return out;
    },
  };
}

const rankOk = (v: StoredVehicle) => v.headUnit !== 'none';

export type SubscriptionsService = ReturnType<typeof createSubscriptionsService>;
