import type { JobsService } from '@marque/jobs';
import type { TelemetryModule } from '@marque/telemetry';
import type { CommandsModule } from '@marque/commands';

/** Command expiry stays snappy: a command's TTL is 60 s by default, so a 5 s sweep is at most 5 s late. */
export const COMMAND_EXPIRY_EVERY_MS = 5_000;
export const TELEMETRY_MAINTENANCE_EVERY_MS = 24 * 3600_000;

/**
 * The platform's scheduled work, run by the worker role. Each job is named and idempotent: several workers enqueue
 * the same schedule slot once, and running a sweep twice changes nothing the first run did not.
 */
export function registerPlatformJobs(jobs: JobsService, m: { telemetry: TelemetryModule; commands: CommandsModule }): void {
  const expiry = m.commands.service.expiry;
  jobs.register(expiry.name, async () => {
    const r = await expiry.run();
    return { status: 'done', result: { expired: r.expired } };
  });
  jobs.schedule({ name: expiry.name, everyMs: COMMAND_EXPIRY_EVERY_MS });

  // Partitions ahead (ingest also makes them on the fly) and retention behind.
  jobs.register('telemetry.maintenance', async () => {
    await m.telemetry.ingest.ensurePartitions();
    const r = await m.telemetry.retention.run();
    return { status: 'done', result: r };
  });
  jobs.schedule({ name: 'telemetry.maintenance', everyMs: TELEMETRY_MAINTENANCE_EVERY_MS });
}
