import { randomBytes } from 'node:crypto';
import type Provider from 'oidc-provider';
import { AppError, type Clock } from '@marque/kernel';
import type { OAuthRepository, StoredGrant } from './oauth.repository';
import { APP_CLIENT_ID, FIRST_PARTY_CLIENT_IDS, firstPartyClients, thirdPartyMetadata, type NewClient } from './clients';
import { hashClientSecret } from './provider';
import { API_RESOURCE } from './scopes';

export interface ConnectedApp {
  grantId: string;
  clientId: string;
  clientName: string;
  scopes: string[];
  grantedAt: string;
}

export interface TokenPrincipal {
  accountId: string;
  clientId: string;
  scopes: string[];
  firstParty: boolean;
}

export interface RegisteredClient {
  clientId: string;
  name: string;
  redirectUris: string[];
  scopes: string[];
  createdAt: string | null;
}

export interface OAuthServiceDeps {
  repo: OAuthRepository;
  clock: Clock;
  provider: () => Promise<Provider>;
}

function grantScopes(g: StoredGrant): string[] {
  const p = g.payload as { openid?: { scope?: string }; resources?: Record<string, string> };
  const words = `${p.openid?.scope ?? ''} ${p.resources?.[API_RESOURCE] ?? ''}`.split(' ').filter(Boolean);
  return [...new Set(words)];
}

/** Expiry of provider artefacts is in the provider's time (Date.now), not the injected clock. */
const providerNow = () => new Date();

export function createOAuthService(deps: OAuthServiceDeps) {
  const { repo, clock } = deps;
  const staticNames = new Map(firstPartyClients('http://x').map((c) => [c.client_id, String(c.client_name)]));

  async function clientName(clientId: string): Promise<string> {
    const known = staticNames.get(clientId);
    if (known) return known;
    const stored = await repo.find('Client', clientId, providerNow());
    return String(stored?.payload.client_name ?? clientId);
  }

  return {
    /** Grants the owner gave to apps and head units (the web app's own is not listed), newest first. */
    async listApps(accountId: string): Promise<ConnectedApp[]> {
      const grants = (await repo.listGrants(accountId, providerNow())).filter((g) => g.clientId !== APP_CLIENT_ID);
      return Promise.all(
        grants.map(async (g) => ({
          grantId: g.id,
          clientId: g.clientId,
          clientName: await clientName(g.clientId),
          scopes: grantScopes(g),
          grantedAt: new Date(Number(g.payload.iat ?? 0) * 1000).toISOString(),
        })),
      );
    },

    /** Ends the grant and every token issued under it; another account's grant is not found. */
    async revokeApp(accountId: string, grantId: string): Promise<void> {
      const grant = await repo.findGrant(accountId, grantId, providerNow());
      if (!grant) throw new AppError('not_found', 'You have no connected app with this id.', { code: 'oauth.grant_unknown' });
      await repo.revokeGrant(grantId);
    },

    /** Who an API access token speaks for, or null when it is unknown, expired, revoked or not for the API. */
    async verifyAccessToken(token: string): Promise<TokenPrincipal | null> {
      if (token.length < 16 || token.length > 200) return null;
      const provider = await deps.provider();
      const at = await provider.AccessToken.find(token);
      if (!at || at.isExpired || !at.accountId || !at.grantId || !at.clientId) return null;
      const aud = Array.isArray(at.aud) ? at.aud : [at.aud];
      if (!aud.includes(API_RESOURCE)) return null;
      if (!(await repo.find('Grant', at.grantId, providerNow()))) return null;
      return {
        accountId: at.accountId,
        clientId: at.clientId,
        scopes: [...at.scopes],
        firstParty: FIRST_PARTY_CLIENT_IDS.has(at.clientId),
      };
    },

    /** Registers a third-party confidential client; the secret is returned once and stored hashed. */
    async registerClient(input: NewClient): Promise<{ client: RegisteredClient; clientSecret: string }> {
      const clientId = `tp_${randomBytes(12).toString('base64url')}`;
      const clientSecret = randomBytes(32).toString('base64url');
      const metadata = thirdPartyMetadata(input, clientId, hashClientSecret(clientSecret), clock.now());
      const provider = await deps.provider();
      try {
        await provider.Client.validate(metadata);
      } catch (e) {
        throw AppError.invalidField('client', `The client is not valid: ${(e as Error).message}`, 'oauth.client_invalid');
      }
      await repo.upsert('Client', clientId, metadata as Record<string, unknown>, null);
      return { client: toRegistered(metadata as Record<string, unknown>), clientSecret };
    },

    async listClients(): Promise<RegisteredClient[]> {
      return (await repo.listByKind('Client')).map(toRegistered);
    },

    /** Removes a third-party client and every grant and token it holds. */
    async removeClient(clientId: string): Promise<void> {
      if (!(await repo.find('Client', clientId, providerNow()))) {
        throw new AppError('not_found', `No third-party client ${clientId} is registered.`, { code: 'oauth.client_unknown' });
      }
      await repo.removeClient(clientId);
    },
  };
}

function toRegistered(m: Record<string, unknown>): RegisteredClient {
  const iat = typeof m.client_id_issued_at === 'number' ? new Date(m.client_id_issued_at * 1000).toISOString() : null;
  const scopes = String(m.scope ?? '')
    .split(' ')
    .filter((s) => s && !['openid', 'offline_access', 'profile', 'email'].includes(s));
  return { clientId: String(m.client_id), name: String(m.client_name ?? ''), redirectUris: (m.redirect_uris as string[]) ?? [], scopes, createdAt: iat };
}

export type OAuthService = ReturnType<typeof createOAuthService>;
