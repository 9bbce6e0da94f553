import { AppError, type Clock, type Logger } from '@marque/kernel';
import type { SessionRow, SessionsRepository, MeterValueRow } from './sessions.repository';
import type {
  AuthorizationStatus,
  MeterReport,
  TransactionEnd,
  TransactionStart,
  TransactionStarted,
  TransactionUpdate,
} from './charging.types';
import { energyRegisterWh } from './meter';
import { normaliseIdTag, optionalText, requireDate, requireFinite, requireIndex, validateReadings } from './charging.validation';

export interface TransactionsDeps {
  sessions: SessionsRepository;
  authorize: (idTag: string) => Promise<AuthorizationStatus>;
  clock: Clock;
  log: Logger;
}

export interface SessionView extends SessionRow {
  /** Energy so far (active) or in total (ended), from the meter registers; null when no register was reported. */
  energyWh: number | null;
}

export function sessionView(s: SessionRow): SessionView {
  const end = s.meterStopWh ?? s.meterLastWh;
  return { ...s, energyWh: s.meterStartWh !== null && end !== null ? Math.max(0, end - s.meterStartWh) : null };
}

function requireTransactionId(id: string): string {
  if (!id || id.length > 36) throw AppError.invalidField('transactionId', 'must be 1 to 36 characters');
  return id;
}

function validateUpdate<T extends TransactionUpdate>(u: T): T {
  requireTransactionId(u.transactionId);
  requireDate(u.ts, 'timestamp');
  if (u.evseId !== undefined) requireIndex(u.evseId, 'evseId');
  if (u.connectorId !== undefined) requireIndex(u.connectorId, 'connectorId');
  validateReadings(u.readings);
  return u;
}

