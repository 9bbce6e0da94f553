import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { Vin } from '@marque/contracts';
import type { TripsService, Period } from '@marque/trips';
import type { AccountResolution } from '../../vehicle-link-wiring';
import { ProblemSchema } from './problem.schema';

const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Place = Type.Object({ place: Nullable(Type.String()), lat: Nullable(Type.Number()), lon: Nullable(Type.Number()) });

const TripSummary = Type.Object({
  id: Type.String({ format: 'uuid' }),
  vin: Type.String(),
  startedAt: Type.String({ format: 'date-time' }),
  endedAt: Type.String({ format: 'date-time' }),
  source: Type.Union([Type.Literal('ignition'), Type.Literal('motion')]),
  start: Place,
  end: Place,
  distanceM: Type.Integer(),
  durationS: Type.Integer(),
  idleS: Type.Integer(),
  avgKmh: Type.Number(),
  maxKmh: Type.Number(),
  fuelL: Nullable(Type.Number()),
  energyKWh: Nullable(Type.Number()),
  electricShare: Nullable(Type.Number({ description: 'Hybrids: share of the distance driven electrically (0-1)' })),
  score: Nullable(Type.Integer({ minimum: 0, maximum: 100, description: 'Only with the driving analytics consent' })),
  scoreExplanation: Nullable(Type.Object({ summary: Type.String(), tips: Type.Array(Type.String()) })),
});

const TripPage = Type.Object({
  items: Type.Array(TripSummary),
  nextCursor: Nullable(Type.String()),
  retentionDays: Type.Integer({ description: 'Trips older than this are removed' }),
});

const TripDetail = Type.Composite([
  TripSummary,
  Type.Object({
    route: Nullable(Type.Array(Type.Tuple([Type.Number(), Type.Number()]), { description: '[lat, lon]; null without location history' })),
    speedProfile: Type.Array(Type.Tuple([Type.Number(), Type.Number()]), { description: '[seconds from start, km/h]' }),
  }),
]);

const Bucket = Type.Object({
  trips: Type.Integer(),
  distanceKm: Type.Number(),
  drivingHours: Type.Number(),
  fuelL: Type.Number(),
  energyKWh: Type.Number(),
  score: Nullable(Type.Integer()),
  electricShare: Nullable(Type.Number()),
});
const Analytics = Type.Object({
  period: Type.String(),
  totals: Bucket,
  series: Type.Array(Type.Composite([Type.Object({ start: Type.String({ format: 'date-time' }) }), Bucket])),
});

const vinParams = Type.Object({ vin: Vin });
const tripParams = Type.Object({ vin: Vin, id: Type.String({ maxLength: 64 }) });
type TripParams = { vin: string; id: string };

/** Trips and driving analytics of a car; only the signed-in account's own trips, whatever car it names. */
export function tripsRoutes(deps: { trips: TripsService; auth: AccountResolution }) {
  const pre = deps.auth.preHandler ? { preHandler: deps.auth.preHandler } : {};
  const me = deps.auth.getAccountId;
  return async (app: FastifyInstance) => {
    app.get(
      '/vehicles/:vin/trips',
      {
        ...pre,
        schema: {
          tags: ['trips'],
          summary: 'My trips with this car, newest first (cursor-paginated)',
          params: vinParams,
          querystring: Type.Object({ cursor: Type.Optional(Type.String({ maxLength: 200 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })) }),
          response: { 200: TripPage, ...errors },
        },
      },
      async (req) => {
        const q = req.query as { cursor?: string; limit?: number };
        return deps.trips.list(me(req), (req.params as { vin: string }).vin, q);
      },
    );

    app.get(
      '/vehicles/:vin/trips.csv',
      { ...pre, schema: { tags: ['trips'], summary: 'All my trips with this car as CSV', params: vinParams } },
      async (req, reply) => {
        const vin = (req.params as { vin: string }).vin;
        const csv = await deps.trips.csv(me(req), vin);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="trips-${vin.toUpperCase()}.csv"`)
          .send(csv);
      },
    );

    app.get(
      '/vehicles/:vin/trips/:id',
      {
        ...pre,
        schema: { tags: ['trips'], summary: 'One trip with its route and speed profile', params: tripParams, response: { 200: TripDetail, ...errors } },
      },
      async (req, reply) => {
        const { vin, id } = req.params as TripParams;
        // `…/trips/{id}.gpx`: the same path with the GPX extension.
        if (id.endsWith('.gpx')) {
          const gpx = await deps.trips.gpx(me(req), vin, id.slice(0, -4));
          return reply
            .type('application/gpx+xml; charset=utf-8')
            .header('content-disposition', `attachment; filename="trip-${id}"`)
            .send(gpx);
        }
        return deps.trips.get(me(req), vin, id);
      },
    );

    app.delete(
      '/vehicles/:vin/trips/:id',
      { ...pre, schema: { tags: ['trips'], summary: 'Delete one of my trips', params: tripParams, response: { ...errors } } },
      async (req, reply) => {
        const { vin, id } = req.params as TripParams;
        await deps.trips.remove(me(req), vin, id);
        return reply.code(204).send();
      },
    );

    app.get(
      '/vehicles/:vin/analytics',
      {
        ...pre,
        schema: {
          tags: ['trips'],
          summary: 'Driving analytics per day, week or month (needs the driving analytics consent)',
          params: vinParams,
          querystring: Type.Object({ period: Type.Union([Type.Literal('day'), Type.Literal('week'), Type.Literal('month')], { default: 'day' }) }),
          response: { 200: Analytics, ...errors },
        },
      },
      async (req) => deps.trips.analytics(me(req), (req.params as { vin: string }).vin, (req.query as { period: Period }).period),
    );

    app.delete(
      '/vehicles/:vin/analytics',
      {
        ...pre,
        schema: {
          tags: ['trips'],
          summary: 'Erase the driving analysis (scores) of my trips with this car; the trips stay',
          params: vinParams,
          response: { 200: Type.Object({ erased: Type.Integer() }), ...errors },
        },
      },
      async (req) => deps.trips.eraseAnalytics(me(req), (req.params as { vin: string }).vin),
    );
  };
}
