import { createHash, timingSafeEqual } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import Provider, { errors, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { checkVin } from '@marque/contracts';
import type { Logger } from '@marque/kernel';
import { createAdapterFactory } from './oauth.adapter';
import type { OAuthRepository } from './oauth.repository';
import { loadServerKeys } from './keys';
import { ALL_API_SCOPES, API_RESOURCE } from './scopes';
import { firstPartyClients } from './clients';

/** HTML of the pages the provider itself renders (device flow, errors); the HTTP layer supplies them. */
export interface ProviderPages {
  deviceInput(p: { form: string; formId: string; error: string | null }): string;
  deviceConfirm(p: { form: string; formId: string; clientName: string; vehicle: string | null; userCode: string }): string;
  deviceSuccess(p: { clientName: string }): string;
  error(p: { error: string; description: string | null }): string;
}

export interface ProviderDeps {
  repo: OAuthRepository;
  /** Issuer URL, e.g. https://marque.example/oauth; read when the provider is first used (after listen). */
  issuer: string;
  /** Base URL of the web app, for the first-party client's redirect URI. */
  appUrl: string;
  findAccount(accountId: string): Promise<{ email: string; name: string } | null>;
  /** "Aurelia Vela (SAUVL0AB6KA010000)" for a known VIN, else null. */
  describeVehicle(vin: string): Promise<string | null>;
  pages: ProviderPages;
  log: Logger;
}

export const ACCESS_TOKEN_TTL_S = 60 * 60;
const DAY_S = 24 * 60 * 60;

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** Third-party client secrets are stored as `sha256:<hex>`; they are 256-bit random, so a fast hash suffices. */
export function hashClientSecret(secret: string): string {
  return `sha256:${sha256(secret).toString('hex')}`;
}

function compareHashed(stored: string | undefined, given: string): boolean {
  if (!stored?.startsWith('sha256:')) return false;
  const want = Buffer.from(stored.slice(7), 'hex');
  const got = sha256(given);
  return want.length === got.length && timingSafeEqual(want, got);
}

function vinParam(_ctx: KoaContextWithOIDC, value: string | undefined) {
  if (value !== undefined && !checkVin(value).ok) throw new errors.InvalidRequest('vin is not a valid VIN');
}

function deviceFlow(deps: ProviderDeps) {
  const clientName = (ctx: KoaContextWithOIDC) => ctx.oidc.client?.clientName ?? ctx.oidc.client?.clientId ?? 'a device';
  return {
    enabled: true,
    charset: 'base-20' as const,
    mask: '****-****',
    // Captured at the device authorization request; the confirmation page names the car from it.
    deviceInfo: (ctx: KoaContextWithOIDC) => ({ vin: ctx.oidc.params?.vin, ua: ctx.get('user-agent') }),
    async userCodeInputSource(ctx: KoaContextWithOIDC, form: string, _out?: unknown, err?: Error) {
      const error = err ? 'That code is not right or has expired. Check the code on the screen and try again.' : null;
      ctx.type = 'html';
      ctx.body = deps.pages.deviceInput({ form, formId: 'op.deviceInputForm', error });
    },
    async userCodeConfirmSource(ctx: KoaContextWithOIDC, form: string, client: { clientName?: string; clientId: string }, info: Record<string, unknown>, userCode: string) {
      const vin = typeof info.vin === 'string' ? info.vin : null;
      const vehicle = vin ? ((await deps.describeVehicle(vin)) ?? `a car with VIN ${vin}`) : null;
      ctx.type = 'html';
      ctx.body = deps.pages.deviceConfirm({
        form,
        formId: 'op.deviceConfirmForm',
        clientName: client.clientName ?? client.clientId,
        vehicle,
        userCode,
      });
    },
    async successSource(ctx: KoaContextWithOIDC) {
      ctx.type = 'html';
      ctx.body = deps.pages.deviceSuccess({ clientName: clientName(ctx) });
    },
  };
}

function configuration(deps: ProviderDeps, keys: Awaited<ReturnType<typeof loadServerKeys>>): Configuration {
  return {
    adapter: createAdapterFactory(deps.repo),
    clients: firstPartyClients(deps.appUrl),
    jwks: keys.jwks,
    cookies: { keys: keys.cookieKeys },
    async findAccount(_ctx, sub) {
      const a = await deps.findAccount(sub);
      if (!a) return undefined;
      return { accountId: sub, claims: () => ({ sub, email: a.email, email_verified: true, name: a.name }) };
    },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    scopes: ['openid', 'offline_access', 'profile', 'email', ...ALL_API_SCOPES],
    // Access tokens target the API (not userinfo), so the ID token carries the profile claims.
    conformIdTokenClaims: false,
    // Same-origin pages (the head-unit screen) and public clients' own redirect origins may call from a browser.
    clientBasedCORS: (ctx, origin, client) =>
      origin === `${ctx.protocol}://${ctx.host}` || (client.clientAuthMethod === 'none' && (client.redirectUris ?? []).some((u) => URL.parse(u)?.origin === origin)),
    responseTypes: ['code'],
    clientAuthMethods: ['none', 'client_secret_basic', 'client_secret_post'],
    extraParams: { vin: vinParam },
    interactions: { url: (_ctx, interaction) => `/oauth/interaction/${interaction.uid}` },
    pkce: { required: () => true },
    rotateRefreshToken: true,
    ttl: {
      AccessToken: ACCESS_TOKEN_TTL_S,
      AuthorizationCode: 60,
      DeviceCode: 10 * 60,
      IdToken: 60 * 60,
      Interaction: 60 * 60,
      RefreshToken: 30 * DAY_S,
      Session: 14 * DAY_S,
      Grant: 365 * DAY_S,
    },
    features: {
      devInteractions: { enabled: false },
      deviceFlow: deviceFlow(deps) as NonNullable<Configuration['features']>['deviceFlow'],
      revocation: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => API_RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource) => {
          if (resource !== API_RESOURCE) throw new errors.InvalidTarget();
          return { scope: ALL_API_SCOPES.join(' '), audience: API_RESOURCE, accessTokenFormat: 'opaque', accessTokenTTL: ACCESS_TOKEN_TTL_S };
        },
      },
    },
    async renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = deps.pages.error({ error: String(out.error), description: out.error_description ? String(out.error_description) : null });
    },
  };
}

/** The authorization server, with its state and keys in the database. */
export async function createProvider(deps: ProviderDeps): Promise<Provider> {
  const keys = await loadServerKeys(deps.repo);
  const provider = new Provider(deps.issuer, configuration(deps, keys));
  // Secrets are stored hashed; the library awaits this method, so a hash comparison slots in.
  provider.Client.prototype.compareClientSecret = function (this: { clientSecret?: string }, actual: string) {
    return compareHashed(this.clientSecret, actual);
  } as never;
  // Only names and messages: the library's context objects hold tokens and cookies.
  const report = (err: Error) => deps.log.error({ err: { name: err.name, message: err.message } }, 'oauth server error');
  provider.on('server_error', (_ctx: unknown, err: Error) => report(err));
  (provider as unknown as EventEmitter).on('error', (err: Error) => report(err));
  return provider;
}