/** Sessions and meter values: the charger's times are kept beside the times the platform heard of them. */
export function createTransactionsService({ sessions, authorize, clock, log }: TransactionsDeps) {
  const tagStatus = async (idTag: string | undefined) => (idTag ? await authorize(idTag) : undefined);

  async function started(chargePointId: string, s: TransactionStart): Promise<SessionRow> {
    requireIndex(s.evseId, 'evseId');
    requireIndex(s.connectorId, 'connectorId');
    requireDate(s.ts, 'timestamp');
    if (s.transactionId !== undefined) requireTransactionId(s.transactionId);
    if (s.meterStartWh !== undefined) requireFinite(s.meterStartWh, 'meterStart');
    const readings = validateReadings(s.readings);
    // A 1.6 start resent after a lost answer gets the transaction id it was given the first time.
    const resent = s.transactionId === undefined ? await sessions.findStart(chargePointId, s.evseId, s.ts) : null;
    if (resent) return resent;
    const meterStartWh = s.meterStartWh ?? energyRegisterWh(readings) ?? null;
    const now = clock.now();
    return sessions.start(
      {
        chargePointId,
        transactionId: s.transactionId,
        evseId: s.evseId,
        connectorId: s.connectorId,
        idTag: s.idTag === undefined ? null : normaliseIdTag(s.idTag),
        state: 'active',
        startedAt: s.ts,
        startReceivedAt: now,
        meterStartWh,
        meterLastWh: meterStartWh,
        remoteStartId: s.remoteStartId ?? null,
        updatedAt: now,
      },
      readings,
    );
  }

  /** The session of an update; a 2.0.1 Updated/Ended whose Started was lost opens one from what it carries. */
  async function sessionFor(chargePointId: string, u: TransactionUpdate, createIfUnknown: boolean): Promise<SessionRow | null> {
    const found = await sessions.find(chargePointId, u.transactionId);
    if (found || !createIfUnknown) return found;
    log.warn({ chargePointId, transactionId: u.transactionId }, 'transaction event for an unknown transaction: opening it');
    const first = [...(u.readings ?? [])].sort((a, b) => a.ts.getTime() - b.ts.getTime())[0];
    return started(chargePointId, {
      transactionId: u.transactionId,
      evseId: u.evseId ?? 0,
      connectorId: u.connectorId ?? 0,
      idTag: u.idTag,
      ts: first && first.ts < u.ts ? first.ts : u.ts,
    });
  }

  const target = (s: SessionRow, receivedAt: Date) => ({
    chargePointId: s.chargePointId,
    evseId: s.evseId,
    sessionId: s.id,
    receivedAt,
  });

  return {
    async transactionStarted(chargePointId: string, s: TransactionStart): Promise<TransactionStarted> {
      const session = await started(chargePointId, s);
      return { transactionId: session.transactionId, idTagStatus: await tagStatus(s.idTag) };
    },

    /** Null when the transaction is unknown and `createIfUnknown` is false (1.6: the platform assigned every id). */
    async transactionUpdated(
      chargePointId: string,
      u: TransactionUpdate,
      opts: { createIfUnknown: boolean },
    ): Promise<{ session: SessionView; idTagStatus?: AuthorizationStatus | undefined } | null> {
      const session = await sessionFor(chargePointId, validateUpdate(u), opts.createIfUnknown);
      if (!session) return null;
      const now = clock.now();
      const lastWh = energyRegisterWh(u.readings);
      const patch = {
        ...(session.state === 'active' && lastWh !== undefined ? { meterLastWh: lastWh } : {}),
        ...(u.idTag && !session.idTag ? { idTag: normaliseIdTag(u.idTag) } : {}),
      };
      const row = await sessions.update(session.id, patch, now, { ...target(session, now), readings: u.readings ?? [] });
      return { session: sessionView(row), idTagStatus: await tagStatus(u.idTag) };
    },

    /** Ending twice changes nothing the first end did not (a charger resends an unanswered stop). */
    async transactionEnded(
      chargePointId: string,
      e: TransactionEnd,
      opts: { createIfUnknown: boolean },
    ): Promise<{ session: SessionView; idTagStatus?: AuthorizationStatus | undefined } | null> {
      const session = await sessionFor(chargePointId, validateUpdate(e), opts.createIfUnknown);
      if (!session) return null;
      if (e.meterStopWh !== undefined) requireFinite(e.meterStopWh, 'meterStop');
      optionalText(e.reason, 'reason', 32);
      if (session.state === 'ended') return { session: sessionView(session), idTagStatus: await tagStatus(e.idTag) };
      const now = clock.now();
      const stopWh = e.meterStopWh ?? energyRegisterWh(e.readings) ?? session.meterLastWh;
      const row = await sessions.update(
        session.id,
        {
          state: 'ended',
          stoppedAt: e.ts,
          stopReceivedAt: now,
          meterStopWh: stopWh,
          meterLastWh: stopWh,
          stopReason: e.reason ?? null,
        },
        now,
        { ...target(session, now), readings: e.readings ?? [] },
      );
      return { session: sessionView(row), idTagStatus: await tagStatus(e.idTag) };
    },

    /** Readings of an unknown transaction are kept against the charger alone rather than refused. */
    async meterValues(chargePointId: string, m: MeterReport): Promise<number> {
      requireIndex(m.evseId, 'evseId');
      const readings = validateReadings(m.readings);
      const now = clock.now();
      const session = m.transactionId === undefined ? null : await sessions.find(chargePointId, m.transactionId);
      if (!session)
        return sessions.insertReadings({ chargePointId, evseId: m.evseId, sessionId: null, receivedAt: now }, readings);
      const lastWh = energyRegisterWh(readings);
      const patch = session.state === 'active' && lastWh !== undefined ? { meterLastWh: lastWh } : {};
      await sessions.update(session.id, patch, now, { ...target(session, now), readings });
      return readings.reduce((n, r) => n + r.samples.length, 0);
    },

    async sessionsOf(chargePointId: string): Promise<SessionView[]> {
      return (await sessions.sessionsOf(chargePointId)).map(sessionView);
    },

    async session(chargePointId: string, transactionId: string): Promise<SessionView | null> {
      const s = await sessions.find(chargePointId, transactionId);
      return s ? sessionView(s) : null;
    },

    meterValuesOf(sessionId: number): Promise<MeterValueRow[]> {
      return sessions.meterValuesOf(sessionId);
    },
  };
}

export type TransactionsService = ReturnType<typeof createTransactionsService>;
