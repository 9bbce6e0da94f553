import { errors, type Adapter, type AdapterPayload } from 'oidc-provider';
import type { OAuthRepository } from './oauth.repository';

/** oidc-provider keeps its own time (Date.now) for `exp`; the adapter must agree with it, not with an injected clock. */
const now = () => new Date();

/**
 * The oidc-provider storage adapter over `oauth_models`. One instance per model name (kind).
 * A refresh token consumed twice at the same moment (two racing requests) revokes its grant here,
 * because the library's own reuse check only sees tokens consumed before the request began.
 */
export function createAdapterFactory(repo: OAuthRepository) {
  return (kind: string): Adapter => ({
    async upsert(id, payload, expiresIn) {
      const expiresAt = typeof expiresIn === 'number' ? new Date(now().getTime() + expiresIn * 1000) : null;
      await repo.upsert(kind, id, payload as Record<string, unknown>, expiresAt);
    },

    async find(id) {
      return withConsumed(await repo.find(kind, id, now()));
    },

    async findByUserCode(userCode) {
      return withConsumed(await repo.findBy(kind, 'userCode', userCode, now()));
    },

    async findByUid(uid) {
      return withConsumed(await repo.findBy(kind, 'uid', uid, now()));
    },

    async consume(id) {
      const first = await repo.consume(kind, id, now());
      if (!first && kind === 'RefreshToken') {
        const stored = await repo.find(kind, id, now());
        const grantId = stored?.payload.grantId;
        if (typeof grantId === 'string') await repo.revokeGrant(grantId);
        throw new errors.InvalidGrant('refresh token already used');
      }
    },

    async destroy(id) {
      await repo.destroy(kind, id);
    },

    async revokeByGrantId(grantId) {
      await repo.revokeByGrantId(kind, grantId);
    },
  });
}

function withConsumed(stored: { payload: Record<string, unknown>; consumedAt: Date | null } | null): AdapterPayload | undefined {
  if (!stored) return undefined;
  const consumed = stored.consumedAt ? { consumed: Math.floor(stored.consumedAt.getTime() / 1000) } : {};
  return { ...(stored.payload as AdapterPayload), ...consumed };
}
