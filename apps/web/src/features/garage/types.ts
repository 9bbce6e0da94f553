/** The connected-services centre as GET /vehicles/{vin}/services returns it. */
export type ServiceState = 'not_available' | 'available' | 'active' | 'cancelled' | 'expired';

export interface ServicePackage {
  id: 'standard' | 'multimedia';
  name: string;
  state: ServiceState;
  until: string | null;
  termStart: string | null;
  trial: boolean;
  services: Array<{ id: string; name: string; state: ServiceState; until: string | null }>;
}

export interface ServicesCentreT {
  vin: string;
  holder: boolean;
  packages: ServicePackage[];
}

export const day = (iso: string) =>
  new Date(iso).toLocaleDateString(undefined, { day: 'numeric', month: 'long', year: 'numeric' });

/** A package's or a service's state in plain words. */
export function stateText(state: ServiceState, until: string | null): string {
  switch (state) {
    case 'not_available':
      return 'Not available for this car';
    case 'available':
      return 'Available';
    case 'active':
      return until ? `Active until ${day(until)}` : 'Active';
    case 'cancelled':
      return until ? `Cancelled (the term runs until ${day(until)})` : 'Cancelled';
    case 'expired':
      return until ? `Expired on ${day(until)}` : 'Expired';
  }
}

export const stateBadge = (state: ServiceState) =>
  state === 'active' ? 'on' : state === 'cancelled' || state === 'expired' ? 'warn' : 'off';

/** A service's state in one word or two; its package carries the dates. */
export const shortState = (state: ServiceState) =>
  ({
    not_available: 'Not available for this car',
    available: 'Available',
    active: 'Active',
    cancelled: 'Cancelled',
    expired: 'Expired',
  })[state];
