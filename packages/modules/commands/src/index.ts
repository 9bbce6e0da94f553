import type { Db } from '@marque/db';
import type { Clock, Logger } from '@marque/kernel';
import type { VehicleAccess } from '@marque/vehicles';
import { createCommandsRepository } from './commands.repository';
import { createCommandsService, view, type CommandsDeps, type CommandUpdated } from './commands.service';
import { loadCommandKeys, type CommandKeys } from './command-keys';

export interface CommandsModuleDeps extends Omit<CommandsDeps, 'repo' | 'signingKey'> {
  db: Db;
  access: VehicleAccess;
  clock: Clock;
  log: Logger;
  /** PEM from COMMAND_SIGNING_KEY / COMMAND_SIGNING_KEY_FILE; absent means generate (when allowed). */
  signingKeyPem: string | undefined;
  allowGeneratedKey: boolean;
}

export function createCommandsModule(deps: CommandsModuleDeps) {
  const repo = createCommandsRepository(deps.db);
  let keys: Promise<CommandKeys> | undefined;
  // Loaded on first use and kept: a generated key lives in the database, shared by every process.
  const loadKeys = () =>
    (keys ??= loadCommandKeys({
      configuredPem: deps.signingKeyPem,
      allowGenerate: deps.allowGeneratedKey,
      repo,
      clock: deps.clock,
    }));
  const service = createCommandsService({ ...deps, repo, signingKey: async () => (await loadKeys()).privateKey });
  return {
    service,
    keys: loadKeys,
    publicKeyPem: async () => (await loadKeys()).publicKeyPem,
    auditOf: (vin: string) => repo.auditOf(vin),
    exportFor: (accountId: string) => repo.exportFor(accountId),
    eraser: { name: 'commands', erase: (accountId: string) => repo.eraseAccount(accountId) },
    /** A command as it is now, with its account: for events re-read in another process (ids travel, not data). */
    async current(id: string): Promise<CommandUpdated | null> {
      const row = await repo.findById(id);
      return row ? { type: 'command.updated', accountId: row.accountId, command: view(row) } : null;
    },
  };
}

export type CommandsModule = ReturnType<typeof createCommandsModule>;
export type { CommandsService, CommandView, CommandUpdated, ResultDropReason } from './commands.service';
export type { CommandStatus } from './commands.schema';
export { COMMAND_LIFECYCLE } from './commands.schema';
export { CAPABILITY } from './command-request';
