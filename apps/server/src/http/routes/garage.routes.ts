import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { Garage, GarageVehicle, Vin } from '@marque/contracts';
import type { GarageService } from '@marque/vehicles';
import type { AccountResolution } from '../../vehicle-link-wiring';
import { ProblemSchema } from './problem.schema';

const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };
const vinParams = Type.Object({ vin: Vin });

/** My garage: cars added by VIN; active when this account holds their connected services, inactive otherwise. */
export function garageRoutes(deps: { garage: GarageService; auth: AccountResolution }) {
  const pre = deps.auth.preHandler ? { preHandler: deps.auth.preHandler } : {};
  return async (app: FastifyInstance) => {
    app.get(
      '/garage',
      {
        ...pre,
        schema: {
          tags: ['garage'],
          summary: 'The cars I hold, with brand, model, year and powertrain',
          response: { 200: Garage, ...errors },
        },
      },
      async (req) => ({ vehicles: await deps.garage.list(deps.auth.getAccountId(req)) }),
    );

    app.get(
      '/garage/:vin',
      {
        ...pre,
        schema: {
          tags: ['garage'],
          summary: 'One car of my garage (404 when I do not hold it)',
          params: Type.Object({ vin: Vin }),
          response: { 200: GarageVehicle, ...errors },
        },
      },
      async (req) => deps.garage.get(deps.auth.getAccountId(req), (req.params as { vin: string }).vin),
    );

    app.post(
      '/garage',
      {
        ...pre,
        schema: {
          tags: ['garage'],
          summary: 'Add a car by VIN (inactive until I prove physical access, unless I hold it already)',
          body: Type.Object({ vin: Vin }, { additionalProperties: false }),
          response: { 200: GarageVehicle, 201: GarageVehicle, ...errors, 422: ProblemSchema },
        },
      },
      async (req, reply) => {
        const r = await deps.garage.add(deps.auth.getAccountId(req), (req.body as { vin: string }).vin);
        return reply.code(r.added ? 201 : 200).send(r.vehicle);
      },
    );

    app.patch(
      '/garage/:vin',
      {
        ...pre,
        schema: {
          tags: ['garage'],
          summary: 'Nickname a car, or make it the current car',
          params: vinParams,
          body: Type.Object(
            { nickname: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Null()])), current: Type.Optional(Type.Literal(true)) },
            { additionalProperties: false },
          ),
          response: { 200: GarageVehicle, ...errors },
        },
      },
      async (req) =>
        deps.garage.update(deps.auth.getAccountId(req), (req.params as { vin: string }).vin, req.body as { nickname?: string | null; current?: boolean }),
    );

    app.delete(
      '/garage/:vin',
      {
        ...pre,
        schema: {
          tags: ['garage'],
          summary: 'Remove a car: ends my holding, cancels my subscriptions for it and stops its services',
          params: vinParams,
          response: { 204: Type.Null(), ...errors },
        },
      },
      async (req, reply) => {
        await deps.garage.remove(deps.auth.getAccountId(req), (req.params as { vin: string }).vin);
        return reply.code(204).send();
      },
    );
  };
}
