import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { Vin } from '@marque/contracts';
import { COMMAND_LIFECYCLE, type CommandsModule } from '@marque/commands';
import type { AccountResolution } from '../../vehicle-link-wiring';
import { ProblemSchema } from './problem.schema';

const Command = Type.Object({
  id: Type.String({ format: 'uuid' }),
  vin: Type.String(),
  name: Type.String(),
  params: Type.Record(Type.String(), Type.Unknown()),
  status: Type.Union(COMMAND_LIFECYCLE.map((s) => Type.Literal(s))),
  reason: Type.Union([Type.String(), Type.Null()]),
  issuedAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };

export function commandRoutes(deps: { commands: CommandsModule; auth: AccountResolution }) {
  const pre = deps.auth.preHandler ? { preHandler: deps.auth.preHandler } : {};
  return async (app: FastifyInstance) => {
    app.post(
      '/vehicles/:vin/commands',
      {
        ...pre,
        schema: {
          tags: ['commands'],
          summary: 'Send a remote command (signed, with a time to live); Idempotency-Key is required',
          params: Type.Object({ vin: Vin }),
          headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ maxLength: 200 })) }),
          body: Type.Object({
            name: Type.String({ maxLength: 60, description: 'doors.lock, climate.start, …' }),
            params: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
          }),
          response: { 202: Command, ...errors, 409: ProblemSchema, 429: ProblemSchema },
        },
      },
      async (req, reply) => {
        const { vin } = req.params as { vin: string };
        const r = await deps.commands.service.request(
          deps.auth.getAccountId(req),
          vin,
          req.body as { name: string; params?: unknown },
          req.headers['idempotency-key'] as string | undefined,
        );
        void reply.header('location', `/api/v1/vehicles/${r.command.vin}/commands/${r.command.id}`);
        return reply.code(202).send(r.command);
      },
    );

    app.get(
      '/vehicles/:vin/commands/:id',
      {
        ...pre,
        schema: {
          tags: ['commands'],
          summary: 'A command and where it is in its lifecycle',
          params: Type.Object({ vin: Vin, id: Type.String({ maxLength: 64 }) }),
          response: { 200: Command, ...errors },
        },
      },
      async (req) => {
        const { vin, id } = req.params as { vin: string; id: string };
        return deps.commands.service.get(deps.auth.getAccountId(req), vin, id);
      },
    );

    app.get(
      '/vehicle-command-key',
      { schema: { tags: ['commands'], summary: "The platform's Ed25519 command public key (PEM), for provisioning cars" } },
      async (_req, reply) => reply.type('application/x-pem-file').send(await deps.commands.publicKeyPem()),
    );
  };
}
