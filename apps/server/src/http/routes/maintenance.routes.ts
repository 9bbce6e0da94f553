import type { FastifyInstance, FastifyRequest, preHandlerHookHandler } from 'fastify';
import { Type, type TSchema } from '@sinclair/typebox';
import { Vin } from '@marque/contracts';
import type { MaintenanceService, RetailerService, RequestFilter } from '@marque/maintenance';
import type { AccountResolution } from '../../vehicle-link-wiring';
import { ProblemSchema } from './problem.schema';

const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema };
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const DateStr = Type.String({ format: 'date' });
const Severity = Type.Union([Type.Literal('info'), Type.Literal('warning'), Type.Literal('critical')]);

const ServiceDue = Type.Object({
  source: Type.Union([Type.Literal('vehicle'), Type.Literal('interval'), Type.Literal('unknown')], {
    description:
      '`vehicle`: the car’s service signals; `interval`: the model’s interval from the last service (or delivery) and the odometer',
  }),
  isDue: Type.Boolean(),
  distanceKm: Nullable(Type.Number({ description: 'Left until the service; negative when overdue' })),
  days: Nullable(Type.Integer({ description: 'Left until the service; negative when overdue' })),
  dueDate: Nullable(DateStr),
  progress: Nullable(Type.Number({ minimum: 0, maximum: 1, description: 'Share of the service interval used' })),
  interval: Type.Object({ km: Type.Integer(), months: Type.Integer() }),
  basis: Nullable(
    Type.Object({
      kind: Type.Union([Type.Literal('last_service'), Type.Literal('delivery')]),
      date: DateStr,
      odometerKm: Type.Integer(),
    }),
  ),
  signalsAt: Nullable(Type.String({ format: 'date-time' })),
});
const Warning = Type.Object({
  code: Type.String(),
  severity: Severity,
  title: Type.String(),
  whatToDo: Type.String(),
  known: Type.Boolean(),
  source: Type.Union([Type.Literal('dtc'), Type.Literal('tyre'), Type.Literal('battery12v'), Type.Literal('service')]),
  since: Nullable(Type.String({ format: 'date-time' })),
  detail: Nullable(Type.String()),
});
const ServiceRecord = Type.Object({
  id: Type.String({ format: 'uuid' }),
  vin: Type.String(),
  servicedOn: DateStr,
  odometerKm: Type.Integer(),
  work: Type.String(),
  retailerName: Type.String(),
  recordedAt: Type.String({ format: 'date-time' }),
  corrects: Nullable(Type.String({ format: 'uuid' })),
  correctedBy: Nullable(Type.String({ format: 'uuid' })),
});
const ServiceRequestFields = {
  id: Type.String({ format: 'uuid' }),
  vin: Type.String(),
  status: Type.Union([Type.Literal('open'), Type.Literal('confirmed'), Type.Literal('declined'), Type.Literal('withdrawn')]),
  preferredDates: Type.Array(DateStr),
  note: Nullable(Type.String()),
  mileageKm: Nullable(Type.Integer()),
  warnings: Type.Array(Type.Object({ code: Type.String(), title: Type.String(), severity: Type.String() })),
  confirmedDate: Nullable(DateStr),
  message: Nullable(Type.String()),
  retailerName: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  decidedAt: Nullable(Type.String({ format: 'date-time' })),
};
const ServiceRequest = Type.Object(ServiceRequestFields);
const RetailerRequest = Type.Object({
  ...ServiceRequestFields,
  car: Nullable(
    Type.Object({ brand: Type.String(), model: Type.String(), modelYear: Type.Integer(), powertrain: Type.String() }),
  ),
  customer: Nullable(Type.Object({ name: Type.String(), email: Type.String() })),
});
const Overview = Type.Object({
  vin: Type.String(),
  language: Type.Union([Type.Literal('en'), Type.Literal('de')]),
  odometerKm: Nullable(Type.Number()),
  due: ServiceDue,
  warnings: Type.Array(Warning),
  history: Type.Array(ServiceRecord, { description: 'The car’s service book: every holder sees it; corrections stay marked' }),
  requests: Type.Array(ServiceRequest, { description: 'Only this account’s own booking requests for the car' }),
});

const vinParams = Type.Object({ vin: Vin });
const idParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
type VinP = { vin: string };
type IdP = { id: string };

