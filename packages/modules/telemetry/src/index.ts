import type { Db } from '@marque/db';
import type { Clock, Logger } from '@marque/kernel';
import type { VehicleAccess } from '@marque/vehicles';
import { createTelemetryRepository } from './telemetry.repository';
import { createTelemetryPartitionsRepository } from './telemetry-partitions.repository';
import { createTelemetryHistoryRepository } from './telemetry-history.repository';
import { createIngestService, type IngestSettings, type VehicleStateChanged } from './ingest.service';
import { createStatusService } from './status.service';
import { telemetryRetentionJob } from './telemetry.jobs';
import type { DropReason } from './ingest-validation';

export interface TelemetryModuleDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  access: VehicleAccess;
  settings: IngestSettings & { retentionDays: number };
  publish?: (e: VehicleStateChanged) => void;
  onDropped?: (reason: DropReason) => void;
}

export function createTelemetryModule(deps: TelemetryModuleDeps) {
  const repo = createTelemetryRepository(deps.db);
  const partitions = createTelemetryPartitionsRepository(deps.db);
  return {
    ingest: createIngestService({ ...deps, repo, partitions }),
    status: createStatusService({ repo, access: deps.access, clock: deps.clock }),
    retention: telemetryRetentionJob({
      repo,
      partitions,
      clock: deps.clock,
      log: deps.log,
      retentionDays: deps.settings.retentionDays,
    }),
    /** Stored samples and events, for modules that derive data from them (trips). */
    history: createTelemetryHistoryRepository(deps.db),
    maxAgeDays: deps.settings.maxAgeDays,
  };
}

export type TelemetryModule = ReturnType<typeof createTelemetryModule>;
export type { IngestService, IngestSettings, IngestOutcome, VehicleStateChanged } from './ingest.service';
export type { StatusService } from './status.service';
export type { DropReason } from './ingest-validation';
export type { RetentionResult } from './telemetry.jobs';
export type { TelemetryHistoryRepository } from './telemetry-history.repository';
