import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { AccountsModule, Language as Lang } from '@marque/accounts';
import { PURPOSES, type PrivacyModule, type Locale, type ConsentMethod } from '@marque/privacy';
import { Vin } from '@marque/contracts';
import { accountOf, type Auth } from '../auth';
import { ProblemSchema } from './problem.schema';
import { Consents, Language, Market, Password, Profile, SessionList, TermsStatus } from './accounts.schemas';

const Purpose = Type.Union(PURPOSES.map((p) => Type.Literal(p)));

/** The signed-in account: profile, password, devices, terms, consents and deletion. */
export function meRoutes(deps: { accounts: AccountsModule; privacy: PrivacyModule; auth: Auth }) {
  const { service, sessions, erasure } = deps.accounts;
  const privacy = deps.privacy.service;
  const signedIn = { preHandler: deps.auth.requireAccount };
  const problems = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema };

  async function profile(accountId: string) {
    const p = await service.getProfile(accountId);
    return { ...p, terms: await privacy.termsStatus(accountId, p) };
  }
  async function locale(accountId: string): Promise<Locale> {
    const p = await service.getProfile(accountId);
    return { market: p.market, language: p.language };
  }
  const me = (req: FastifyRequest) => accountOf(req).accountId;

  return async (app: FastifyInstance) => {
    app.get(
      '/me',
      {
        ...signedIn,
        schema: {
          tags: ['account'],
          summary: 'My profile and whether I accepted the current terms',
          response: { 200: Profile, 401: ProblemSchema },
        },
      },
      async (req) => profile(me(req)),
    );

    app.patch(
      '/me',
      {
        ...signedIn,
        schema: {
          tags: ['account'],
          summary: 'Change name, market or language',
          body: Type.Object({
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
            market: Type.Optional(Market),
            language: Type.Optional(Language),
          }),
          response: { 200: Profile, ...problems },
        },
      },
      async (req) => {
        await service.updateProfile(me(req), req.body as { name?: string; market?: string; language?: Lang });
        return profile(me(req));
      },
    );

    app.put(
      '/me/password',
      {
        ...signedIn,
        schema: {
          tags: ['account'],
          summary: 'Change the password (needs the current one; signs out other devices)',
          body: Type.Object({ currentPassword: Password, newPassword: Password }),
          response: { 204: Type.Null(), ...problems, 429: ProblemSchema },
        },
      },
      async (req, reply) => {
        const b = req.body as { currentPassword: string; newPassword: string };
        await sessions.changePassword(me(req), accountOf(req).sessionId, b.currentPassword, b.newPassword);
        return reply.code(204).send();
      },
    );

    app.delete(
      '/me',
      {
        ...signedIn,
        schema: {
          tags: ['account'],
          summary: 'Delete my account: erases my personal data in every module',
          body: Type.Object({ password: Password, confirm: Type.Literal('DELETE') }),
          response: {
            200: Type.Object({ deletedAt: Type.String(), erased: Type.Array(Type.String()) }),
            ...problems,
            429: ProblemSchema,
          },
        },
      },
      async (req, reply) => {
        const result = await erasure.deleteAccount(me(req), (req.body as { password: string }).password);
        deps.auth.clearSessionCookies(reply);
        return result;
      },
    );

    app.get(
      '/me/sessions',
      {
        ...signedIn,
        schema: { tags: ['account'], summary: 'My signed-in devices', response: { 200: SessionList, 401: ProblemSchema } },
      },
      async (req) => ({
        sessions: await sessions.list(me(req), accountOf(req).sessionId),
      }),
    );

    app.delete(
      '/me/sessions/:id',
      {
        ...signedIn,
        schema: {
          tags: ['account'],
          summary: 'Sign out one of my devices',
          params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
          response: { 204: Type.Null(), 404: ProblemSchema, ...problems },
        },
      },
      async (req, reply) => {
        await sessions.revoke(me(req), (req.params as { id: string }).id);
        return reply.code(204).send();
      },
    );

    app.post(
      '/me/terms/accept',
      {
        ...signedIn,
        schema: {
          tags: ['privacy'],
          summary: 'Accept the current terms of use',
          body: Type.Object({ version: Type.Integer({ minimum: 1 }) }),
          response: { 200: TermsStatus, 409: ProblemSchema, ...problems },
        },
      },
      async (req) => privacy.acceptTerms(me(req), await locale(me(req)), (req.body as { version: number }).version),
    );

    app.get(
      '/me/consents',
      {
        ...signedIn,
        schema: {
          tags: ['privacy'],
          summary: 'My consents per purpose and their full history',
          response: { 200: Consents, 401: ProblemSchema },
        },
      },
      async (req) => privacy.consents(me(req), await locale(me(req))),
    );

    app.put(
      '/me/consents/:purpose',
      {
        ...signedIn,
        schema: {
          tags: ['privacy'],
          summary: 'Give or withdraw a consent (for connected_vehicle_assistance optionally per VIN)',
          params: Type.Object({ purpose: Purpose }),
          body: Type.Object({
            granted: Type.Boolean(),
            vin: Type.Optional(Vin),
            method: Type.Optional(Type.Union([Type.Literal('web'), Type.Literal('app')])),
          }),
          response: { 200: Consents, ...problems },
        },
      },
      async (req) => {
        const b = req.body as { granted: boolean; vin?: string; method?: 'web' | 'app' };
        const principal = accountOf(req);
        const method: ConsentMethod = principal.via === 'bearer' ? 'api' : (b.method ?? 'web');
        const l = await locale(principal.accountId);
        await privacy.setConsent(principal.accountId, l, {
          purpose: (req.params as { purpose: string }).purpose,
          granted: b.granted,
          vin: b.vin,
          method,
        });
        return privacy.consents(principal.accountId, l);
      },
    );
  };
}
