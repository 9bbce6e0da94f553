import type { FastifyInstance, preHandlerHookHandler } from 'fastify';
import { Type } from '@sinclair/typebox';
import { AppError } from '@marque/kernel';
import { Vin } from '@marque/contracts';
import type { VehiclesModule } from '@marque/vehicles';
import { accountOf } from '../auth';
import { ProblemSchema } from './problem.schema';

const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };
const Record_ = Type.Object({ vin: Type.String(), ownerEmail: Type.String(), effectiveDate: Type.String(), recordedAt: Type.String() });
const Nullable = (t: ReturnType<typeof Type.String>) => Type.Union([t, Type.Null()]);
export const Sale = Type.Object({
  id: Type.String(),
  vin: Type.String(),
  sellerEmail: Type.String(),
  status: Type.Union([Type.Literal('pending'), Type.Literal('completed'), Type.Literal('withdrawn')]),
  announcedAt: Type.String({ format: 'date-time' }),
  closedAt: Nullable(Type.String({ format: 'date-time' })),
  buyerEmail: Nullable(Type.String()),
});

/** The retailer console's API: changes of ownership and their history (retailer role only). */
export function retailerRoutes(deps: { vehicles: VehiclesModule; requireRetailer: preHandlerHookHandler }) {
  return async (app: FastifyInstance) => {
    app.post(
      '/retailer/ownership-changes',
      {
        preHandler: deps.requireRetailer,
        schema: {
          tags: ['retailer'],
          summary: 'Record a change of ownership (VIN, new owner e-mail, date)',
          body: Type.Object(
            { vin: Vin, ownerEmail: Type.String({ format: 'email', maxLength: 254 }), effectiveDate: Type.String({ format: 'date' }) },
            { additionalProperties: false },
          ),
          response: { 201: Record_, ...errors },
        },
      },
      async (req, reply) =>
        reply.code(201).send(await deps.vehicles.ownership.record(accountOf(req).accountId, req.body as { vin: string; ownerEmail: string; effectiveDate: string })),
    );

    app.get(
      '/retailer/sales',
      {
        preHandler: deps.requireRetailer,
        schema: {
          tags: ['retailer'],
          summary: 'Sales registered owners announced, pending completion: newest first, a page at a time; vin narrows to a VIN or its start',
          querystring: Type.Object({
            vin: Type.Optional(Type.String({ maxLength: 17 })),
            before: Type.Optional(Type.String({ maxLength: 200 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
          }),
          response: { 200: Type.Object({ sales: Type.Array(Sale), next: Nullable(Type.String()) }), ...errors },
        },
      },
      async (req) => deps.vehicles.sales.pending(req.query as { vin?: string; before?: string; limit?: number }),
    );

    app.post(
      '/retailer/sales/:id/complete',
      {
        preHandler: deps.requireRetailer,
        schema: {
          tags: ['retailer'],
          summary: "Complete an announced sale with the buyer's e-mail: records the change of ownership",
          params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
          body: Type.Object(
            { buyerEmail: Type.String({ format: 'email', maxLength: 254 }), effectiveDate: Type.String({ format: 'date' }) },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ sale: Sale, record: Record_ }), ...errors, 409: ProblemSchema },
        },
      },
      async (req) =>
        deps.vehicles.sales.complete(accountOf(req).accountId, (req.params as { id: string }).id, req.body as { buyerEmail: string; effectiveDate: string }),
    );

    app.get(
      '/retailer/vehicles/:vin/ownership',
      {
        preHandler: deps.requireRetailer,
        schema: { tags: ['retailer'], summary: 'Ownership history of a car, newest first', params: Type.Object({ vin: Vin }), response: { 200: Type.Object({ records: Type.Array(Record_) }), ...errors } },
      },
      async (req) => ({ records: await deps.vehicles.ownership.history((req.params as { vin: string }).vin) }),
    );
  };
}

/**
 * The car's own call for a head-unit activation code: HTTP Basic with VIN and device secret (the MQTT credentials).
 * `demo` adds /dev/headunit/{vin}/activation-code without credentials for the simulated head-unit page.
 */
export function headUnitRoutes(deps: { vehicles: VehiclesModule; demo: boolean }) {
  const Issued = Type.Object({ code: Type.String(), expiresAt: Type.String({ format: 'date-time' }) });
  return async (app: FastifyInstance) => {
    app.post(
      '/headunit/:vin/activation-code',
      { schema: { tags: ['garage'], summary: 'For the car: a fresh single-use activation code (5 minutes) to show on the head unit', params: Type.Object({ vin: Vin }), response: { 201: Issued, ...errors } } },
      async (req, reply) => {
        const { vin } = req.params as { vin: string };
        const [user, secret] = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString().split(':');
        const ok = user?.toUpperCase() === vin.toUpperCase() && !!secret && (await deps.vehicles.service.verifyDeviceSecret(vin.toUpperCase(), secret));
        if (!ok) throw new AppError('unauthenticated', 'Only the car itself can ask for its activation code.', { code: 'headunit.credentials' });
        return reply.code(201).send(await deps.vehicles.activation.issueCode(vin));
      },
    );
    if (!deps.demo) return;
    app.post(
      '/dev/headunit/:vin/activation-code',
      { schema: { tags: ['demo'], summary: 'Demo mode only: the simulated head unit asks for its activation code', params: Type.Object({ vin: Vin }), response: { 201: Issued, ...errors } } },
      async (req, reply) => reply.code(201).send(await deps.vehicles.activation.issueCode((req.params as { vin: string }).vin)),
    );
  };
}
