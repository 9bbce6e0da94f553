import { and, asc, desc, eq, getTableColumns, gte, inArray, isNull, lt, notInArray, or, sql } from 'drizzle-orm';
import type { Db } from '@marque/db';
import { tripCursors, trips } from './trips.schema';

export type TripRow = typeof trips.$inferSelect;
export type NewTrip = Omit<TripRow, 'deletedAt' | 'analysisErased'>;
export type TripSummaryRow = Omit<TripRow, 'route' | 'speedProfile'>;

const summary = (() => {
  const { route: _r, speedProfile: _s, ...rest } = getTableColumns(trips);
  return rest;
})();

export function createTripsRepository(db: Db) {
  // The first page (the home screen asks for the last trip on every visit): prepared.
  const newest = db
    .select(summary)
    .from(trips)
    .where(and(eq(trips.accountId, sql.placeholder('accountId')), eq(trips.vin, sql.placeholder('vin')), isNull(trips.deletedAt)))
    .orderBy(desc(trips.startTs), desc(trips.id))
    .limit(sql.placeholder('limit'))
    .prepare('trips_newest');
  return {
    /**
     * Replaces the trips of `vin` that a recomputation of [from, ∞) covers: rows no longer detected go, the others
     * are upserted by (vin, start_ts). Tombstones (deleted by the owner) stay deleted; erased analysis stays erased.
     */
    async replaceFrom(vin: string, from: Date, affectedFrom: Date, rows: NewTrip[]): Promise<void> {
      await db.transaction(async (tx) => {
        const keep = rows.map((r) => r.startTs);
        await tx
          .delete(trips)
          .where(
            and(
              eq(trips.vin, vin),
              gte(trips.startTs, from),
              gte(trips.endTs, affectedFrom),
              isNull(trips.deletedAt),
              keep.length ? notInArray(trips.startTs, keep) : undefined,
            ),
          );
        if (rows.length === 0) return;
        await tx
          .insert(trips)
          .values(rows)
          .onConflictDoUpdate({
            target: [trips.vin, trips.startTs],
            set: {
              endTs: sql`excluded.end_ts`,
              source: sql`excluded.source`,
              startLat: sql`excluded.start_lat`,
              startLon: sql`excluded.start_lon`,
              endLat: sql`excluded.end_lat`,
              endLon: sql`excluded.end_lon`,
              startPlace: sql`excluded.start_place`,
              endPlace: sql`excluded.end_place`,
              distanceM: sql`excluded.distance_m`,
              durationS: sql`excluded.duration_s`,
              idleS: sql`excluded.idle_s`,
              avgKmh: sql`excluded.avg_kmh`,
              maxKmh: sql`excluded.max_kmh`,
              fuelL: sql`excluded.fuel_l`,
              energyKWh: sql`excluded.energy_kwh`,
              electricShare: sql`excluded.electric_share`,
              // Analysis made while consent was given stays; a withdrawn consent adds none; erased stays erased.
              score: sql`case when ${trips.analysisErased} then null else coalesce(excluded.score, ${trips.score}) end`,
              scoreDetails: sql`case when ${trips.analysisErased} then null else coalesce(excluded.score_details, ${trips.scoreDetails}) end`,
              route: sql`coalesce(excluded.route, ${trips.route})`,
              speedProfile: sql`coalesce(excluded.speed_profile, ${trips.speedProfile})`,
              updatedAt: sql`excluded.updated_at`,
            },
            setWhere: isNull(trips.deletedAt),
          });
      });
    },

    /** Newest first, keyset-paginated by (start_ts, id). */
    async list(accountId: string, vin: string, limit: number, before?: { startTs: Date; id: string }): Promise<TripSummaryRow[]> {
      if (!before) return newest.execute({ accountId, vin, limit });
      return db
        .select(summary)
        .from(trips)
        .where(
          and(
            eq(trips.accountId, accountId),
            eq(trips.vin, vin),
            isNull(trips.deletedAt),
            before
              ? or(lt(trips.startTs, before.startTs), and(eq(trips.startTs, before.startTs), lt(trips.id, before.id)))
              : undefined,
          ),
        )
        .orderBy(desc(trips.startTs), desc(trips.id))
        .limit(limit);
    },

    async get(accountId: string, vin: string, id: string): Promise<TripRow | null> {
      const rows = await db
        .select()
        .from(trips)
        .where(and(eq(trips.accountId, accountId), eq(trips.vin, vin), eq(trips.id, id), isNull(trips.deletedAt)));
      return rows[0] ?? null;
    },

    /** Keeps a tombstone with no data, so the next recomputation does not bring the trip back. */
    async markDeleted(accountId: string, vin: string, id: string, at: Date): Promise<boolean> {
      const rows = await db
        .update(trips)
        .set({
          deletedAt: at,
          route: null,
          speedProfile: null,
          score: null,
          scoreDetails: null,
          startLat: null,
          startLon: null,
          endLat: null,
          endLon: null,
          startPlace: null,
          endPlace: null,
          updatedAt: at,
        })
        .where(and(eq(trips.accountId, accountId), eq(trips.vin, vin), eq(trips.id, id), isNull(trips.deletedAt)))
        .returning({ id: trips.id });
      return rows.length > 0;
    },

    async hasAny(accountId: string, vin: string): Promise<boolean> {
      const rows = await db
        .select({ id: trips.id })
        .from(trips)
        .where(and(eq(trips.accountId, accountId), eq(trips.vin, vin)))
        .limit(1);
      return rows.length > 0;
    },

    /** Trips for analytics since `from`, oldest first. */
    async since(accountId: string, vin: string, from: Date): Promise<TripSummaryRow[]> {
      return db
        .select(summary)
        .from(trips)
        .where(and(eq(trips.accountId, accountId), eq(trips.vin, vin), isNull(trips.deletedAt), gte(trips.startTs, from)))
        .orderBy(asc(trips.startTs));
    },

    async all(accountId: string, vin?: string): Promise<TripRow[]> {
      return db
        .select()
        .from(trips)
        .where(and(eq(trips.accountId, accountId), vin ? eq(trips.vin, vin) : undefined, isNull(trips.deletedAt)))
        .orderBy(asc(trips.startTs));
    },

    async eraseAnalysis(accountId: string, vin: string | null, at: Date): Promise<number> {
      const rows = await db
        .update(trips)
        .set({ score: null, scoreDetails: null, analysisErased: true, updatedAt: at })
        .where(and(eq(trips.accountId, accountId), vin ? eq(trips.vin, vin) : undefined))
        .returning({ id: trips.id });
      return rows.length;
    },

    /** Retention: trips (and tombstones) that ended before `before` go. */
    async deleteEndedBefore(before: Date): Promise<number> {
      const rows = await db.delete(trips).where(lt(trips.endTs, before)).returning({ id: trips.id });
      return rows.length;
    },

    async eraseAccount(accountId: string): Promise<void> {
      await db.delete(trips).where(eq(trips.accountId, accountId));
    },

    async cursor(vin: string): Promise<Date | null> {
      const rows = await db.select({ at: tripCursors.receivedUntil }).from(tripCursors).where(eq(tripCursors.vin, vin));
      return rows[0]?.at ?? null;
    },

    async cursors(vins: string[]): Promise<Map<string, Date>> {
      if (vins.length === 0) return new Map();
      const rows = await db.select().from(tripCursors).where(inArray(tripCursors.vin, vins));
      return new Map(rows.map((r) => [r.vin, r.receivedUntil]));
    },

    /** A car's detection cursor and its settled point (null before its first pass). */
    async detectionState(vin: string): Promise<{ receivedUntil: Date; settledAt: Date | null } | null> {
      const rows = await db
        .select({ receivedUntil: tripCursors.receivedUntil, settledAt: tripCursors.settledAt })
        .from(tripCursors)
        .where(eq(tripCursors.vin, vin));
      return rows[0] ?? null;
    },

    /** Moves the cursor forward (never back); `settledAt`, when given, replaces the settled point. */
    async setCursor(vin: string, at: Date, settledAt?: Date | null): Promise<void> {
      await db
        .insert(tripCursors)
        .values({ vin, receivedUntil: at, settledAt: settledAt ?? null })
        .onConflictDoUpdate({
          target: tripCursors.vin,
          set: {
            receivedUntil: sql`greatest(${tripCursors.receivedUntil}, excluded.received_until)`,
            ...(settledAt !== undefined ? { settledAt: sql`excluded.settled_at` } : {}),
          },
        });
    },
  };
}

export type TripsRepository = ReturnType<typeof createTripsRepository>;
