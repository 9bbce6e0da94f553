import { and, eq, gt, inArray, isNull, lte, or, sql, desc } from 'drizzle-orm';
import type { Db } from '@marque/db';
import { oauthModels } from './oauth.schema';

export type Payload = Record<string, unknown>;

export interface StoredModel {
  payload: Payload;
  consumedAt: Date | null;
}

export interface StoredGrant {
  id: string;
  clientId: string;
  payload: Payload;
}

/** Kinds whose rows belong to a grant and die with it. */
export const GRANT_MEMBERS = [
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
  'PreAuthorizedCode',
] as const;

const str = (v: unknown) => (typeof v === 'string' && v ? v : null);

export function createOAuthRepository(db: Db) {
  const t = oauthModels;
  const live = (now: Date) => or(isNull(t.expiresAt), gt(t.expiresAt, now));
  const toStored = (r: { payload: unknown; consumedAt: Date | null } | undefined): StoredModel | null =>
    r ? { payload: r.payload as Payload, consumedAt: r.consumedAt } : null;

  return {
    async upsert(kind: string, id: string, payload: Payload, expiresAt: Date | null): Promise<void> {
      const row = {
        kind,
        id,
        payload,
        grantId: str(payload.grantId),
        userCode: str(payload.userCode),
        uid: str(payload.uid),
        accountId: str(payload.accountId),
        expiresAt,
      };
      await db
        .insert(t)
        .values(row)
        .onConflictDoUpdate({
          target: [t.kind, t.id],
          set: { payload, grantId: row.grantId, userCode: row.userCode, uid: row.uid, accountId: row.accountId, expiresAt },
        });
    },

    async find(kind: string, id: string, now: Date): Promise<StoredModel | null> {
      const rows = await db
        .select({ payload: t.payload, consumedAt: t.consumedAt })
        .from(t)
        .where(and(eq(t.kind, kind), eq(t.id, id), live(now)))
        .limit(1);
      return toStored(rows[0]);
    },

    async findBy(kind: string, column: 'userCode' | 'uid', value: string, now: Date): Promise<StoredModel | null> {
      const rows = await db
        .select({ payload: t.payload, consumedAt: t.consumedAt })
        .from(t)
        .where(and(eq(t.kind, kind), eq(t[column], value), live(now)))
        .limit(1);
      return toStored(rows[0]);
    },

    /** True only for the one caller that consumed it: concurrent uses of one refresh token are told apart. */
    async consume(kind: string, id: string, at: Date): Promise<boolean> {
      const rows = await db
        .update(t)
        .set({ consumedAt: at })
        .where(and(eq(t.kind, kind), eq(t.id, id), isNull(t.consumedAt)))
        .returning({ id: t.id });
      return rows.length > 0;
    },

    async destroy(kind: string, id: string): Promise<void> {
      await db.delete(t).where(and(eq(t.kind, kind), eq(t.id, id)));
    },

    async revokeByGrantId(kind: string, grantId: string): Promise<void> {
      await db.delete(t).where(and(eq(t.kind, kind), eq(t.grantId, grantId)));
    },

    /** The grant and every token, code and device code issued under it. */
    async revokeGrant(grantId: string): Promise<void> {
      await db
        .delete(t)
        .where(
          or(and(eq(t.kind, 'Grant'), eq(t.id, grantId)), and(inArray(t.kind, [...GRANT_MEMBERS]), eq(t.grantId, grantId))),
        );
    },

    async listGrants(accountId: string, now: Date): Promise<StoredGrant[]> {
      const rows = await db
        .select({ id: t.id, payload: t.payload })
        .from(t)
        .where(and(eq(t.accountId, accountId), eq(t.kind, 'Grant'), live(now)))
        .orderBy(desc(sql`(${t.payload}->>'iat')::bigint`));
      return rows.map((r) => ({ id: r.id, payload: r.payload as Payload, clientId: String((r.payload as Payload).clientId) }));
    },

    /** Another account's grant is simply not found. */
    async findGrant(accountId: string, grantId: string, now: Date): Promise<StoredGrant | null> {
      const rows = await db
        .select({ id: t.id, payload: t.payload })
        .from(t)
        .where(and(eq(t.accountId, accountId), eq(t.kind, 'Grant'), eq(t.id, grantId), live(now)))
        .limit(1);
      const r = rows[0];
      return r ? { id: r.id, payload: r.payload as Payload, clientId: String((r.payload as Payload).clientId) } : null;
    },

    /** Account deletion: grants, tokens and provider sessions of the account. */
    async deleteByAccount(accountId: string): Promise<void> {
      const grants = db.select({ id: t.id }).from(t).where(and(eq(t.accountId, accountId), eq(t.kind, 'Grant')));
      await db.delete(t).where(and(inArray(t.kind, [...GRANT_MEMBERS]), inArray(t.grantId, grants)));
      await db.delete(t).where(eq(t.accountId, accountId));
    },

    /** A third-party client and everything issued to it (grants, tokens, codes, interactions). */
    async removeClient(clientId: string): Promise<void> {
      await db.delete(t).where(sql`${t.payload}->>'clientId' = ${clientId}`);
      await db.delete(t).where(and(eq(t.kind, 'Client'), eq(t.id, clientId)));
    },

    async listByKind(kind: string): Promise<Payload[]> {
      const rows = await db.select({ payload: t.payload }).from(t).where(eq(t.kind, kind)).orderBy(t.id);
      return rows.map((r) => r.payload as Payload);
    },

    /** Inserts unless a row exists; returns the stored payload either way (first writer wins across processes). */
    async insertOnce(kind: string, id: string, payload: Payload): Promise<Payload> {
      await db.insert(t).values({ kind, id, payload }).onConflictDoNothing();
      const rows = await db.select({ payload: t.payload }).from(t).where(and(eq(t.kind, kind), eq(t.id, id)));
      return rows[0]!.payload as Payload;
    },

    async deleteExpired(now: Date): Promise<number> {
      const rows = await db.delete(t).where(lte(t.expiresAt, now)).returning({ id: t.id });
      return rows.length;
    },
  };
}

export type OAuthRepository = ReturnType<typeof createOAuthRepository>;
