import { eq, sql } from 'drizzle-orm';
import type { Db } from '@marque/db';
import { chargers, chargerConnectors, chargingTokens } from './charging.schema';
import type { BootReport, OcppVersion, StatusReport } from './charging.types';

export type ChargerRow = typeof chargers.$inferSelect;
export type ConnectorRow = typeof chargerConnectors.$inferSelect;
export type TokenRow = typeof chargingTokens.$inferSelect;

export function createChargersRepository(db: Db) {
  return {
    async find(chargePointId: string): Promise<ChargerRow | null> {
      const rows = await db.select().from(chargers).where(eq(chargers.chargePointId, chargePointId)).limit(1);
      return rows[0] ?? null;
    },

    /** Inserts, or with `replace` sets a new password on an existing charger; false when it exists and !replace. */
    async upsertPassword(chargePointId: string, passwordHash: string, at: Date, replace: boolean): Promise<boolean> {
      const q = db.insert(chargers).values({ chargePointId, passwordHash, createdAt: at, updatedAt: at });
      const rows = replace
        ? await q.onConflictDoUpdate({ target: chargers.chargePointId, set: { passwordHash, updatedAt: at } }).returning()
        : await q.onConflictDoNothing().returning();
      return rows.length > 0;
    },

    async connected(chargePointId: string, version: OcppVersion, at: Date): Promise<void> {
      await db
        .update(chargers)
        .set({ ocppVersion: version, lastConnectedAt: at, lastSeenAt: at, updatedAt: at })
        .where(eq(chargers.chargePointId, chargePointId));
    },

    async booted(chargePointId: string, boot: BootReport, at: Date): Promise<boolean> {
      const rows = await db
        .update(chargers)
        .set({
          vendor: boot.vendor,
          model: boot.model,
          serial: boot.serial ?? null,
          firmware: boot.firmware ?? null,
          bootReason: boot.reason ?? null,
          bootedAt: at,
          lastSeenAt: at,
          updatedAt: at,
        })
        .where(eq(chargers.chargePointId, chargePointId))
        .returning({ id: chargers.chargePointId });
      return rows.length > 0;
    },

    async seen(chargePointId: string, at: Date): Promise<void> {
      await db.update(chargers).set({ lastSeenAt: at }).where(eq(chargers.chargePointId, chargePointId));
    },

    /** Keeps the newest report by the charger's time: a late, older status does not overwrite a newer one. */
    async setStatus(chargePointId: string, r: StatusReport & { ts: Date }, receivedAt: Date): Promise<void> {
      const row = {
        chargePointId,
        evseId: r.evseId,
        connectorId: r.connectorId,
        status: r.status,
        errorCode: r.errorCode ?? null,
        statusAt: r.ts,
        statusReceivedAt: receivedAt,
      };
      await db
        .insert(chargerConnectors)
        .values(row)
        .onConflictDoUpdate({
          target: [chargerConnectors.chargePointId, chargerConnectors.evseId, chargerConnectors.connectorId],
          set: { status: row.status, errorCode: row.errorCode, statusAt: row.statusAt, statusReceivedAt: receivedAt },
          setWhere: sql`${chargerConnectors.statusAt} <= excluded.status_at`,
        });
    },

    async connectors(chargePointId: string): Promise<ConnectorRow[]> {
      return db
        .select()
        .from(chargerConnectors)
        .where(eq(chargerConnectors.chargePointId, chargePointId))
        .orderBy(chargerConnectors.evseId, chargerConnectors.connectorId);
    },

    async findToken(idTag: string): Promise<TokenRow | null> {
      const rows = await db.select().from(chargingTokens).where(eq(chargingTokens.idTag, idTag)).limit(1);
      return rows[0] ?? null;
    },

    async upsertToken(idTag: string, allowed: boolean, label: string | null, at: Date): Promise<TokenRow> {
      const [row] = await db
        .insert(chargingTokens)
        .values({ idTag, allowed, label, createdAt: at, updatedAt: at })
        .onConflictDoUpdate({ target: chargingTokens.idTag, set: { allowed, label, updatedAt: at } })
        .returning();
      return row!;
    },
  };
}

export type ChargersRepository = ReturnType<typeof createChargersRepository>;
