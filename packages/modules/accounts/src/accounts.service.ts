import { AppError, type Clock, type Logger } from '@marque/kernel';
import type { Account, AccountsRepository, Role, TokenPurpose } from './accounts.repository';
import type { SessionsRepository } from './sessions.repository';
import { checkPasswordPolicy, type PasswordHasher } from './passwords';
import { mails, type Language, type SendMail } from './mail-templates';
import { normalizeEmail, randomSecret, sha256 } from './secrets';
import { HOUR, limits, type Throttle } from './throttle';

export interface AccountsDeps {
  repo: AccountsRepository;
  sessions: SessionsRepository;
  throttle: Throttle;
  clock: Clock;
  hasher: PasswordHasher;
  sendMail: SendMail;
  /** Base of the links in e-mails, such as http://localhost:3000 (read late: the port is known after listen). */
  appUrl: () => string;
  log: Logger;
}

export interface Registration {
  email: string;
  password: string;
  name: string;
  market: string;
  language?: Language | undefined;
}

export interface Profile {
  id: string;
  email: string;
  name: string;
  market: string;
  language: Language;
  roles: Role[];
  status: 'pending' | 'active';
  createdAt: string;
}

export const ACTIVATION_TTL_MS = 48 * HOUR;
export const RESET_TTL_MS = HOUR;
const germanMarkets = new Set(['DE', 'AT', 'CH', 'LI']);

export function toProfile(a: Account): Profile {
  const { id, email, name, market, language, roles, status } = a;
  return { id, email, name, market, language, roles, status, createdAt: a.createdAt.toISOString() };
}

function cleanProfile(p: { name?: string | undefined; market?: string | undefined }) {
  const name = p.name?.trim();
  if (name !== undefined && (name.length < 1 || name.length > 100)) {
    throw AppError.invalidField('name', 'The name must have 1 to 100 characters.', 'name.length');
  }
  const market = p.market?.trim().toUpperCase();
  if (market !== undefined && !/^[A-Z]{2}$/.test(market)) {
    throw AppError.invalidField(
      'market',
      'The market must be an ISO 3166-1 alpha-2 country code such as GB or DE.',
      'market.format',
    );
  }
  return { name, market };
}

