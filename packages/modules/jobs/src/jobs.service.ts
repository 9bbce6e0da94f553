import { randomUUID } from 'node:crypto';
import type { Clock, Logger } from '@marque/kernel';
import type { JobsRepository } from './jobs.repository';

/** What a handler reports; a thrown error counts as a failed attempt and is retried with backoff. */
export interface JobOutcome {
  status: 'done';
  result?: unknown;
}

export type JobHandler = (payload: unknown, ctx: { attempt: number; key: string }) => Promise<JobOutcome>;

export interface Schedule {
  name: string;
  everyMs: number;
  payload?: unknown;
}

export interface JobsDeps {
  repo: JobsRepository;
  clock: Clock;
  log: Logger;
}

const backoffMs = (attempt: number) => Math.min(60 * 60_000, 5_000 * 2 ** (attempt - 1));

export function createJobsService({ repo, clock, log }: JobsDeps) {
  const handlers = new Map<string, JobHandler>();
  const schedules: Schedule[] = [];
  const worker = `w-${process.pid}-${randomUUID().slice(0, 8)}`;

  const service = {
    /** Registers a named job handler; handlers must be idempotent (a job may run again after a crash). */
    register(name: string, handler: JobHandler) {
      handlers.set(name, handler);
    },

    /** Runs `name` every `everyMs`; several workers enqueue the same time slot once thanks to the key. */
    schedule(s: Schedule) {
      schedules.push(s);
    },

    /** Queues a job; the same (name, key) is queued once. */
    enqueue(name: string, payload: unknown, opts: { key?: string; runAt?: Date; maxAttempts?: number } = {}) {
      const now = clock.now();
      return repo.enqueue({
        name,
        key: opts.key ?? randomUUID(),
        payload,
        runAt: opts.runAt ?? now,
        maxAttempts: opts.maxAttempts ?? 5,
        now,
      });
    },

    status: (name: string, key: string) => repo.get(name, key),

    /** One pass of the worker loop: enqueue due schedule slots, claim due jobs, run them. Returns how many ran. */
    async tick(limit = 10): Promise<number> {
      const now = clock.now();
      for (const s of schedules) {
        const slot = Math.floor(now.getTime() / s.everyMs);
        await repo.enqueue({ name: s.name, key: `slot-${slot}`, payload: s.payload ?? {}, runAt: now, maxAttempts: 1, now });
      }
      const claimed = await repo.claim(worker, now, 5 * 60_000, limit);
      for (const job of claimed) {
        const handler = handlers.get(job.name);
        try {
          if (!handler) throw new Error(`no handler registered for job ${job.name}`);
          const outcome = await handler(job.payload, { attempt: job.attempts, key: job.key });
          await repo.finish(job.id, worker, outcome.result, clock.now());
        } catch (e) {
          const message = (e as Error).message.slice(0, 500);
          const retryAt = job.attempts < job.maxAttempts ? new Date(clock.now().getTime() + backoffMs(job.attempts)) : null;
          log.warn({ job: job.name, attempt: job.attempts, error: message, willRetry: !!retryAt }, 'job failed');
          await repo.fail(job.id, worker, message, retryAt, clock.now());
        }
      }
      return claimed.length;
    },
  };
  // A 5 s schedule leaves 17,280 finished slots a day: those go after a day, other jobs after a week.
  service.register('jobs.purge', async () => {
    const now = clock.now().getTime();
    const slots = await repo.purgeFinished(new Date(now - 86_400_000), 'slot-');
    return { status: 'done', result: { purged: slots + (await repo.purgeFinished(new Date(now - 7 * 86_400_000))) } };
  });
  service.schedule({ name: 'jobs.purge', everyMs: 3600_000 });
  return service;
}

export type JobsService = ReturnType<typeof createJobsService>;