/** The owner's maintenance page: service due, warnings with advice, the service book, and booking a service. */
export function maintenanceRoutes(deps: { maintenance: MaintenanceService; auth: AccountResolution }) {
  const pre = deps.auth.preHandler ? { preHandler: deps.auth.preHandler } : {};
  const me = deps.auth.getAccountId;
  return async (app: FastifyInstance) => {
    app.get(
      '/vehicles/:vin/maintenance',
      {
        ...pre,
        schema: {
          tags: ['maintenance'],
          summary: 'Next service due, warnings with what to do, service history and my booking requests',
          params: vinParams,
          response: { 200: Overview, ...errors },
        },
      },
      async (req) => deps.maintenance.overview(me(req), (req.params as VinP).vin),
    );

    app.post(
      '/vehicles/:vin/service-requests',
      {
        ...pre,
        schema: {
          tags: ['maintenance'],
          summary: 'Book a service: preferred dates and a note go to the retailers with the mileage and warnings',
          params: vinParams,
          body: Type.Object(
            {
              preferredDates: Type.Array(DateStr, { minItems: 1, maxItems: 3 }),
              note: Type.Optional(Type.String({ maxLength: 1000 })),
            },
            { additionalProperties: false },
          ),
          response: { 201: ServiceRequest, ...errors },
        },
      },
      async (req, reply) =>
        reply.code(201).send(await deps.maintenance.requestService(me(req), (req.params as VinP).vin, req.body as object)),
    );
  };
}

/** The retailer console's Service section (retailer role only). */
export function retailerServiceRoutes(deps: {
  retailer: RetailerService;
  requireRetailer: preHandlerHookHandler;
  getAccountId: (req: FastifyRequest) => string;
}) {
  const pre = { preHandler: deps.requireRetailer };
  const me = deps.getAccountId;
  return async (app: FastifyInstance) => {
    app.get(
      '/retailer/service-requests',
      {
        ...pre,
        schema: {
          tags: ['retailer'],
          summary: 'Booking requests: open ones, and those this retailer decided',
          querystring: Type.Object({
            status: Type.Optional(
              Type.Union([Type.Literal('open'), Type.Literal('decided'), Type.Literal('all')], { default: 'open' }),
            ),
          }),
          response: { 200: Type.Object({ items: Type.Array(RetailerRequest) }), ...errors },
        },
      },
      async (req) => ({
        items: await deps.retailer.requests(me(req), (req.query as { status?: RequestFilter }).status ?? 'open'),
      }),
    );

    app.post(
      '/retailer/service-requests/:id/confirm',
      {
        ...pre,
        schema: {
          tags: ['retailer'],
          summary: 'Confirm a booking request for a date',
          params: idParams,
          body: Type.Object(
            { date: DateStr, message: Type.Optional(Type.String({ maxLength: 1000 })) },
            { additionalProperties: false },
          ),
          response: { 200: ServiceRequest, ...errors },
        },
      },
      async (req) => deps.retailer.confirm(me(req), (req.params as IdP).id, req.body as object),
    );

    app.post(
      '/retailer/service-requests/:id/decline',
      {
        ...pre,
        schema: {
          tags: ['retailer'],
          summary: 'Decline a booking request with a message to the owner',
          params: idParams,
          body: Type.Object({ message: Type.String({ minLength: 1, maxLength: 1000 }) }, { additionalProperties: false }),
          response: { 200: ServiceRequest, ...errors },
        },
      },
      async (req) => deps.retailer.decline(me(req), (req.params as IdP).id, req.body as object),
    );

    app.post(
      '/retailer/vehicles/:vin/service-records',
      {
        ...pre,
        schema: {
          tags: ['retailer'],
          summary: 'Record a service in the car’s service book (a correction names the record it corrects)',
          params: vinParams,
          body: Type.Object(
            {
              servicedOn: DateStr,
              odometerKm: Type.Integer({ minimum: 0, maximum: 2_000_000 }),
              work: Type.String({ minLength: 1, maxLength: 2000 }),
              corrects: Type.Optional(Type.String({ format: 'uuid' })),
            },
            { additionalProperties: false },
          ),
          response: { 201: ServiceRecord, ...errors },
        },
      },
      async (req, reply) =>
        reply.code(201).send(await deps.retailer.recordService(me(req), (req.params as VinP).vin, req.body as object)),
    );

    app.get(
      '/retailer/vehicles/:vin/service-records',
      {
        ...pre,
        schema: {
          tags: ['retailer'],
          summary: 'A car’s service book, oldest first',
          params: vinParams,
          response: { 200: Type.Object({ records: Type.Array(ServiceRecord) }), ...errors },
        },
      },
      async (req) => ({ records: await deps.retailer.records((req.params as VinP).vin) }),
    );
  };
}
