import type { Db } from '@marque/db';
import type { Clock, Logger } from '@marque/kernel';
import { createJobsRepository } from './jobs.repository';
import { createJobsService } from './jobs.service';

/** The job queue the worker role drains; modules register named handlers and schedules on it. */
export function createJobsModule(deps: { db: Db; clock: Clock; log: Logger }) {
  return { service: createJobsService({ repo: createJobsRepository(deps.db), clock: deps.clock, log: deps.log }) };
}

export type JobsModule = ReturnType<typeof createJobsModule>;
export type { JobsService, JobHandler, JobOutcome, Schedule } from './jobs.service';
export { jobs } from './jobs.schema';