export function createAccountsService(deps: AccountsDeps) {
  const { repo, clock, hasher, sendMail, throttle } = deps;
  const url = (path: string, token?: string) => `${deps.appUrl()}${path}${token ? `?token=${encodeURIComponent(token)}` : ''}`;

  async function issueToken(accountId: string, purpose: TokenPurpose, ttlMs: number): Promise<string> {
    const token = randomSecret();
    const now = clock.now();
    await repo.insertToken({
      tokenHash: sha256(token),
      accountId,
      purpose,
      createdAt: now,
      expiresAt: new Date(now.getTime() + ttlMs),
    });
    return token;
  }

  async function mail(m: ReturnType<(typeof mails)[keyof typeof mails]>): Promise<void> {
    try {
      await sendMail(m);
    } catch (e) {
      deps.log.error({ err: { message: (e as Error).message } }, 'sending e-mail failed');
      throw new AppError('unavailable', 'We could not send the e-mail just now. Please try again in a few minutes.', {
        code: 'mail.unavailable',
      });
    }
  }

  async function sendActivation(a: Account): Promise<void> {
    const token = await issueToken(a.id, 'activation', ACTIVATION_TTL_MS);
    await mail(mails.activation(a.language, a.email, a.name, url('/app/activate', token)));
  }

  /** Spends a link token, explaining an unknown, used or expired one; returns the account id. */
  async function spendToken(token: string, purpose: TokenPurpose): Promise<string> {
    const hash = sha256(token);
    const t = await repo.findToken(hash, purpose);
    const what = purpose === 'activation' ? 'activation' : 'password reset';
    if (!t) {
      throw AppError.invalidField(
        'token',
        `This ${what} link is not valid. Open the link from the e-mail exactly as it is, or ask for a new one.`,
        'token.unknown',
      );
    }
    if (t.usedAt || !(await repo.useToken(hash, clock.now()))) {
      const hint =
        purpose === 'activation'
          ? 'Your account is active: sign in with your e-mail address and password.'
          : 'Ask for a new link if you still need to reset your password.';
      throw new AppError('conflict', `This ${what} link was already used; each link works once. ${hint}`, { code: 'token.used' });
    }
    if (t.expiresAt.getTime() <= clock.now().getTime()) {
      const ttl = purpose === 'activation' ? '48 hours' : 'one hour';
      throw new AppError('gone', `This ${what} link has expired: links are valid for ${ttl}. Ask for a new one.`, {
        code: 'token.expired',
      });
    }
    return t.accountId;
  }

  return {
    /** Same outcome whether or not the e-mail is taken: nothing tells a stranger which addresses have accounts. */
    async register(input: Registration): Promise<void> {
      const email = normalizeEmail(input.email);
      const { name, market } = cleanProfile({ name: input.name, market: input.market });
      checkPasswordPolicy(input.password, email);
      const passwordHash = await hasher.hash(input.password);
      const language = input.language ?? (germanMarkets.has(market!) ? 'de' : 'en');
      const now = clock.now();
      const created = await repo.insert({
        email,
        name: name!,
        market: market!,
        language,
        passwordHash,
        status: 'pending',
        roles: ['customer'],
        createdAt: now,
        activatedAt: null,
      });
      if (created) return sendActivation(created);
      const existing = await repo.findByEmail(email);
      if (!existing || (await throttle.exceeded(limits.registerExisting, sha256(email)))) return;
      await throttle.record(limits.registerExisting, sha256(email));
      if (existing.status === 'pending') return sendActivation(existing);
      await mail(mails.alreadyRegistered(existing.language, email, existing.name, url('/'), url('/app/forgot-password')));
    },

    /** Rate-limited per address whether or not it has an account, so the limit reveals nothing either. */
    async resendActivation(emailInput: string): Promise<void> {
      const email = normalizeEmail(emailInput);
      await throttle.guard(
        limits.activationResend,
        sha256(email),
        'Too many activation e-mails were asked for this address. Please wait before asking again.',
      );
      await throttle.record(limits.activationResend, sha256(email));
      const a = await repo.findByEmail(email);
      if (a?.status === 'pending') await sendActivation(a);
    },

    async activate(token: string): Promise<Profile> {
      const accountId = await spendToken(token, 'activation');
      await repo.activate(accountId, clock.now());
      const a = await repo.findById(accountId);
      if (!a) throw new AppError('gone', 'This account no longer exists.', { code: 'account.deleted' });
      return toProfile(a);
    },

    async forgotPassword(emailInput: string): Promise<void> {
      const email = normalizeEmail(emailInput);
      if (await throttle.exceeded(limits.passwordForgot, sha256(email))) return;
      await throttle.record(limits.passwordForgot, sha256(email));
      const a = await repo.findByEmail(email);
      if (!a) return;
      const token = await issueToken(a.id, 'password_reset', RESET_TTL_MS);
      await mail(mails.passwordReset(a.language, a.email, a.name, url('/app/reset-password', token)));
    },

    /** A reset proves control of the mailbox, so it also activates a pending account; every session ends. */
    async resetPassword(token: string, password: string): Promise<void> {
      const t = await repo.findToken(sha256(token), 'password_reset');
      const before = t ? await repo.findById(t.accountId) : null;
      if (before) checkPasswordPolicy(password, before.email);
      const accountId = await spendToken(token, 'password_reset');
      const a = before ?? (await repo.findById(accountId));
      if (!a) throw new AppError('gone', 'This account no longer exists.', { code: 'account.deleted' });
      const now = clock.now();
      await repo.setPasswordHash(a.id, await hasher.hash(password));
      await repo.useAllTokens(a.id, 'password_reset', now);
      await repo.activate(a.id, now);
      await deps.sessions.revokeAll(a.id, now);
      await throttle.clear(limits.signInAccount, sha256(a.email));
    },

    async getProfile(accountId: string): Promise<Profile> {
      const a = await repo.findById(accountId);
      if (!a) throw new AppError('not_found', 'This account does not exist.', { code: 'account.unknown' });
      return toProfile(a);
    },

    async updateProfile(
      accountId: string,
      patch: { name?: string | undefined; market?: string | undefined; language?: Language | undefined },
    ): Promise<Profile> {
      const { name, market } = cleanProfile(patch);
      await repo.updateProfile(accountId, {
        ...(name !== undefined ? { name } : {}),
        ...(market !== undefined ? { market } : {}),
        ...(patch.language ? { language: patch.language } : {}),
      });
      return this.getProfile(accountId);
    },

    /** Bootstrap accounts (admin CLI, demo owner) start active; the password policy still applies. */
    async createActiveAccount(input: Registration & { roles: Role[] }): Promise<Profile> {
      const email = normalizeEmail(input.email);
      const { name, market } = cleanProfile({ name: input.name, market: input.market });
      checkPasswordPolicy(input.password, email);
      const now = clock.now();
      const created = await repo.insert({
        email,
        name: name!,
        market: market!,
        language: input.language ?? 'en',
        passwordHash: await hasher.hash(input.password),
        status: 'active',
        roles: input.roles,
        createdAt: now,
        activatedAt: now,
      });
      if (!created)
        throw new AppError('conflict', `An account with the e-mail ${email} already exists.`, { code: 'account.exists' });
      return toProfile(created);
    },

    async findByEmail(email: string): Promise<Profile | null> {
      const a = await repo.findByEmail(normalizeEmail(email));
      return a ? toProfile(a) : null;
    },
  };
}

export type AccountsService = ReturnType<typeof createAccountsService>;
