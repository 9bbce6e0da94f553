import { zipSync, strToU8 } from 'fflate';
import { AppError, type Clock } from '@marque/kernel';
import type { DataExportRepository, ExportRow } from './data-export.repository';

/** A module's part of the export: everything personal it holds for the account, as one JSON document. */
export interface Exporter {
  /** File name stem, e.g. `accounts` → accounts.json. */
  name: string;
  /** One sentence for index.json: what the file holds. */
  description: string;
  export(accountId: string): Promise<unknown>;
}

export const EXPORT_KEEP_DAYS = 7;

export interface DataExportDeps {
  repo: DataExportRepository;
  clock: Clock;
  /** Queues the build on the worker (the jobs module through the container). */
  enqueue: (exportId: string) => Promise<void>;
}

export function createDataExportService(deps: DataExportDeps) {
  const exporters = new Map<string, Exporter>();
  return {
    register(e: Exporter): void {
      if (exporters.has(e.name)) throw new Error(`exporter "${e.name}" is registered twice`);
      exporters.set(e.name, e);
    },

    /** One build at a time per account: a second request while one is queued returns that one. */
    async request(accountId: string): Promise<ExportRow> {
      const pending = (await deps.repo.list(accountId)).find((e) => e.status === 'queued');
      if (pending) return pending;
      const row = await deps.repo.create(accountId, deps.clock.now());
      await deps.enqueue(row.id);
      return row;
    },

    list: (accountId: string) => deps.repo.list(accountId),

    async download(accountId: string, id: string): Promise<Uint8Array> {
      const r = await deps.repo.archive(accountId, id);
      if (!r) throw new AppError('not_found', 'There is no such export in your account.', { code: 'export.unknown' });
      if (r.status === 'queued') throw new AppError('conflict', 'The export is still being prepared.', { code: 'export.pending' });
      if (r.status === 'failed') throw new AppError('gone', 'The export failed; please request a new one.', { code: 'export.failed' });
      if (r.expiresAt && r.expiresAt <= deps.clock.now()) {
        throw new AppError('gone', 'The export has expired; please request a new one.', { code: 'export.expired' });
      }
      return r.archive;
    },

    /** The worker job: asks every registered module, writes one JSON file each plus index.json, zips. */
    async build(id: string): Promise<{ accountId: string; files: string[]; sizeBytes: number } | null> {
      const owner = await deps.repo.owner(id);
      if (!owner || owner.status !== 'queued') return null;
      const now = deps.clock.now();
      const files: Record<string, Uint8Array> = {};
      const index: Array<{ file: string; description: string }> = [];
      for (const e of exporters.values()) {
        files[`${e.name}.json`] = strToU8(JSON.stringify(await e.export(owner.accountId), null, 2));
        index.push({ file: `${e.name}.json`, description: e.description });
      }
      files['index.json'] = strToU8(
        JSON.stringify({ format: 'marque-data-export', version: 1, accountId: owner.accountId, createdAt: now.toISOString(), files: index }, null, 2),
      );
      const archive = zipSync(files, { level: 6, mtime: now });
      await deps.repo.complete(id, archive, now, new Date(now.getTime() + EXPORT_KEEP_DAYS * 86_400_000));
      return { accountId: owner.accountId, files: Object.keys(files), sizeBytes: archive.length };
    },

    fail: (id: string, error: string) => deps.repo.fail(id, error),
    deleteExpired: () => deps.repo.deleteExpired(deps.clock.now()),
    erase: (accountId: string) => deps.repo.eraseAccount(accountId),
  };
}

export type DataExportService = ReturnType<typeof createDataExportService>;
