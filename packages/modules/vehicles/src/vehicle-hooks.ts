import type { AccessFacts } from './vehicle-access.repository';

export interface Handover {
  vin: string;
  /** The account that held the car's services until `at`; null when nobody did. */
  from: string | null;
  to: string;
  at: Date;
  method: 'odometer' | 'code';
}

/**
 * What other modules plug into the vehicles module without it importing them (the container fills these):
 * the subscriptions module gates data and commands, and reacts to removals and handovers.
 */
export interface VehicleHooks {
  /** Refusals other modules add to every vehicle request (capability null: reading data); see ServiceGate. */
  serviceGate: ServiceGate[];
  removed: Array<(e: { vin: string; accountId: string; at: Date; wasHolder: boolean }) => Promise<void>>;
  handedOver: Array<(e: Handover) => Promise<void>>;
  /** A retailer recorded a change of ownership (after it is stored): the inbox tells the new and previous owners. */
  ownershipRecorded: Array<(e: OwnershipChange) => Promise<void>>;
  /** The car's latest odometer reading (telemetry) and a way to ask the car for a fresh one (commands). */
  odometer: OdometerPort | null;
  /** A head-unit profile was removed or lost its tokens (handover): the OAuth wiring revokes the head unit's grant. */
  profileEnded: Array<(e: { vin: string; accountId: string; grantId: string | null }) => Promise<void>>;
  /** The account's e-mail and name (accounts module): the registered-owner check, profile names; null when unknown. */
  account: ((accountId: string) => Promise<{ email: string; name: string } | null>) | null;
}

/**
 * A gate starts its own lookups from what the request names, so they run beside the access query, and resolves to
 * the check to run once the car's facts are known; the check throws AppError to refuse. The lookups run for every
 * request, the refused ones too: they must not throw for a refusal, only the check does.
 */
export type ServiceGate = (ask: {
  vin: string;
  accountId: string;
  capability: string | null;
}) => Promise<(facts: AccessFacts & { holding: NonNullable<AccessFacts['holding']> }) => void>;

export interface OwnershipChange {
  vin: string;
  ownerEmail: string;
  /** The registered owner until now; null when none was recorded. */
  previousOwnerEmail: string | null;
  effectiveDate: string;
  at: Date;
}

export interface OdometerPort {
  read(vin: string): Promise<{ km: number; at: Date } | null>;
  requestFresh(vin: string): Promise<void>;
}

export const emptyHooks = (): VehicleHooks => ({
  serviceGate: [],
  removed: [],
  handedOver: [],
  ownershipRecorded: [],
  odometer: null,
  profileEnded: [],
  account: null,
});
