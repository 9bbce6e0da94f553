import type { Clock, Logger } from '@marque/kernel';
import type { TelemetryRepository } from './telemetry.repository';
import type { TelemetryPartitionsRepository } from './telemetry-partitions.repository';

export interface RetentionResult {
  status: 'done';
  droppedPartitions: string[];
  deletedEvents: number;
  deletedBatches: number;
}

/** Named, idempotent job: forgets telemetry older than the retention period (whole partitions, then rows). */
export function telemetryRetentionJob(deps: {
  repo: TelemetryRepository;
  partitions: TelemetryPartitionsRepository;
  clock: Clock;
  log: Logger;
  retentionDays: number;
}) {
  return {
    name: 'telemetry.retention',
    async run(): Promise<RetentionResult> {
      const before = new Date(deps.clock.now().getTime() - deps.retentionDays * 86_400_000);
      const droppedPartitions = await deps.partitions.dropBefore(before);
      const { events, batches } = await deps.repo.deleteBefore(before);
      const result = { status: 'done' as const, droppedPartitions, deletedEvents: events, deletedBatches: batches };
      if (droppedPartitions.length || events || batches) deps.log.info(result, 'telemetry retention applied');
      return result;
    },
  };
}
