import type Provider from 'oidc-provider';
import type { Db } from '@marque/db';
import { silentLogger, type Clock, type Logger } from '@marque/kernel';
import { createOAuthRepository } from './oauth.repository';
import { createOAuthService } from './oauth.service';
import { createProvider, type ProviderPages } from './provider';

export interface OAuthModuleDeps {
  db: Db;
  clock: Clock;
  /** Issuer URL (…/oauth) and web app base URL; read when the provider is first used, after the port is known. */
  issuer: () => string;
  appUrl: () => string;
  /** The accounts module's view of an active account (claims: sub, email, name). */
  findAccount(accountId: string): Promise<{ email: string; name: string } | null>;
  describeVehicle(vin: string): Promise<string | null>;
  pages: ProviderPages;
  log?: Logger | undefined;
}

/** OAuth 2.0 / OpenID Connect: the authorization server (oidc-provider) with its state in `oauth_models`. */
export function createOAuthModule(deps: OAuthModuleDeps) {
  const repo = createOAuthRepository(deps.db);
  let provider: Promise<Provider> | undefined;
  const getProvider = (): Promise<Provider> =>
    (provider ??= createProvider({
      repo,
      issuer: deps.issuer(),
      appUrl: deps.appUrl(),
      findAccount: deps.findAccount,
      describeVehicle: deps.describeVehicle,
      pages: deps.pages,
      log: deps.log ?? silentLogger,
    }).catch((e: unknown) => {
      provider = undefined;
      throw e;
    }));
  const service = createOAuthService({ repo, clock: deps.clock, provider: getProvider });
  return {
    provider: getProvider,
    service,
    /** Account deletion: the account's grants, tokens and provider sessions. */
    eraser: { name: 'oauth', erase: (accountId: string) => repo.deleteByAccount(accountId) },
    /** Housekeeping: expired codes, tokens, sessions and interactions. */
    deleteExpired: () => repo.deleteExpired(new Date()),
  };
}

export type OAuthModule = ReturnType<typeof createOAuthModule>;
export type { OAuthService, ConnectedApp, TokenPrincipal, RegisteredClient } from './oauth.service';
export type { ProviderPages } from './provider';
export type { InteractionView } from './interactions';
export { viewOf, consentResult } from './interactions';
export { API_SCOPES, OIDC_SCOPES, ALL_API_SCOPES, API_RESOURCE, describeScope, isApiScope } from './scopes';
export type { ApiScope } from './scopes';
export { APP_CLIENT_ID, HEADUNIT_CLIENT_ID, DEVICE_CODE_GRANT, FIRST_PARTY_CLIENT_IDS } from './clients';
export { oauthModels } from './oauth.schema';
