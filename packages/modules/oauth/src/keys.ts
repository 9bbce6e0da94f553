import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import type { JWK } from 'oidc-provider';
import type { OAuthRepository } from './oauth.repository';

export interface ServerKeys {
  /** Private signing keys (ID tokens); the provider publishes only their public halves at /oauth/jwks. */
  jwks: { keys: JWK[] };
  /** Keys that sign the provider's cookies. */
  cookieKeys: string[];
}

function generate(): ServerKeys {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...(privateKey.export({ format: 'jwk' }) as JWK), kid: randomUUID(), alg: 'RS256', use: 'sig' };
  return { jwks: { keys: [jwk] }, cookieKeys: [randomBytes(32).toString('base64url')] };
}

/** Generated once and stored: every api process signs with the same keys, and restarts keep them. Never logged. */
export async function loadServerKeys(repo: OAuthRepository): Promise<ServerKeys> {
  const stored = await repo.insertOnce('ServerKeys', 'current', generate() as unknown as Record<string, unknown>);
  return stored as unknown as ServerKeys;
}
