import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { AccountsModule, Language as Lang } from '@marque/accounts';
import { SESSION_COOKIE, type Auth } from '../auth';
import { ProblemSchema } from './problem.schema';
import { Accepted, Email, Language, Market, Password, Token } from './accounts.schemas';

const registered = {
  status: 'pending',
  message:
    'Thank you. If this address can be used, we have sent an e-mail to it: open the link in it within 48 hours to activate your account.',
};
const mailed = { status: 'sent', message: 'If an account uses this address, we have sent an e-mail to it.' };
const perAddress = { rateLimit: { max: 20, timeWindow: '1 minute' } };

const client = (req: FastifyRequest) => ({ ip: req.ip ?? null, userAgent: req.headers['user-agent'] ?? null });

/** Registration, activation, sign-in and forgotten passwords: the routes that work without a session. */
export function accountsRoutes(deps: { accounts: AccountsModule; auth: Auth }) {
  const { service, sessions } = deps.accounts;
  const { auth } = deps;
  return async (app: FastifyInstance) => {
    app.post(
      '/accounts',
      {
        config: perAddress,
        schema: {
          tags: ['accounts'],
          summary: 'Register; sends the activation e-mail (the answer is the same for an address already registered)',
          body: Type.Object({
            email: Email,
            password: Password,
            name: Type.String({ minLength: 1, maxLength: 100 }),
            market: Market,
            language: Type.Optional(Language),
          }),
          response: { 202: Accepted, 400: ProblemSchema, 503: ProblemSchema },
        },
      },
      async (req, reply) => {
        const b = req.body as { email: string; password: string; name: string; market: string; language?: Lang };
        await service.register(b);
        return reply.code(202).send(registered);
      },
    );

    app.post(
      '/accounts/activation/resend',
      {
        config: perAddress,
        schema: {
          tags: ['accounts'],
          summary: 'Send the activation e-mail again (rate-limited per address)',
          body: Type.Object({ email: Email }),
          response: { 202: Accepted, 429: ProblemSchema },
        },
      },
      async (req, reply) => {
        await service.resendActivation((req.body as { email: string }).email);
        return reply.code(202).send(mailed);
      },
    );

    app.post(
      '/accounts/activate',
      {
        schema: {
          tags: ['accounts'],
          summary: 'Activate with the token from the e-mail (410 when expired, 409 when already used)',
          body: Type.Object({ token: Token }),
          response: {
            200: Type.Object({ status: Type.String(), email: Type.String() }),
            400: ProblemSchema,
            409: ProblemSchema,
            410: ProblemSchema,
          },
        },
      },
      async (req) => {
        const p = await service.activate((req.body as { token: string }).token);
        return { status: p.status, email: p.email };
      },
    );

    app.post(
      '/session',
      {
        schema: {
          tags: ['accounts'],
          summary: 'Sign in: sets the session cookie and the readable CSRF cookie',
          body: Type.Object({ email: Email, password: Password }),
          response: { 401: ProblemSchema, 403: ProblemSchema, 429: ProblemSchema },
        },
      },
      async (req, reply) => {
        const { token, principal } = await sessions.signIn(req.body as { email: string; password: string }, client(req));
        auth.setSessionCookies(req, reply, token);
        const p = await service.getProfile(principal.accountId);
        return { id: p.id, email: p.email, name: p.name, roles: p.roles };
      },
    );

    app.delete('/session', { schema: { tags: ['accounts'], summary: 'Sign out' } }, async (req, reply) => {
      const p = await auth.resolve(req).catch(() => null);
      if (p?.via === 'session') {
        auth.checkCsrf(req);
        await sessions.signOut(req.cookies[SESSION_COOKIE]!);
      }
      auth.clearSessionCookies(reply);
      return reply.code(204).send();
    });

    app.post(
      '/password/forgot',
      {
        config: perAddress,
        schema: {
          tags: ['accounts'],
          summary: 'Mail a password-reset link (always 202)',
          body: Type.Object({ email: Email }),
          response: { 202: Accepted },
        },
      },
      async (req, reply) => {
        await service.forgotPassword((req.body as { email: string }).email);
        return reply.code(202).send(mailed);
      },
    );

    app.post(
      '/password/reset',
      {
        schema: {
          tags: ['accounts'],
          summary: 'Set a new password with the token from the e-mail; signs out every device',
          body: Type.Object({ token: Token, password: Password }),
          response: { 204: Type.Null(), 400: ProblemSchema, 409: ProblemSchema, 410: ProblemSchema },
        },
      },
      async (req, reply) => {
        const b = req.body as { token: string; password: string };
        await service.resetPassword(b.token, b.password);
        return reply.code(204).send();
      },
    );
  };
}
