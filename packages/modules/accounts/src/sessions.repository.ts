import { and, asc, count, desc, eq, gt, gte, isNull, lt, ne, sql } from 'drizzle-orm';
import type { Db } from '@marque/db';
import { accounts, authAttempts, sessions } from './accounts.schema';

export interface StoredSession {
  id: string;
  accountId: string;
  createdAt: Date;
  lastSeenAt: Date;
  userAgent: string | null;
  ip: string | null;
}

const columns = {
  id: sessions.id,
  accountId: sessions.accountId,
  createdAt: sessions.createdAt,
  lastSeenAt: sessions.lastSeenAt,
  userAgent: sessions.userAgent,
  ip: sessions.ip,
};

export function createSessionsRepository(db: Db) {
  // Every signed-in request asks it: prepared (parsed and planned once per connection).
  const liveWithAccount = db
    .select({ ...columns, status: accounts.status, roles: accounts.roles, market: accounts.market, language: accounts.language })
    .from(sessions)
    .innerJoin(accounts, eq(accounts.id, sessions.accountId))
    .where(and(eq(sessions.tokenHash, sql.placeholder('tokenHash')), isNull(sessions.revokedAt)))
    .limit(1)
    .prepare('sessions_live_with_account');
  return {
    async insert(s: { tokenHash: string; accountId: string; at: Date; userAgent: string | null; ip: string | null }) {
      const rows = await db
        .insert(sessions)
        .values({
          tokenHash: s.tokenHash,
          accountId: s.accountId,
          createdAt: s.at,
          lastSeenAt: s.at,
          userAgent: s.userAgent,
          ip: s.ip,
        })
        .returning(columns);
      return rows[0]!;
    },

    /** The live session of a token with what every request needs of its account, in one round trip. */
    async findLiveWithAccount(
      tokenHash: string,
    ): Promise<(StoredSession & { account: { status: string; roles: string[]; market: string | null; language: string | null } }) | null> {
      const rows = await liveWithAccount.execute({ tokenHash });
      const r = rows[0];
      if (!r) return null;
      const { status, roles, market, language, ...session } = r;
      return { ...session, account: { status, roles, market, language } };
    },

    async findLive(tokenHash: string): Promise<StoredSession | null> {
      const rows = await db
        .select(columns)
        .from(sessions)
        .where(and(eq(sessions.tokenHash, tokenHash), isNull(sessions.revokedAt)))
        .limit(1);
      return rows[0] ?? null;
    },

    async touch(id: string, at: Date): Promise<void> {
      await db.update(sessions).set({ lastSeenAt: at }).where(eq(sessions.id, id));
    },

    /** The account's live sessions, newest use first; scoped by account id. */
    async listLive(accountId: string, seenSince: Date): Promise<StoredSession[]> {
      return db
        .select(columns)
        .from(sessions)
        .where(and(eq(sessions.accountId, accountId), isNull(sessions.revokedAt), gte(sessions.lastSeenAt, seenSince)))
        .orderBy(desc(sessions.lastSeenAt));
    },

    /** Revokes one session of this account; false when the account has no such live session. */
    async revoke(accountId: string, id: string, at: Date): Promise<boolean> {
      const rows = await db
        .update(sessions)
        .set({ revokedAt: at })
        .where(and(eq(sessions.accountId, accountId), eq(sessions.id, id), isNull(sessions.revokedAt)))
        .returning({ id: sessions.id });
      return rows.length === 1;
    },

    async revokeByToken(tokenHash: string, at: Date): Promise<void> {
      await db
        .update(sessions)
        .set({ revokedAt: at })
        .where(and(eq(sessions.tokenHash, tokenHash), isNull(sessions.revokedAt)));
    },

    /** Revokes every session of the account, except `keepId` when given. */
    async revokeAll(accountId: string, at: Date, keepId?: string): Promise<void> {
      const scope = and(eq(sessions.accountId, accountId), isNull(sessions.revokedAt));
      await db
        .update(sessions)
        .set({ revokedAt: at })
        .where(keepId ? and(scope, ne(sessions.id, keepId)) : scope);
    },

    /** Session records hold the user agent and address: personal data that deletion removes. */
    async deleteAll(accountId: string): Promise<void> {
      await db.delete(sessions).where(eq(sessions.accountId, accountId));
    },

    async recordAttempt(scope: string, subject: string, at: Date): Promise<void> {
      await db.insert(authAttempts).values({ scope, subject, at });
    },

    /** How many attempts after `since` (a window is open at its start), and the oldest of them (when the window starts to free up). */
    async countAttempts(scope: string, subject: string, since: Date): Promise<{ n: number; oldest: Date | null }> {
      const where = and(eq(authAttempts.scope, scope), eq(authAttempts.subject, subject), gt(authAttempts.at, since));
      const [c] = await db.select({ n: count() }).from(authAttempts).where(where);
      const n = c?.n ?? 0;
      if (n === 0) return { n, oldest: null };
      const [o] = await db.select({ at: authAttempts.at }).from(authAttempts).where(where).orderBy(asc(authAttempts.at)).limit(1);
      return { n, oldest: o?.at ?? null };
    },

    async clearAttempts(scope: string, subject: string): Promise<void> {
      await db.delete(authAttempts).where(and(eq(authAttempts.scope, scope), eq(authAttempts.subject, subject)));
    },

    /** Old attempts only matter inside their window; drop them so the table stays small. */
    async pruneAttempts(scope: string, subject: string, before: Date): Promise<void> {
      await db
        .delete(authAttempts)
        .where(and(eq(authAttempts.scope, scope), eq(authAttempts.subject, subject), lt(authAttempts.at, before)));
    },

    async deleteAttemptsFor(subject: string): Promise<void> {
      await db.delete(authAttempts).where(eq(authAttempts.subject, subject));
    },
  };
}

export type SessionsRepository = ReturnType<typeof createSessionsRepository>;
