import type { Db } from '@marque/db';
import { isAppError, type Clock, type Logger } from '@marque/kernel';
import type { AccountsModule } from '@marque/accounts';
import type { VehiclesModule } from '@marque/vehicles';
import { createOAuthModule, HEADUNIT_CLIENT_ID, type OAuthModule } from '@marque/oauth';
import type { Auth, Principal } from './http/auth';
import { providerPages } from './http/oauth/pages';
import { oauthProviderRoutes, OAUTH_PREFIX } from './http/oauth/provider.routes';
import { interactionRoutes } from './http/oauth/interaction.routes';
import { connectedAppsRoutes } from './http/routes/apps.routes';

interface Deps {
  accounts: AccountsModule;
  vehicles: VehiclesModule;
  /** Base URL of the web app (PUBLIC_URL or the listening address); the issuer is it + /oauth. */
  appUrl: () => string;
  log?: Logger | undefined;
}

/** The OAuth module over accounts (claims) and vehicles (naming a head unit's car); erased with the account. */
export function createOAuthWiring(db: Db, clock: Clock, deps: Deps) {
  const describeVehicle = async (vin: string): Promise<string | null> => {
    const v = await deps.vehicles.service.findByVin(vin);
    return v ? `${v.brand} ${v.model} ${v.vin}` : null;
  };
  const oauth = createOAuthModule({
    db,
    clock,
    issuer: () => `${deps.appUrl().replace(/\/+$/, '')}${OAUTH_PREFIX}`,
    appUrl: deps.appUrl,
    findAccount: async (accountId) => {
      const p = await activeProfile(deps.accounts, accountId);
      return p ? { email: p.email, name: p.name } : null;
    },
    describeVehicle,
    pages: providerPages,
    log: deps.log,
  });
  deps.accounts.erasure.register(oauth.eraser);
  // A head-unit profile that ends (removed on either side, or the car changed hands) takes the head unit's grant with it.
  deps.vehicles.hooks.profileEnded.push(async (e) => {
    if (!e.grantId) return;
    await oauth.service.revokeApp(e.accountId, e.grantId).catch((err: unknown) => {
      if (!(isAppError(err) && err.kind === 'not_found')) throw err; // already revoked or expired
    });
  });
  return { oauth, describeVehicle, headUnitGrantOf: headUnitGrantOf(oauth) };
}

/**
 * Where a head-unit sign-in completes: the head unit presents its new access token, and this names the grant
 * behind it (stored with the profile, revoked with it). Null for tokens of any other client.
 */
function headUnitGrantOf(oauth: OAuthModule) {
  return async (token: string): Promise<{ accountId: string; grantId: string } | null> => {
    if (token.length < 16 || token.length > 200) return null;
    const at = await (await oauth.provider()).AccessToken.find(token);
    if (!at || at.isExpired || at.clientId !== HEADUNIT_CLIENT_ID || !at.accountId || !at.grantId) return null;
    return { accountId: at.accountId, grantId: at.grantId };
  };
}

async function activeProfile(accounts: AccountsModule, accountId: string) {
  try {
    const p = await accounts.service.getProfile(accountId);
    return p.status === 'active' ? p : null;
  } catch (e) {
    if (isAppError(e) && e.kind === 'not_found') return null;
    throw e;
  }
}

type Modules = { oauth: OAuthModule; describeVehicle(vin: string): Promise<string | null>; accounts: AccountsModule };

/** Resolves a bearer token for auth.ts: third-party tokens carry no roles, first-party ones the account's. */
export function oauthBearer(m: Modules) {
  return async (token: string): Promise<Omit<Principal, 'via' | 'sessionId'> | null> => {
    const t = await m.oauth.service.verifyAccessToken(token);
    if (!t) return null;
    const profile = await activeProfile(m.accounts, t.accountId);
    if (!profile) return null;
    return {
      accountId: t.accountId,
      roles: t.firstParty ? profile.roles : [],
      token: { clientId: t.clientId, scopes: t.scopes, firstParty: t.firstParty },
    };
  };
}

/** /oauth/* (the provider and its interaction pages), outside /api/v1. */
export function oauthRootRoutes(m: Modules, auth: Auth) {
  return [
    oauthProviderRoutes(m.oauth.provider),
    interactionRoutes({ oauth: m.oauth, accounts: m.accounts, auth, describeVehicle: m.describeVehicle }),
  ];
}

/** /api/v1/me/apps. */
export function oauthApiRoutes(m: Modules, auth: Auth) {
  return [connectedAppsRoutes({ oauth: m.oauth.service, auth })];
}
