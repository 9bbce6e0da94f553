import { sql } from 'drizzle-orm';
import type { Db } from '@marque/db';

/** Monthly partitions of telemetry_samples are named telemetry_samples_pYYYYMM and cover [month start, next month start). */
export function partitionName(month: Date): string {
  return `telemetry_samples_p${month.getUTCFullYear()}${String(month.getUTCMonth() + 1).padStart(2, '0')}`;
}

export function monthStart(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
}

export function nextMonth(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
}

export function createTelemetryPartitionsRepository(db: Db) {
  return {
    /** Creates the partition holding `month`; safe to call from several processes at once. */
    async ensure(month: Date): Promise<void> {
      const from = monthStart(month);
      const name = partitionName(from);
      const ddl = sql.raw(
        `create table if not exists ${name} partition of telemetry_samples ` +
          `for values from ('${from.toISOString()}') to ('${nextMonth(from).toISOString()}')`,
      );
      try {
        await db.execute(ddl);
      } catch (e) {
        // Two processes creating the same partition: the loser sees a duplicate; the partition exists either way.
        if (!(await this.list()).includes(name)) throw e;
      }
    },

    async list(): Promise<string[]> {
      const r = (await db.execute(
        sql`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
            where i.inhparent = 'telemetry_samples'::regclass order by c.relname`,
      )) as unknown as { rows: Array<{ name: string }> };
      return r.rows.map((x) => x.name);
    },

    /** Drops whole partitions whose every row is older than `before`; returns their names. */
    async dropBefore(before: Date): Promise<string[]> {
      const dropped: string[] = [];
      for (const name of await this.list()) {
        const m = /^telemetry_samples_p(\d{4})(\d{2})$/.exec(name);
        if (!m) continue;
        const end = nextMonth(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)));
        if (end.getTime() > before.getTime()) continue;
        await db.execute(sql.raw(`drop table if exists ${name}`));
        dropped.push(name);
      }
      return dropped;
    },
  };
}

export type TelemetryPartitionsRepository = ReturnType<typeof createTelemetryPartitionsRepository>;
