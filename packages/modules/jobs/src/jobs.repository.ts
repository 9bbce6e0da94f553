import { sql, and, eq, lt, like } from 'drizzle-orm';
import type { Db } from '@marque/db';
import { jobs } from './jobs.schema';

export interface JobRow {
  id: number;
  name: string;
  key: string;
  payload: unknown;
  attempts: number;
  maxAttempts: number;
}

export function createJobsRepository(db: Db) {
  return {
    async enqueue(j: { name: string; key: string; payload: unknown; runAt: Date; maxAttempts: number; now: Date }): Promise<boolean> {
      const rows = await db
        .insert(jobs)
        .values({ name: j.name, key: j.key, payload: j.payload, runAt: j.runAt, maxAttempts: j.maxAttempts, createdAt: j.now })
        .onConflictDoNothing({ target: [jobs.name, jobs.key] })
        .returning({ id: jobs.id });
      return rows.length > 0;
    },

    /** Claims due jobs (or ones whose worker died: lock expired) without blocking other workers. */
    async claim(worker: string, now: Date, lockMs: number, limit: number): Promise<JobRow[]> {
      const lockedUntil = new Date(now.getTime() + lockMs);
      const result = await db.execute(sql`
        update ${jobs} set status = 'running', attempts = ${jobs.attempts} + 1, locked_by = ${worker},
          locked_until = ${lockedUntil.toISOString()}::timestamptz
        where ${jobs.id} in (
          select id from ${jobs}
          where (status = 'queued' and run_at <= ${now.toISOString()}::timestamptz)
             or (status = 'running' and locked_until < ${now.toISOString()}::timestamptz)
          order by run_at
          limit ${limit}
          for update skip locked)
        returning id, name, key, payload, attempts, max_attempts`);
      return ((result as unknown as { rows: Array<Record<string, unknown>> }).rows).map((r) => ({
        id: Number(r.id),
        name: String(r.name),
        key: String(r.key),
        payload: r.payload,
        attempts: Number(r.attempts),
        maxAttempts: Number(r.max_attempts),
      }));
    },

    async finish(id: number, worker: string, result: unknown, now: Date): Promise<void> {
      await db
        .update(jobs)
        .set({ status: 'done', result: result ?? null, finishedAt: now, lockedUntil: null, lastError: null })
        .where(and(eq(jobs.id, id), eq(jobs.lockedBy, worker)));
    },

    async fail(id: number, worker: string, error: string, retryAt: Date | null, now: Date): Promise<void> {
      await db
        .update(jobs)
        .set(
          retryAt
            ? { status: 'queued', runAt: retryAt, lastError: error, lockedUntil: null }
            : { status: 'failed', lastError: error, finishedAt: now, lockedUntil: null },
        )
        .where(and(eq(jobs.id, id), eq(jobs.lockedBy, worker)));
    },

    async get(name: string, key: string) {
      const rows = await db.select().from(jobs).where(and(eq(jobs.name, name), eq(jobs.key, key))).limit(1);
      return rows[0] ?? null;
    },

    /** Finished jobs are kept a while for inspection, then removed. */
    async purgeFinished(before: Date, keyPrefix = ''): Promise<number> {
      const rows = await db
        .delete(jobs)
        .where(and(sql`${jobs.status} in ('done', 'failed')`, lt(jobs.finishedAt, before), like(jobs.key, `${keyPrefix}%`)))
        .returning({ id: jobs.id });
      return rows.length;
    },
  };
}

export type JobsRepository = ReturnType<typeof createJobsRepository>;
