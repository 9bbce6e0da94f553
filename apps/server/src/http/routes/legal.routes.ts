import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { AccountsModule } from '@marque/accounts';
import { DEFAULT_LOCALE, type LegalKind, type Locale, type PrivacyModule } from '@marque/privacy';
import type { Auth } from '../auth';
import { ProblemSchema } from './problem.schema';
import { Language, LegalDocument, Market } from './accounts.schemas';

const Query = Type.Object({ market: Type.Optional(Market), language: Type.Optional(Language) });

/** Terms of use and privacy notice (public), and their publication by an admin. */
export function legalRoutes(deps: { accounts: AccountsModule; privacy: PrivacyModule; auth: Auth }) {
  const privacy = deps.privacy.service;

  /** The query wins, then the signed-in account, then GB/en. */
  async function localeOf(req: FastifyRequest): Promise<Locale> {
    const q = req.query as { market?: string; language?: string };
    const mine = req.account ? await deps.accounts.service.getProfile(req.account.accountId).catch(() => null) : null;
    return {
      market: q.market?.toUpperCase() ?? mine?.market ?? DEFAULT_LOCALE.market,
      language: q.language ?? mine?.language ?? DEFAULT_LOCALE.language,
    };
  }

  return async (app: FastifyInstance) => {
    for (const kind of ['terms', 'privacy'] as const) {
      app.get(
        `/legal/${kind}`,
        {
          preHandler: deps.auth.optionalAccount,
          schema: {
            tags: ['privacy'],
            summary: kind === 'terms' ? 'The current terms of use' : 'The current privacy notice',
            querystring: Query,
            response: { 200: LegalDocument, 404: ProblemSchema },
          },
        },
        async (req) => privacy.currentDocument(kind, await localeOf(req)),
      );
    }

    app.post(
      '/admin/legal',
      {
        preHandler: deps.auth.requireRole('admin'),
        schema: {
          tags: ['admin'],
          summary: 'Publish a new version of the terms of use or the privacy notice',
          body: Type.Object({
            kind: Type.Union([Type.Literal('terms'), Type.Literal('privacy')]),
            market: Market,
            language: Language,
            version: Type.Integer({ minimum: 1 }),
            title: Type.String({ minLength: 1, maxLength: 200 }),
            body: Type.String({ minLength: 1, maxLength: 200_000 }),
          }),
          response: { 201: LegalDocument, 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 409: ProblemSchema },
        },
      },
      async (req, reply) => {
        const b = req.body as { kind: LegalKind; market: string; language: string; version: number; title: string; body: string };
        return reply.code(201).send(await privacy.publish(b));
      },
    );
  };
}
