import type { Db } from '@marque/db';
import { silentLogger, type Clock, type Logger } from '@marque/kernel';
import { createAccountsRepository } from './accounts.repository';
import { createSessionsRepository } from './sessions.repository';
import { createAccountsService } from './accounts.service';
import { createSessionsService } from './sessions.service';
import { createErasure } from './erasure';
import { createThrottle } from './throttle';
import { argon2Hasher, type PasswordHasher } from './passwords';
import type { SendMail } from './mail-templates';

export interface AccountsModuleDeps {
  db: Db;
  clock: Clock;
  sendMail: SendMail;
  /** Base URL of links in e-mails; a function because the HTTP port is known only after listening. */
  appUrl: () => string;
  hasher?: PasswordHasher | undefined;
  log?: Logger | undefined;
}

export function createAccountsModule(deps: AccountsModuleDeps) {
  const repo = createAccountsRepository(deps.db);
  const sessions = createSessionsRepository(deps.db);
  const common = {
    repo,
    sessions,
    throttle: createThrottle(sessions, deps.clock),
    clock: deps.clock,
    hasher: deps.hasher ?? argon2Hasher(),
    sendMail: deps.sendMail,
    appUrl: deps.appUrl,
    log: deps.log ?? silentLogger,
  };
  const sessionsService = createSessionsService(common);
  const erasure = createErasure({ ...common, sessionsService });
  return { service: createAccountsService(common), sessions: sessionsService, erasure };
}

export type AccountsModule = ReturnType<typeof createAccountsModule>;
export type { AccountsService, Profile, Registration } from './accounts.service';
export { ACTIVATION_TTL_MS, RESET_TTL_MS } from './accounts.service';
export type { SessionsService, SessionPrincipal, SessionView, ClientInfo } from './sessions.service';
export { SESSION_IDLE_MS } from './sessions.service';
export type { Erasure, Eraser } from './erasure';
export type { Role } from './accounts.repository';
export type { SendMail, OutgoingMail, Language } from './mail-templates';
export { argon2Hasher, checkPasswordPolicy, PASSWORD_MIN, PASSWORD_MAX } from './passwords';
export type { PasswordHasher } from './passwords';
export { limits as throttleLimits } from './throttle';
export { accounts, accountTokens, sessions, authAttempts } from './accounts.schema';
