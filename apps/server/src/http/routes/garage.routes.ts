import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { Garage, GarageVehicle, Vin } from '@marque/contracts';
import type { GarageService } from '@marque/vehicles';
import type { AccountResolution } from '../../vehicle-link-wiring';
import { ProblemSchema } from './problem.schema';

const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };

/** My garage (read-only for now): the cars the signed-in account holds, nobody else's. */
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
  };
}
