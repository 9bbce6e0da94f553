import { AppError, isAppError, type Clock } from '@marque/kernel';
import type { VehicleAccess } from '@marque/vehicles';
import type { TripsRepository, TripRow, TripSummaryRow } from './trips.repository';
import type { TripConsents } from './trip-detection.service';
import { analyticsOf, type Period } from './trip-analytics';
import { tripsCsv, tripGpx } from './trip-export';

export interface TripsServiceDeps {
  repo: TripsRepository;
  access: Pick<VehicleAccess, 'assertCanView'>;
  consents: TripConsents;
  clock: Clock;
  retentionDays: number;
}

export type TripSummary = ReturnType<typeof toSummary>;

function toSummary(t: TripSummaryRow) {
  return {
    id: t.id,
    vin: t.vin,
    startedAt: t.startTs.toISOString(),
    endedAt: t.endTs.toISOString(),
    source: t.source,
    start: { place: t.startPlace, lat: t.startLat, lon: t.startLon },
    end: { place: t.endPlace, lat: t.endLat, lon: t.endLon },
    distanceM: t.distanceM,
    durationS: t.durationS,
    idleS: t.idleS,
    avgKmh: t.avgKmh,
    maxKmh: t.maxKmh,
    fuelL: t.fuelL,
    energyKWh: t.energyKWh,
    electricShare: t.electricShare,
    score: t.score,
    scoreExplanation: t.scoreDetails ? { summary: t.scoreDetails.summary, tips: t.scoreDetails.tips } : null,
  };
}

const encodeCursor = (t: { startTs: Date; id: string }) =>
  Buffer.from(`${t.startTs.toISOString()}|${t.id}`).toString('base64url');

function decodeCursor(c: string): { startTs: Date; id: string } {
  const [ts, id] = Buffer.from(c, 'base64url').toString('utf8').split('|');
  const startTs = new Date(ts ?? '');
  if (!id || Number.isNaN(startTs.getTime()) || !/^[0-9a-f-]{36}$/.test(id))
    throw new AppError('invalid', 'The cursor is not valid.', { code: 'trips.cursor', fields: [{ field: 'cursor', reason: 'malformed' }] });
  return { startTs, id };
}

export function createTripsService(deps: TripsServiceDeps) {
  const { repo } = deps;

  /** The current holder, or a former holder reading its own trips: data is always filtered by account. */
  async function assertMayRead(accountId: string, vin: string): Promise<string> {
    try {
      return (await deps.access.assertCanView(accountId, vin)).vin;
    } catch (e) {
      if (isAppError(e) && e.kind === 'forbidden' && (await repo.hasAny(accountId, vin.toUpperCase()))) return vin.toUpperCase();
      throw e;
    }
  }

  async function requireTrip(accountId: string, vin: string, id: string): Promise<TripRow> {
    const v = await assertMayRead(accountId, vin);
    const t = /^[0-9a-f-]{36}$/i.test(id) ? await repo.get(accountId, v, id.toLowerCase()) : null;
    if (!t) throw new AppError('not_found', 'No such trip.', { code: 'trip.unknown' });
    return t;
  }

  async function requireAnalytics(accountId: string) {
    if (!(await deps.consents.analytics(accountId)))
      throw new AppError('forbidden', 'Driving analytics needs your consent; you can give it in the privacy settings.', {
        code: 'consent.driving_analytics',
      });
  }

  return {
    async list(accountId: string, vin: string, opts: { cursor?: string | undefined; limit?: number | undefined } = {}) {
      const limit = Math.min(Math.max(opts.limit ?? 20, 1), 100);
      const before = opts.cursor ? decodeCursor(opts.cursor) : undefined;
      // The rows are this account's own, so they are read alongside the access check (one round trip less on
      // the home screen); nothing is returned unless the check passes.
      const upper = vin.toUpperCase();
      const [v, read] = await Promise.all([assertMayRead(accountId, vin), repo.list(accountId, upper, limit + 1, before)]);
      const rows = v === upper ? read : await repo.list(accountId, v, limit + 1, before);
      const page = rows.slice(0, limit);
      return {
        items: page.map(toSummary),
        nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!) : null,
        retentionDays: deps.retentionDays,
      };
    },

    async get(accountId: string, vin: string, id: string) {
      const t = await requireTrip(accountId, vin, id);
      return { ...toSummary(t), route: t.route, speedProfile: t.speedProfile ?? [] };
    },

    async remove(accountId: string, vin: string, id: string): Promise<void> {
      const t = await requireTrip(accountId, vin, id);
      await repo.markDeleted(accountId, t.vin, t.id, deps.clock.now());
    },

    async gpx(accountId: string, vin: string, id: string): Promise<string> {
      return tripGpx(await requireTrip(accountId, vin, id));
    },

    async csv(accountId: string, vin: string): Promise<string> {
      const v = await assertMayRead(accountId, vin);
      return tripsCsv(await repo.all(accountId, v));
    },

    async analytics(accountId: string, vin: string, period: Period) {
      const v = await assertMayRead(accountId, vin);
      await requireAnalytics(accountId);
      const { from, buckets } = analyticsWindow(period, deps.clock.now());
      return analyticsOf(period, buckets, await repo.since(accountId, v, from));
    },

    /** The owner erases the analysis (scores) of the car's trips; the trips themselves stay. */
    async eraseAnalytics(accountId: string, vin: string): Promise<{ erased: number }> {
      const v = await assertMayRead(accountId, vin);
      return { erased: await repo.eraseAnalysis(accountId, v, deps.clock.now()) };
    },

    exportFor: async (accountId: string) => (await repo.all(accountId)).map((t) => ({ ...toSummary(t), route: t.route })),
  };
}

function analyticsWindow(period: Period, now: Date): { from: Date; buckets: Date[] } {
  const day = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const buckets: Date[] = [];
  if (period === 'day') for (let i = 13; i >= 0; i--) buckets.push(new Date(day - i * 86_400_000));
  if (period === 'week') {
    const monday = day - ((now.getUTCDay() + 6) % 7) * 86_400_000;
    for (let i = 11; i >= 0; i--) buckets.push(new Date(monday - i * 7 * 86_400_000));
  }
  if (period === 'month')
    for (let i = 11; i >= 0; i--) buckets.push(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1)));
  return { from: buckets[0]!, buckets };
}

export type TripsService = ReturnType<typeof createTripsService>;
