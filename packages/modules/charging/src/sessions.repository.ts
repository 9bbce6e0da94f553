import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '@marque/db';
import { chargingSessions, meterValues, OCPP16_SEQUENCE } from './charging.schema';
import type { MeterReading } from './charging.types';

export type SessionRow = typeof chargingSessions.$inferSelect;
export type MeterValueRow = typeof meterValues.$inferSelect;
type NewSession = Omit<typeof chargingSessions.$inferInsert, 'id' | 'transactionId'> & { transactionId?: string | undefined };
type SessionPatch = Partial<
  Pick<SessionRow, 'idTag' | 'state' | 'stoppedAt' | 'stopReceivedAt' | 'meterLastWh' | 'meterStopWh' | 'stopReason'>
>;
type Executor = Pick<Db, 'insert'>;

export interface ReadingTarget {
  chargePointId: string;
  evseId: number;
  sessionId: number | null;
  receivedAt: Date;
}

async function insertReadings(db: Executor, t: ReadingTarget, readings: MeterReading[]): Promise<number> {
  const rows = readings.flatMap((r) =>
    r.samples.map((s) => ({
      ...t,
      ts: r.ts,
      measurand: s.measurand,
      phase: s.phase ?? null,
      location: s.location ?? null,
      context: s.context ?? null,
      value: s.value,
      unit: s.unit,
    })),
  );
  if (rows.length > 0) await db.insert(meterValues).values(rows);
  return rows.length;
}

export function createSessionsRepository(db: Db) {
  return {
    async find(chargePointId: string, transactionId: string): Promise<SessionRow | null> {
      const rows = await db
        .select()
        .from(chargingSessions)
        .where(and(eq(chargingSessions.chargePointId, chargePointId), eq(chargingSessions.transactionId, transactionId)))
        .limit(1);
      return rows[0] ?? null;
    },

    /** A 1.6 StartTransaction resent after a lost answer carries the same connector and start time. */
    async findStart(chargePointId: string, evseId: number, startedAt: Date): Promise<SessionRow | null> {
      const rows = await db
        .select()
        .from(chargingSessions)
        .where(
          and(
            eq(chargingSessions.chargePointId, chargePointId),
            eq(chargingSessions.evseId, evseId),
            eq(chargingSessions.startedAt, startedAt),
          ),
        )
        .limit(1);
      return rows[0] ?? null;
    },

    /** Active sessions with this transaction id on any charger (1.6 ids are unique; 2.0.1 ids usually are). */
    async activeByTransaction(transactionId: string): Promise<SessionRow[]> {
      return db
        .select()
        .from(chargingSessions)
        .where(and(eq(chargingSessions.transactionId, transactionId), eq(chargingSessions.state, 'active')))
        .limit(2);
    },

    /** Inserts the session and its first readings together; a missing transaction id comes from the 1.6 sequence. */
    async start(s: NewSession, readings: MeterReading[]): Promise<SessionRow> {
      return db.transaction(async (tx) => {
        const transactionId = s.transactionId ?? sql.raw(`nextval('${OCPP16_SEQUENCE}')::text`);
        const [row] = await tx
          .insert(chargingSessions)
          .values({ ...s, transactionId })
          .onConflictDoNothing({ target: [chargingSessions.chargePointId, chargingSessions.transactionId] })
          .returning();
        // Only a charger-chosen (2.0.1) id can conflict: a resent Started keeps the first row.
        const session =
          row ??
          (
            await tx
              .select()
              .from(chargingSessions)
              .where(
                and(eq(chargingSessions.chargePointId, s.chargePointId), eq(chargingSessions.transactionId, s.transactionId!)),
              )
          )[0]!;
        const target = { chargePointId: s.chargePointId, evseId: s.evseId, sessionId: session.id, receivedAt: s.startReceivedAt };
        if (row) await insertReadings(tx, target, readings);
        return session;
      });
    },

    async update(
      id: number,
      patch: SessionPatch,
      at: Date,
      readings: ReadingTarget & { readings: MeterReading[] },
    ): Promise<SessionRow> {
      return db.transaction(async (tx) => {
        const [row] = await tx
          .update(chargingSessions)
          .set({ ...patch, updatedAt: at })
          .where(eq(chargingSessions.id, id))
          .returning();
        await insertReadings(tx, readings, readings.readings);
        return row!;
      });
    },

    insertReadings(t: ReadingTarget, readings: MeterReading[]): Promise<number> {
      return insertReadings(db, t, readings);
    },

    async sessionsOf(chargePointId: string, limit = 50): Promise<SessionRow[]> {
      return db
        .select()
        .from(chargingSessions)
        .where(eq(chargingSessions.chargePointId, chargePointId))
        .orderBy(desc(chargingSessions.startedAt))
        .limit(limit);
    },

    async meterValuesOf(sessionId: number): Promise<MeterValueRow[]> {
      return db
        .select()
        .from(meterValues)
        .where(eq(meterValues.sessionId, sessionId))
        .orderBy(asc(meterValues.ts), asc(meterValues.id));
    },
  };
}

export type SessionsRepository = ReturnType<typeof createSessionsRepository>;
