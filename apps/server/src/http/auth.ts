/**
 * Who is calling. Routes that read or change personal data add a preHandler:
 *
 *   app.get('/me', { preHandler: auth.requireAccount }, async (req) => service.get(accountOf(req).accountId));
 *   app.post('/admin/x', { preHandler: auth.requireRole('admin') }, …);
 *
 * `requireAccount` accepts the first-party session cookie or a first-party OAuth bearer token, answers 401
 * problem+json otherwise, and checks the CSRF header on state-changing cookie requests. Routes open to
 * third-party apps use `requireScope('read_status')`: cookie sessions pass, tokens need the scope.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type {} from '@fastify/cookie';
import { AppError } from '@marque/kernel';
import type { Role, SessionsService } from '@marque/accounts';
import { SESSION_IDLE_MS } from '@marque/accounts';

export interface Principal {
  accountId: string;
  roles: Role[];
  /** The session behind a cookie request; null for bearer tokens. */
  sessionId: string | null;
  via: 'session' | 'bearer';
  /** Cookie sessions: the account's market and language, read with the session. */
  locale?: { market: string; language: string };
  /** Bearer tokens only: the OAuth client and the scopes the owner granted it. */
  token?: { clientId: string; scopes: string[]; firstParty: boolean };
}

declare module 'fastify' {
  interface FastifyRequest {
    account?: Principal;
  }
}

export const SESSION_COOKIE = 'marque_session';
export const CSRF_COOKIE = 'marque_csrf';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The CSRF token is derived from the session id, so it cannot be planted without knowing the session. */
export function csrfFor(sessionToken: string): string {
  return createHash('sha256').update(`csrf:${sessionToken}`).digest('base64url');
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The account of a request that passed `requireAccount`. */
export function accountOf(req: FastifyRequest): Principal {
  if (!req.account) throw new AppError('unauthenticated', 'Sign in to continue.', { code: 'auth.required' });
  return req.account;
}

export function createAuth(deps: {
  sessions: SessionsService;
  /** Resolves an OAuth bearer token (the oauth module through the container). */
  bearer?: (token: string) => Promise<Omit<Principal, 'via' | 'sessionId'> | null>;
}) {
  async function resolve(req: FastifyRequest): Promise<Principal | null> {
    const authz = req.headers.authorization;
    if (authz?.startsWith('Bearer ')) {
      const p = deps.bearer ? await deps.bearer(authz.slice(7).trim()) : null;
      if (!p) throw new AppError('unauthenticated', 'The access token is not valid.', { code: 'auth.bearer_invalid' });
      return { ...p, sessionId: null, via: 'bearer' };
    }
    const token = req.cookies?.[SESSION_COOKIE];
    if (!token) return null;
    const p = await deps.sessions.resolve(token);
    return p ? { ...p, via: 'session' } : null;
  }

  function checkCsrf(req: FastifyRequest): void {
    const token = req.cookies[SESSION_COOKIE]!;
    const header = req.headers[CSRF_HEADER];
    if (typeof header !== 'string' || !same(header, csrfFor(token))) {
      throw new AppError('forbidden', 'The request lacks the CSRF token header; reload the page and try again.', {
        code: 'csrf.missing',
      });
    }
  }

  async function signedIn(req: FastifyRequest): Promise<Principal> {
    const p = await resolve(req);
    if (!p) throw new AppError('unauthenticated', 'Sign in to continue.', { code: 'auth.required' });
    if (p.via === 'session' && !SAFE_METHODS.has(req.method)) checkCsrf(req);
    return p;
  }

  /** Cookie sessions and first-party tokens; a third-party token reaches only routes guarded by `requireScope`. */
  async function requireAccount(req: FastifyRequest): Promise<void> {
    const p = await signedIn(req);
    if (p.token && !p.token.firstParty) {
      throw new AppError('forbidden', 'A third-party access token cannot use this part of the API.', { code: 'auth.third_party' });
    }
    req.account = p;
  }

  /** The signed-in owner (cookie) or a bearer token granted every one of `scopes`; 403 problem otherwise. */
  function requireScope(...scopes: string[]) {
    return async (req: FastifyRequest): Promise<void> => {
      const p = await signedIn(req);
      const missing = p.token ? scopes.filter((s) => !p.token!.scopes.includes(s)) : [];
      if (missing.length) {
        throw new AppError('forbidden', `The access token lacks the scope ${missing.join(' ')}.`, { code: 'auth.scope', scopes: missing });
      }
      req.account = p;
    };
  }

  return {
    requireAccount,
    requireScope,

    /** Signed in and holding at least one of `roles`; 403 otherwise. */
    requireRole(...roles: Role[]) {
      return async (req: FastifyRequest): Promise<void> => {
        if (!req.account) await requireAccount(req);
        if (!roles.some((r) => req.account!.roles.includes(r))) {
          throw new AppError('forbidden', `This needs the role ${roles.join(' or ')}.`, { code: 'auth.role' });
        }
      };
    },

    /** For public routes that read the caller when there is one (no 401, no CSRF check: they change nothing). */
    async optionalAccount(req: FastifyRequest): Promise<void> {
      const p = await resolve(req).catch(() => null);
      if (p) req.account = p;
    },

    /** Session cookie: httpOnly, SameSite=Lax, Secure over TLS; the CSRF cookie is readable by the web app. */
    setSessionCookies(req: FastifyRequest, reply: FastifyReply, token: string): void {
      const base = { path: '/', sameSite: 'lax' as const, secure: req.protocol === 'https', maxAge: SESSION_IDLE_MS / 1000 };
      void reply.setCookie(SESSION_COOKIE, token, { ...base, httpOnly: true });
      void reply.setCookie(CSRF_COOKIE, csrfFor(token), { ...base, httpOnly: false });
    },

    clearSessionCookies(reply: FastifyReply): void {
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      void reply.clearCookie(CSRF_COOKIE, { path: '/' });
    },

    /** The CSRF check alone, for routes that resolve the session themselves (sign-out). */
    checkCsrf,
    resolve,
  };
}

export type Auth = ReturnType<typeof createAuth>;
