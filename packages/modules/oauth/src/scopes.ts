/** The data and control scopes a client may ask for, with the words the consent page shows. */
export const API_SCOPES = {
  read_location: 'See where your car is and where it was last parked',
  read_trips: 'See your trips (routes, distances, times)',
  read_status: 'See your car’s status (locks, windows, fuel or charge level, mileage)',
  control_security: 'Lock and unlock your car, flash its lights and sound the hazards',
  control_climate: 'Start and stop the climate control',
  control_charging: 'Start and stop charging',
} as const;

export type ApiScope = keyof typeof API_SCOPES;

/** OpenID Connect scopes; `offline_access` lets the app stay connected (refresh tokens). */
export const OIDC_SCOPES = {
  openid: 'Know who you are (your account id)',
  profile: 'See your name',
  email: 'See your e-mail address',
  offline_access: 'Stay connected when you are not using it, until you disconnect it',
} as const;

export const ALL_API_SCOPES = Object.keys(API_SCOPES) as ApiScope[];

/** The audience of access tokens for the Marque REST API (a resource indicator, RFC 8707). */
export const API_RESOURCE = 'urn:marque:api';

export function isApiScope(s: string): s is ApiScope {
  return Object.hasOwn(API_SCOPES, s);
}

export function describeScope(s: string): string {
  return (API_SCOPES as Record<string, string>)[s] ?? (OIDC_SCOPES as Record<string, string>)[s] ?? s;
}
