import { and, desc, eq, lt } from 'drizzle-orm';
import type { Db } from '@marque/db';
import { dataExports } from './privacy.schema';

export interface ExportRow {
  id: string;
  status: 'queued' | 'ready' | 'failed';
  requestedAt: Date;
  readyAt: Date | null;
  expiresAt: Date | null;
  sizeBytes: number | null;
}

const listColumns = {
  id: dataExports.id,
  status: dataExports.status,
  requestedAt: dataExports.requestedAt,
  readyAt: dataExports.readyAt,
  expiresAt: dataExports.expiresAt,
  sizeBytes: dataExports.sizeBytes,
};

export function createDataExportRepository(db: Db) {
  return {
    async create(accountId: string, now: Date): Promise<ExportRow> {
      const rows = await db.insert(dataExports).values({ accountId, status: 'queued', requestedAt: now }).returning(listColumns);
      return rows[0]!;
    },

    list(accountId: string): Promise<ExportRow[]> {
      return db.select(listColumns).from(dataExports).where(eq(dataExports.accountId, accountId)).orderBy(desc(dataExports.requestedAt)).limit(20);
    },

    async archive(accountId: string, id: string): Promise<{ archive: Uint8Array; expiresAt: Date | null; status: string } | null> {
      const rows = await db
        .select({ archive: dataExports.archive, expiresAt: dataExports.expiresAt, status: dataExports.status })
        .from(dataExports)
        .where(and(eq(dataExports.accountId, accountId), eq(dataExports.id, id)))
        .limit(1);
      const r = rows[0];
      return r ? { archive: r.archive ?? new Uint8Array(), expiresAt: r.expiresAt, status: r.status } : null;
    },

    /** The job's view: which account an export belongs to, whatever its state. */
    async owner(id: string): Promise<{ accountId: string; status: string } | null> {
      const rows = await db.select({ accountId: dataExports.accountId, status: dataExports.status }).from(dataExports).where(eq(dataExports.id, id)).limit(1);
      return rows[0] ?? null;
    },

    async complete(id: string, archive: Uint8Array, now: Date, expiresAt: Date): Promise<void> {
      await db
        .update(dataExports)
        .set({ status: 'ready', archive, sizeBytes: archive.length, readyAt: now, expiresAt })
        .where(eq(dataExports.id, id));
    },

    async fail(id: string, error: string): Promise<void> {
      await db.update(dataExports).set({ status: 'failed', error }).where(eq(dataExports.id, id));
    },

    async deleteExpired(now: Date): Promise<number> {
      const rows = await db.delete(dataExports).where(lt(dataExports.expiresAt, now)).returning({ id: dataExports.id });
      return rows.length;
    },

    async eraseAccount(accountId: string): Promise<void> {
      await db.delete(dataExports).where(eq(dataExports.accountId, accountId));
    },
  };
}

export type DataExportRepository = ReturnType<typeof createDataExportRepository>;
