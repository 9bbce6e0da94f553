import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { Vin } from '@marque/contracts';
import type { ActivationRequest, VehiclesModule } from '@marque/vehicles';
import type { SubscriptionsModule, PackageId } from '@marque/subscriptions';
import type { NotificationsModule } from '@marque/notifications';
import type { AccountResolution } from '../../vehicle-link-wiring';
import { ProblemSchema } from './problem.schema';

const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema };
const State = Type.Union(['not_available', 'available', 'active', 'cancelled', 'expired'].map((s) => Type.Literal(s)));
const Until = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);
const Centre = Type.Object({
  vin: Type.String(),
  holder: Type.Boolean(),
  packages: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      state: State,
      until: Until,
      termStart: Until,
      trial: Type.Boolean(),
      services: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), state: State, until: Until })),
    }),
  ),
});
const Package = Type.Object({ vin: Vin, package: Type.Union([Type.Literal('standard'), Type.Literal('multimedia')]) });

/** Activation by proof of physical access, the connected-services centre, and the inbox. */
export function vehicleServicesRoutes(deps: {
  vehicles: VehiclesModule;
  subscriptions: SubscriptionsModule;
  notifications: NotificationsModule;
  auth: AccountResolution;
}) {
  const pre = deps.auth.preHandler ? { preHandler: deps.auth.preHandler } : {};
  const centre = async (accountId: string, vin: string) => {
    await deps.vehicles.garage.get(accountId, vin); // only cars in my garage
    return deps.subscriptions.service.centre(accountId, vin.toUpperCase());
  };
  return async (app: FastifyInstance) => {
    app.post(
      '/vehicles/:vin/activation',
      {
        ...pre,
        schema: {
          tags: ['garage'],
          summary: "Prove physical access (odometer reading or head-unit code) and take over the car's connected services",
          params: Type.Object({ vin: Vin }),
          body: Type.Union([
            Type.Object({ method: Type.Literal('odometer'), odometerKm: Type.Number({ minimum: 0, maximum: 2_000_000 }) }, { additionalProperties: false }),
            Type.Object({ method: Type.Literal('code'), code: Type.String({ minLength: 1, maxLength: 40 }) }, { additionalProperties: false }),
          ]),
          response: {
            200: Type.Object({ vin: Type.String(), since: Type.String({ format: 'date-time' }), previousHolderNotified: Type.Boolean() }),
            ...errors,
            410: ProblemSchema,
            422: ProblemSchema,
            429: ProblemSchema,
          },
        },
      },
      async (req) =>
        deps.vehicles.activation.activate(deps.auth.getAccountId(req), (req.params as { vin: string }).vin, req.body as ActivationRequest),
    );

    app.get(
      '/vehicles/:vin/services',
      {
        ...pre,
        schema: {
          tags: ['services'],
          summary: 'The connected-services centre: packages, terms and the state of each service',
          params: Type.Object({ vin: Vin }),
          response: { 200: Centre, ...errors },
        },
      },
      async (req) => centre(deps.auth.getAccountId(req), (req.params as { vin: string }).vin),
    );

    for (const [verb, summary] of [
      ['cancel', 'Cancel a subscription (Standard: find my car, driving analytics and the accident assistant stop together)'],
      ['subscribe', 'Subscribe again within the term, or activate Multimedia (starts its 3-year trial)'],
    ] as const) {
      app.post(
        `/vehicles/:vin/services/:package/${verb}`,
        { ...pre, schema: { tags: ['services'], summary, params: Package, response: { 200: Centre, ...errors, 410: ProblemSchema, 422: ProblemSchema } } },
        async (req) => {
          const { vin, package: pkg } = req.params as { vin: string; package: PackageId };
          const accountId = deps.auth.getAccountId(req);
          await deps.vehicles.garage.get(accountId, vin);
          return deps.subscriptions.service[verb](accountId, vin.toUpperCase(), pkg);
        },
      );
    }

    app.get(
      '/notifications',
      {
        ...pre,
        schema: {
          tags: ['notifications'],
          summary: 'My inbox, newest first',
          querystring: Type.Object({ cursor: Type.Optional(Type.String({ maxLength: 40 })) }),
        },
      },
      async (req) => deps.notifications.list(deps.auth.getAccountId(req), (req.query as { cursor?: string }).cursor),
    );
  };
}
