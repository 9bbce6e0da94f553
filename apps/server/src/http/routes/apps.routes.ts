import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { OAuthService } from '@marque/oauth';
import { accountOf, type Auth } from '../auth';
import { ProblemSchema } from './problem.schema';

const ConnectedApp = Type.Object({
  grantId: Type.String(),
  clientId: Type.String(),
  clientName: Type.String(),
  scopes: Type.Array(Type.String()),
  grantedAt: Type.String({ format: 'date-time' }),
});

/** The owner's connected third-party apps and head units, and disconnecting one (its grant and every token). */
export function connectedAppsRoutes(deps: { oauth: OAuthService; auth: Auth }) {
  const signedIn = { preHandler: deps.auth.requireAccount };
  return async (app: FastifyInstance) => {
    app.get(
      '/me/apps',
      {
        ...signedIn,
        schema: {
          tags: ['account'],
          summary: 'Apps and head units I allowed to use my account, with what they may do',
          response: { 200: Type.Object({ apps: Type.Array(ConnectedApp) }), 401: ProblemSchema, 403: ProblemSchema },
        },
      },
      async (req) => ({ apps: await deps.oauth.listApps(accountOf(req).accountId) }),
    );

    app.delete(
      '/me/apps/:grantId',
      {
        ...signedIn,
        schema: {
          tags: ['account'],
          summary: 'Disconnect an app: revokes its grant and every token issued under it',
          params: Type.Object({ grantId: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' }) }),
          response: { 204: Type.Null(), 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema },
        },
      },
      async (req, reply) => {
        await deps.oauth.revokeApp(accountOf(req).accountId, (req.params as { grantId: string }).grantId);
        return reply.code(204).send();
      },
    );
  };
}
