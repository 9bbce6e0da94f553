import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '@marque/db';
import { accounts, accountTokens } from './accounts.schema';

export type Role = 'customer' | 'retailer' | 'care_agent' | 'admin';
export type AccountStatus = 'pending' | 'active' | 'deleted';
export type TokenPurpose = 'activation' | 'password_reset';

export interface Account {
  id: string;
  email: string;
  name: string;
  market: string;
  language: 'en' | 'de';
  passwordHash: string;
  status: Exclude<AccountStatus, 'deleted'>;
  roles: Role[];
  createdAt: Date;
  activatedAt: Date | null;
}

export interface NewAccount {
  email: string;
  name: string;
  market: string;
  language: 'en' | 'de';
  passwordHash: string;
  status: 'pending' | 'active';
  roles: Role[];
  createdAt: Date;
  activatedAt: Date | null;
}

export interface StoredToken {
  accountId: string;
  purpose: TokenPurpose;
  expiresAt: Date;
  usedAt: Date | null;
}

type Row = typeof accounts.$inferSelect;

function toAccount(r: Row | undefined): Account | null {
  if (!r || r.status === 'deleted' || !r.email || !r.passwordHash) return null;
  return {
    id: r.id,
    email: r.email,
    name: r.name ?? '',
    market: r.market ?? 'GB',
    language: r.language ?? 'en',
    passwordHash: r.passwordHash,
    status: r.status,
    roles: r.roles as Role[],
    createdAt: r.createdAt,
    activatedAt: r.activatedAt,
  };
}

export function createAccountsRepository(db: Db) {
  // Asked on many requests (profile, the registered-owner check of door commands): prepared.
  const byId = db.select().from(accounts).where(eq(accounts.id, sql.placeholder('id'))).limit(1).prepare('accounts_by_id');
  return {
    /** Inserts unless the e-mail is taken; null when it was (the unique index decides, so two racing registrations cannot both win). */
    async insert(a: NewAccount): Promise<Account | null> {
      const rows = await db.insert(accounts).values(a).onConflictDoNothing().returning();
      return toAccount(rows[0]);
    },

    async findByEmail(email: string): Promise<Account | null> {
      const rows = await db
        .select()
        .from(accounts)
        .where(sql`lower(${accounts.email}) = lower(${email})`)
        .limit(1);
      return toAccount(rows[0]);
    },

    async findById(id: string): Promise<Account | null> {
      const rows = await byId.execute({ id });
      return toAccount(rows[0]);
    },

    async activate(id: string, at: Date): Promise<void> {
      await db
        .update(accounts)
        .set({ status: 'active', activatedAt: at })
        .where(and(eq(accounts.id, id), eq(accounts.status, 'pending')));
    },

    async updateProfile(id: string, patch: { name?: string; market?: string; language?: 'en' | 'de' }): Promise<void> {
      if (Object.keys(patch).length === 0) return;
      await db.update(accounts).set(patch).where(eq(accounts.id, id));
    },

    async setPasswordHash(id: string, passwordHash: string): Promise<void> {
      await db.update(accounts).set({ passwordHash }).where(eq(accounts.id, id));
    },

    async setRoles(id: string, roles: Role[]): Promise<void> {
      await db.update(accounts).set({ roles }).where(eq(accounts.id, id));
    },

    /**
     * Erases personal data and keeps the tombstone: the id (other modules' records may still name it) and the
     * deletion time. Nothing derived from the e-mail is kept: a hash of an address is reversible by guessing.
     */
    async tombstone(id: string, at: Date): Promise<void> {
      await db.transaction(async (tx) => {
        await tx.delete(accountTokens).where(eq(accountTokens.accountId, id));
        await tx
          .update(accounts)
          .set({
            email: null,
            name: null,
            market: null,
            language: null,
            passwordHash: null,
            roles: [],
            status: 'deleted',
            deletedAt: at,
          })
          .where(eq(accounts.id, id));
      });
    },

    async findTombstone(id: string): Promise<{ id: string; deletedAt: Date } | null> {
      const rows = await db
        .select()
        .from(accounts)
        .where(and(eq(accounts.id, id), eq(accounts.status, 'deleted')));
      const r = rows[0];
      return r?.deletedAt ? { id: r.id, deletedAt: r.deletedAt } : null;
    },

    async insertToken(t: { tokenHash: string; accountId: string; purpose: TokenPurpose; createdAt: Date; expiresAt: Date }) {
      await db.insert(accountTokens).values(t);
    },

    async findToken(tokenHash: string, purpose: TokenPurpose): Promise<StoredToken | null> {
      const rows = await db
        .select()
        .from(accountTokens)
        .where(and(eq(accountTokens.tokenHash, tokenHash), eq(accountTokens.purpose, purpose)))
        .limit(1);
      const r = rows[0];
      return r ? { accountId: r.accountId, purpose: r.purpose, expiresAt: r.expiresAt, usedAt: r.usedAt } : null;
    },

    /** Marks the token used; false when another request used it first. */
    async useToken(tokenHash: string, at: Date): Promise<boolean> {
      const rows = await db
        .update(accountTokens)
        .set({ usedAt: at })
        .where(and(eq(accountTokens.tokenHash, tokenHash), isNull(accountTokens.usedAt)))
        .returning({ h: accountTokens.tokenHash });
      return rows.length === 1;
    },

    /** Spends every outstanding token of a purpose (a reset voids the other reset links). */
    async useAllTokens(accountId: string, purpose: TokenPurpose, at: Date): Promise<void> {
      await db
        .update(accountTokens)
        .set({ usedAt: at })
        .where(and(eq(accountTokens.accountId, accountId), eq(accountTokens.purpose, purpose), isNull(accountTokens.usedAt)));
    },
  };
}

export type AccountsRepository = ReturnType<typeof createAccountsRepository>;
