import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { PrivacyModule } from '@marque/privacy';
import { accountOf, type Auth } from '../auth';
import { ProblemSchema } from './problem.schema';

const ExportView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  status: Type.Union([Type.Literal('queued'), Type.Literal('ready'), Type.Literal('failed')]),
  requestedAt: Type.String({ format: 'date-time' }),
  readyAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  expiresAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  sizeBytes: Type.Union([Type.Integer(), Type.Null()]),
});

const view = (e: { id: string; status: 'queued' | 'ready' | 'failed'; requestedAt: Date; readyAt: Date | null; expiresAt: Date | null; sizeBytes: number | null }) => ({
  ...e,
  requestedAt: e.requestedAt.toISOString(),
  readyAt: e.readyAt?.toISOString() ?? null,
  expiresAt: e.expiresAt?.toISOString() ?? null,
});

/** GDPR art. 15/20: ask for an export of my data, watch it, download the zip. */
export function dataExportRoutes(deps: { privacy: PrivacyModule; auth: Auth }) {
  const exports = deps.privacy.exports;
  const signedIn = { preHandler: deps.auth.requireAccount };
  return async (app: FastifyInstance) => {
    app.post(
      '/me/exports',
      {
        ...signedIn,
        config: { rateLimit: { max: 5, timeWindow: '1 hour' } },
        schema: { tags: ['privacy'], summary: 'Request an export of all my personal data', response: { 202: ExportView, 401: ProblemSchema, 503: ProblemSchema } },
      },
      async (req, reply) => reply.code(202).send(view(await exports.request(accountOf(req).accountId))),
    );
    app.get(
      '/me/exports',
      { ...signedIn, schema: { tags: ['privacy'], summary: 'My data exports', response: { 200: Type.Array(ExportView), 401: ProblemSchema } } },
      async (req) => (await exports.list(accountOf(req).accountId)).map(view),
    );
    app.get(
      '/me/exports/:id/archive',
      {
        ...signedIn,
        schema: {
          tags: ['privacy'],
          summary: 'Download an export (zip: one documented JSON file per module, index.json describes them)',
          params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
          response: { 401: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema, 410: ProblemSchema },
        },
      },
      async (req, reply) => {
        const { id } = req.params as { id: string };
        const zip = await exports.download(accountOf(req).accountId, id);
        return reply
          .type('application/zip')
          .header('content-disposition', `attachment; filename="marque-data-${id.slice(0, 8)}.zip"`)
          .header('cache-control', 'no-store')
          .send(Buffer.from(zip));
      },
    );
  };
}
