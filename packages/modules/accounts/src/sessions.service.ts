import { AppError, type Clock, type Logger } from '@marque/kernel';
import type { Account, AccountsRepository, Role } from './accounts.repository';
import type { SessionsRepository } from './sessions.repository';
import { checkPasswordPolicy, type PasswordHasher } from './passwords';
import { mails, type SendMail } from './mail-templates';
import { normalizeEmail, randomSecret, sha256 } from './secrets';
import { limits, MINUTE, type Throttle } from './throttle';

export interface SessionsDeps {
  repo: AccountsRepository;
  sessions: SessionsRepository;
  throttle: Throttle;
  clock: Clock;
  hasher: PasswordHasher;
  sendMail: SendMail;
  appUrl: () => string;
  log: Logger;
}

/** Who is calling, as the HTTP layer needs it. */
export interface SessionPrincipal {
  accountId: string;
  roles: Role[];
  sessionId: string;
  /** The account's market and language, read with the session (the terms guard needs them on every request). */
  locale?: { market: string; language: string };
}

export interface SessionView {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  userAgent: string | null;
  ip: string | null;
  current: boolean;
}

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

/** A session unused this long ends; the cookie lives as long. */
export const SESSION_IDLE_MS = 30 * 24 * 60 * MINUTE;
const TOUCH_EVERY_MS = MINUTE;

export function createSessionsService(deps: SessionsDeps) {
  const { repo, sessions, clock, hasher, throttle } = deps;
  let dummyHash: Promise<string> | undefined;

  /** Checks the account's own password under the same per-account lock-out as sign-in. */
  async function verifyOwnPassword(a: Account, password: string, field: string): Promise<void> {
    const subject = sha256(a.email);
    await throttle.guard(
      limits.signInAccount,
      subject,
      'Too many wrong passwords for this account. Please wait before trying again.',
    );
    if (await hasher.verify(a.passwordHash, password)) return;
    await throttle.record(limits.signInAccount, subject);
    throw AppError.invalidField(field, 'The password is not right.', 'password.wrong');
  }

  async function activeAccount(accountId: string): Promise<Account> {
    const a = await repo.findById(accountId);
    if (!a) throw new AppError('unauthenticated', 'Please sign in again.', { code: 'session.invalid' });
    return a;
  }

  return {
    verifyOwnPassword,

    /** Locks out after repeated failures per account and per client address; a pending account is told to activate. */
    async signIn(
      input: { email: string; password: string },
      client: ClientInfo,
    ): Promise<{ token: string; principal: SessionPrincipal }> {
      const email = normalizeEmail(input.email);
      const subject = sha256(email);
      const address = client.ip ?? 'unknown';
      await throttle.guard(
        limits.signInAccount,
        subject,
        'Too many failed sign-ins for this account. Please wait before trying again, or reset your password.',
      );
      await throttle.guard(
        limits.signInAddress,
        address,
        'Too many failed sign-ins from your network. Please wait before trying again.',
      );
      const a = await repo.findByEmail(email);
      // An unknown address costs the same hashing time as a known one, so timing does not reveal accounts.
      dummyHash ??= hasher.hash('timing-equaliser-password');
      const ok = a
        ? await hasher.verify(a.passwordHash, input.password)
        : (await hasher.verify(await dummyHash, input.password), false);
      if (!a || !ok) {
        await throttle.record(limits.signInAccount, subject);
        await throttle.record(limits.signInAddress, address);
        throw new AppError('unauthenticated', 'The e-mail address or the password is not right.', { code: 'sign_in.failed' });
      }
      await throttle.clear(limits.signInAccount, subject);
      if (a.status === 'pending') {
        throw new AppError(
          'forbidden',
          'Your account is not active yet. Open the activation link in the e-mail we sent you, or ask for a new one.',
          { code: 'account.pending' },
        );
      }
      const token = randomSecret();
      const s = await sessions.insert({
        tokenHash: sha256(token),
        accountId: a.id,
        at: clock.now(),
        userAgent: client.userAgent?.slice(0, 300) ?? null,
        ip: client.ip,
      });
      return { token, principal: { accountId: a.id, roles: a.roles, sessionId: s.id } };
    },

    async signOut(token: string): Promise<void> {
      await sessions.revokeByToken(sha256(token), clock.now());
    },

    /** The principal behind a session cookie, or null when it is unknown, revoked, idle too long or its account inactive. */
    /** Every cookie request runs this: one statement (session joined with its account), plus a rare touch. */
    async resolve(token: string): Promise<SessionPrincipal | null> {
      const s = await sessions.findLiveWithAccount(sha256(token));
      if (!s) return null;
      const now = clock.now();
      if (now.getTime() - s.lastSeenAt.getTime() > SESSION_IDLE_MS) {
        await sessions.revokeByToken(sha256(token), now);
        return null;
      }
      if (s.account.status !== 'active') return null;
      if (now.getTime() - s.lastSeenAt.getTime() > TOUCH_EVERY_MS) await sessions.touch(s.id, now);
      const locale = s.account.market ? { market: s.account.market, language: s.account.language ?? 'en' } : undefined;
      return { accountId: s.accountId, roles: s.account.roles as Role[], sessionId: s.id, ...(locale ? { locale } : {}) };
    },

    async list(accountId: string, currentSessionId: string | null): Promise<SessionView[]> {
      const since = new Date(clock.now().getTime() - SESSION_IDLE_MS);
      const rows = await sessions.listLive(accountId, since);
      return rows.map((s) => ({
        id: s.id,
        createdAt: s.createdAt.toISOString(),
        lastSeenAt: s.lastSeenAt.toISOString(),
        userAgent: s.userAgent,
        ip: s.ip,
        current: s.id === currentSessionId,
      }));
    },

    /** Another account's session id is simply not found: ids of other people's devices are never confirmed. */
    async revoke(accountId: string, sessionId: string): Promise<void> {
      if (!(await sessions.revoke(accountId, sessionId, clock.now()))) {
        throw new AppError('not_found', 'You have no signed-in device with this id.', { code: 'session.unknown' });
      }
    },

    /** Needs the current password; signs out every other device and tells the owner by e-mail. */
    async changePassword(accountId: string, currentSessionId: string | null, current: string, next: string): Promise<void> {
      const a = await activeAccount(accountId);
      await verifyOwnPassword(a, current, 'currentPassword');
      checkPasswordPolicy(next, a.email, 'newPassword');
      await repo.setPasswordHash(a.id, await hasher.hash(next));
      await sessions.revokeAll(a.id, clock.now(), currentSessionId ?? undefined);
      try {
        await deps.sendMail(mails.passwordChanged(a.language, a.email, a.name, `${deps.appUrl()}/app/forgot-password`));
      } catch (e) {
        deps.log.warn({ err: { message: (e as Error).message } }, 'password-changed notice not sent');
      }
    },

    async setPassword(accountId: string, password: string): Promise<void> {
      const a = await activeAccount(accountId);
      checkPasswordPolicy(password, a.email);
      await repo.setPasswordHash(a.id, await hasher.hash(password));
    },

    async checkPassword(accountId: string, password: string): Promise<boolean> {
      const a = await repo.findById(accountId);
      return a ? hasher.verify(a.passwordHash, password) : false;
    },
  };
}

export type SessionsService = ReturnType<typeof createSessionsService>;
