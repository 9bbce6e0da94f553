import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { ConnectivityMatch, Vin } from '@marque/contracts';
import type { VehiclesService } from '@marque/vehicles';
import { ProblemSchema } from './problem.schema';

export function connectivityRoutes(vehicles: VehiclesService) {
  return async (app: FastifyInstance) => {
    app.get(
      '/connectivity-match/:vin',
      {
        config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
        schema: {
          tags: ['vehicles'],
          summary: 'Which connected services a VIN supports (public)',
          params: Type.Object({ vin: Vin }),
          response: { 200: ConnectivityMatch, 400: ProblemSchema, 404: ProblemSchema },
        },
      },
      async (req) => vehicles.connectivityMatch((req.params as { vin: string }).vin),
    );
  };
}
