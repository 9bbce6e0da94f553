import type { FastifyInstance } from 'fastify';
import { AppError } from '@marque/kernel';
import { Type } from '@sinclair/typebox';
import { Vin, VehicleStatus, VehicleLocation } from '@marque/contracts';
import type { StatusService } from '@marque/telemetry';
import type { AccountResolution } from '../../vehicle-link-wiring';
import { ProblemSchema } from './problem.schema';

const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };

/** Has the account withdrawn its `location_history` consent? Then the location route refuses (absent: never refuses). */
export type LocationWithdrawn = (accountId: string) => Promise<boolean>;

export function vehicleStatusRoutes(deps: {
  status: StatusService;
  auth: AccountResolution;
  locationWithdrawn?: LocationWithdrawn | undefined;
}) {
  const pre = deps.auth.preHandler ? { preHandler: deps.auth.preHandler } : {};
  return async (app: FastifyInstance) => {
    app.get(
      '/vehicles/:vin/status',
      {
        ...pre,
        schema: {
          tags: ['vehicles'],
          summary: 'Live status: each value with the time the car measured it and its staleness',
          params: Type.Object({ vin: Vin }),
          response: { 200: VehicleStatus, ...errors },
        },
      },
      async (req) => deps.status.status(deps.auth.getAccountId(req), (req.params as { vin: string }).vin),
    );

    app.get(
      '/vehicles/:vin/location',
      {
        ...pre,
        schema: {
          tags: ['vehicles'],
          summary: 'Where the car was last seen (its last parked place when it is not moving)',
          params: Type.Object({ vin: Vin }),
          response: { 200: VehicleLocation, ...errors },
        },
      },
      async (req) => {
        const accountId = deps.auth.getAccountId(req);
        // The access check runs first, so a car the caller may not see is refused the same way with or without consent.
        const location = await deps.status.location(accountId, (req.params as { vin: string }).vin);
        if (await deps.locationWithdrawn?.(accountId))
          throw new AppError('forbidden', 'You withdrew your consent to location history, so the car’s position is not shown.', {
            code: 'consent.location_history',
          });
        return location;
      },
    );
  };
}
