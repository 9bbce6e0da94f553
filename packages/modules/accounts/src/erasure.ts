import { AppError, type Clock, type Logger } from '@marque/kernel';
import type { AccountsRepository } from './accounts.repository';
import type { SessionsRepository } from './sessions.repository';
import type { SessionsService } from './sessions.service';
import { mails, type SendMail } from './mail-templates';
import { sha256 } from './secrets';

/** A module's part of account deletion: erase everything personal it holds for the account; must be idempotent. */
export interface Eraser {
  name: string;
  erase(accountId: string): Promise<void>;
}

export interface ErasureDeps {
  repo: AccountsRepository;
  sessions: SessionsRepository;
  sessionsService: SessionsService;
  clock: Clock;
  sendMail: SendMail;
  log: Logger;
}

export function createErasure(deps: ErasureDeps) {
  const erasers = new Map<string, Eraser>();

  return {
    /** Each module registers once at start-up; the names say in the log what was erased. */
    register(eraser: Eraser): void {
      if (erasers.has(eraser.name)) throw new Error(`eraser "${eraser.name}" is registered twice`);
      erasers.set(eraser.name, eraser);
    },

    names: () => [...erasers.keys()],

    /**
     * Deletes the account: every module erases its data first (so a failure can be retried with the
     * account still there), then accounts keeps only the tombstone: id and deletion time.
     */
    async deleteAccount(accountId: string, password: string): Promise<{ deletedAt: string; erased: string[] }> {
      const a = await deps.repo.findById(accountId);
      if (!a) throw new AppError('not_found', 'This account does not exist.', { code: 'account.unknown' });
      await deps.sessionsService.verifyOwnPassword(a, password, 'password');
      const now = deps.clock.now();
      await deps.sessions.revokeAll(a.id, now);
      for (const e of erasers.values()) await e.erase(a.id);
      try {
        await deps.sendMail(mails.accountDeleted(a.language, a.email, a.name));
      } catch (e) {
        deps.log.warn({ err: { message: (e as Error).message } }, 'deletion notice not sent');
      }
      await deps.sessions.deleteAll(a.id);
      await deps.sessions.deleteAttemptsFor(sha256(a.email));
      await deps.repo.tombstone(a.id, now);
      const erased = [...erasers.keys(), 'accounts'];
      deps.log.info({ accountId: a.id, erased }, 'account deleted');
      return { deletedAt: now.toISOString(), erased };
    },

    tombstone: (accountId: string) => deps.repo.findTombstone(accountId),
  };
}

export type Erasure = ReturnType<typeof createErasure>;
