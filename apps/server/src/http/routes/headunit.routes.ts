import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { AppError } from '@marque/kernel';
import { Vin } from '@marque/contracts';
import type { VehiclesModule } from '@marque/vehicles';
import type { SubscriptionsModule } from '@marque/subscriptions';
import { accountOf } from '../auth';
import { ProblemSchema } from './problem.schema';

const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema };
const vinParams = Type.Object({ vin: Vin });
const Profile = Type.Object({
  id: Type.String(),
  vin: Type.String(),
  displayName: Type.String(),
  signedInAt: Type.String({ format: 'date-time' }),
  active: Type.Boolean(),
});
const State = Type.Union(['not_available', 'available', 'active', 'cancelled', 'expired'].map((s) => Type.Literal(s)));
const Until = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);
const Multimedia = Type.Object({ state: State, until: Until, termStart: Until, terms: Type.Optional(Type.String()) });

export interface HeadUnitRouteDeps {
  vehicles: VehiclesModule;
  subscriptions: SubscriptionsModule;
  /** Signed in, current terms accepted (the vehicle routes' guard). */
  preHandler: (req: FastifyRequest) => Promise<void>;
  /** The grant behind a head-unit access token (oauth wiring); null for any other token. */
  headUnitGrantOf(token: string): Promise<{ accountId: string; grantId: string } | null>;
  /** Demo mode: the simulated head-unit page has no device secret, so the car's own credentials are not asked for. */
  demo: boolean;
}

/**
 * The head unit's user profiles and its Multimedia offer. Car-side calls carry the signed-in driver's head-unit
 * token and (outside demo mode) the car's credentials in `X-Vehicle-Credentials: Basic base64(VIN:device secret)`.
 */
export function headUnitProfileRoutes(deps: HeadUnitRouteDeps) {
  async function assertCar(req: FastifyRequest, vin: string) {
    if (deps.demo) return;
    const raw = String(req.headers['x-vehicle-credentials'] ?? '').replace(/^Basic /, '');
    const [user, secret] = Buffer.from(raw, 'base64').toString().split(':');
    const ok = user?.toUpperCase() === vin.toUpperCase() && !!secret && (await deps.vehicles.service.verifyDeviceSecret(vin.toUpperCase(), secret));
    if (!ok) throw new AppError('unauthenticated', 'Only the car itself can do this.', { code: 'headunit.credentials' });
  }

  /** The car, and a driver signed in on it with the head unit's own client (not the web app's session). */
  async function driverOnCar(req: FastifyRequest) {
    const { vin } = req.params as { vin: string };
    await assertCar(req, vin);
    const p = accountOf(req);
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '').trim();
    const grant = p.via === 'bearer' ? await deps.headUnitGrantOf(token) : null;
    if (!grant || grant.accountId !== p.accountId) {
      throw new AppError('forbidden', 'Sign in on the car’s screen: this needs the head unit’s own sign-in.', { code: 'headunit.client' });
    }
    return { vin: vin.toUpperCase(), accountId: p.accountId, grantId: grant.grantId };
  }

  const car = { preHandler: deps.preHandler };
  return async (app: FastifyInstance) => {
    app.post(
      '/headunit/:vin/profiles',
      { ...car, schema: { tags: ['headunit'], summary: 'For the car: the driver signed in on its screen; stores (or refreshes) their profile', params: vinParams, response: { 201: Profile, ...errors } } },
      async (req, reply) => {
        const d = await driverOnCar(req);
        return reply.code(201).send(await deps.vehicles.headUnit.signedIn(d.accountId, d.vin, { grantId: d.grantId }));
      },
    );

    app.get(
      '/headunit/:vin/profiles',
      { schema: { tags: ['headunit'], summary: 'For the car: the user profiles its head unit keeps', params: vinParams, response: { 200: Type.Object({ profiles: Type.Array(Profile) }), ...errors } } },
      async (req) => {
        const { vin } = req.params as { vin: string };
        await assertCar(req, vin);
        return { profiles: await deps.vehicles.headUnit.onCar(vin) };
      },
    );

    app.delete(
      '/headunit/:vin/profiles/:id',
      {
        ...car,
        schema: {
          tags: ['headunit'],
          summary: 'For the car: remove a profile (one’s own; anyone’s for the registered owner holding the car)',
          params: Type.Object({ vin: Vin, id: Type.String({ format: 'uuid' }) }),
          response: { 204: Type.Null(), ...errors },
        },
      },
      async (req, reply) => {
        const d = await driverOnCar(req);
        await deps.vehicles.headUnit.removeOnCar(d.accountId, d.vin, (req.params as { id: string }).id);
        return reply.code(204).send();
      },
    );

    app.get(
      '/headunit/:vin/multimedia',
      { ...car, schema: { tags: ['headunit'], summary: 'For the car: the Multimedia offer to the signed-in holder, with its terms', params: vinParams, response: { 200: Multimedia, ...errors } } },
      async (req) => {
        const d = await driverOnCar(req);
        const { pkg, terms } = await deps.subscriptions.service.multimediaOffer(d.accountId, d.vin);
        return { state: pkg.state, until: pkg.until, termStart: pkg.termStart, terms };
      },
    );

    app.post(
      '/headunit/:vin/multimedia/accept',
      {
        ...car,
        schema: { tags: ['headunit'], summary: 'For the car: the holder accepted the offer; the 3-year Multimedia trial starts', params: vinParams, response: { 200: Multimedia, ...errors, 410: ProblemSchema, 422: ProblemSchema } },
      },
      async (req) => {
        const d = await driverOnCar(req);
        const pkg = await deps.subscriptions.service.startInCar(d.accountId, d.vin);
        return { state: pkg.state, until: pkg.until, termStart: pkg.termStart };
      },
    );

    app.get(
      '/vehicles/:vin/headunit-profile',
      { ...car, schema: { tags: ['headunit'], summary: 'My profile on this car’s head unit, if any', params: vinParams, response: { 200: Type.Object({ profile: Type.Union([Profile, Type.Null()]) }), ...errors } } },
      async (req) => ({ profile: await deps.vehicles.headUnit.mine(accountOf(req).accountId, (req.params as { vin: string }).vin) }),
    );

    app.delete(
      '/vehicles/:vin/headunit-profile',
      { ...car, schema: { tags: ['headunit'], summary: 'Remove my profile from this car’s head unit (signs the head unit out of my account)', params: vinParams, response: { 204: Type.Null(), ...errors } } },
      async (req, reply) => {
        await deps.vehicles.headUnit.removeMine(accountOf(req).accountId, (req.params as { vin: string }).vin);
        return reply.code(204).send();
      },
    );
  };
}
