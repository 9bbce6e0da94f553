import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { Vin } from '@marque/contracts';
import type { ActivationRequest, VehiclesModule } from '@marque/vehicles';
import type { SubscriptionsModule, PackageId } from '@marque/subscriptions';
import type { NotificationsModule } from '@marque/notifications';
import type { AccountResolution } from '../../vehicle-link-wiring';
import { ProblemSchema } from './problem.schema';
import { Sale } from './retailer.routes';

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

/** Activation by proof of physical access and the connected-services centre (the inbox: notifications.routes.ts). */
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
      ['subscribe', 'Subscribe again within the term after a cancel (Multimedia itself starts in the car: 409 services.start_in_car)'],
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
      '/vehicles/:vin/sale',
      { ...pre, schema: { tags: ['garage'], summary: 'My pending sale of this car through a retailer, if any', params: Type.Object({ vin: Vin }), response: { 200: Type.Object({ sale: Type.Union([Sale, Type.Null()]) }), ...errors } } },
      async (req) => ({ sale: await deps.vehicles.sales.mine(deps.auth.getAccountId(req), (req.params as { vin: string }).vin) }),
    );

    app.post(
      '/vehicles/:vin/sale',
      {
        ...pre,
        schema: {
          tags: ['garage'],
          summary: 'Announce the sale of this car through a retailer (registered owner only: 403 ownership.required otherwise)',
          params: Type.Object({ vin: Vin }),
          response: { 200: Sale, 201: Sale, ...errors },
        },
      },
      async (req, reply) => {
        const r = await deps.vehicles.sales.announce(deps.auth.getAccountId(req), (req.params as { vin: string }).vin);
        return reply.code(r.created ? 201 : 200).send(r.sale);
      },
    );

    app.delete(
      '/vehicles/:vin/sale',
      { ...pre, schema: { tags: ['garage'], summary: 'Withdraw my announced sale', params: Type.Object({ vin: Vin }), response: { 204: Type.Null(), ...errors } } },
      async (req, reply) => {
        await deps.vehicles.sales.withdraw(deps.auth.getAccountId(req), (req.params as { vin: string }).vin);
        return reply.code(204).send();
      },
    );
  };
}
