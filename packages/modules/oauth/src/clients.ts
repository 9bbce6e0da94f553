import type { ClientMetadata } from 'oidc-provider';
import { AppError } from '@marque/kernel';
import { ALL_API_SCOPES, isApiScope } from './scopes';

export const APP_CLIENT_ID = 'marque-app';
export const HEADUNIT_CLIENT_ID = 'marque-headunit';
export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

/** Marque's own clients: their tokens may use the whole account API, not just scoped routes. */
export const FIRST_PARTY_CLIENT_IDS: ReadonlySet<string> = new Set([APP_CLIENT_ID, HEADUNIT_CLIENT_ID]);

const everything = ['openid', 'offline_access', 'profile', 'email', ...ALL_API_SCOPES].join(' ');

/** Public clients (no secret; PKCE or the device code protect them). */
export function firstPartyClients(appUrl: string): ClientMetadata[] {
  return [
    {
      client_id: APP_CLIENT_ID,
      client_name: 'Marque app',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: [`${appUrl.replace(/\/+$/, '')}/app/oauth/callback`],
      scope: everything,
    },
    {
      client_id: HEADUNIT_CLIENT_ID,
      client_name: 'Marque head unit',
      token_endpoint_auth_method: 'none',
      grant_types: [DEVICE_CODE_GRANT, 'refresh_token'],
      response_types: [],
      redirect_uris: [],
      scope: everything,
    },
  ];
}

export interface NewClient {
  name: string;
  redirectUris: string[];
  scopes: string[];
}

function checkRedirectUri(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw AppError.invalidField('redirectUri', `${raw} is not a URL.`, 'oauth.redirect_uri');
  }
  const local = u.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
  if (u.protocol !== 'https:' && !local) {
    throw AppError.invalidField('redirectUri', `${raw} must use https (http only for localhost).`, 'oauth.redirect_uri');
  }
  if (u.hash) throw AppError.invalidField('redirectUri', `${raw} must not have a #fragment.`, 'oauth.redirect_uri');
  return u.href;
}

/** Validated metadata of a third-party confidential client (authorization code + PKCE, refresh tokens). */
export function thirdPartyMetadata(input: NewClient, clientId: string, secretHash: string, createdAt: Date): ClientMetadata {
  const name = input.name.trim();
  if (name.length < 1 || name.length > 100) throw AppError.invalidField('name', 'The name must have 1 to 100 characters.');
  if (input.redirectUris.length === 0) throw AppError.invalidField('redirectUri', 'Give at least one redirect URI.');
  const unknown = input.scopes.filter((s) => !isApiScope(s));
  if (unknown.length || input.scopes.length === 0) {
    throw AppError.invalidField('scopes', `Scopes must be some of: ${ALL_API_SCOPES.join(', ')}.`, 'oauth.scope');
  }
  return {
    client_id: clientId,
    client_secret: secretHash,
    client_name: name,
    token_endpoint_auth_method: 'client_secret_basic',
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    redirect_uris: [...new Set(input.redirectUris.map(checkRedirectUri))],
    scope: ['openid', 'offline_access', 'profile', 'email', ...new Set(input.scopes)].join(' '),
    client_id_issued_at: Math.floor(createdAt.getTime() / 1000),
  };
}
