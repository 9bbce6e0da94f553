import type { Db } from '@marque/db';
import type { Clock, Logger } from '@marque/kernel';
import { createAccountsModule, type PasswordHasher, type SendMail } from '@marque/accounts';
import { createPrivacyModule } from '@marque/privacy';
import type { Auth } from './http/auth';
import type { Mailbox } from './mail/mailbox';
import { accountsRoutes } from './http/routes/accounts.routes';
import { meRoutes } from './http/routes/me.routes';
import { legalRoutes } from './http/routes/legal.routes';
import { devMailRoutes } from './http/routes/dev-mail.routes';
import { dataExportRoutes } from './http/routes/data-export.routes';

export interface AccountOptions {
  sendMail?: SendMail | undefined;
  /** Base of links in e-mails; read when a mail is sent. */
  appUrl?: (() => string) | undefined;
  hasher?: PasswordHasher | undefined;
  log?: Logger | undefined;
  /** Queues a data-export build on the worker (set by the container). */
  enqueueExport?: ((exportId: string) => Promise<void>) | undefined;
}

const noMail: SendMail = async () => {
  throw new Error('e-mail is not configured in this process');
};

/** Accounts and privacy, with privacy's eraser registered for account deletion. */
export function createAccountModules(db: Db, clock: Clock, opts: AccountOptions = {}) {
  const accounts = createAccountsModule({
    db,
    clock,
    sendMail: opts.sendMail ?? noMail,
    appUrl: opts.appUrl ?? (() => 'http://localhost:3000'),
    hasher: opts.hasher,
    log: opts.log,
  });
  const privacy = createPrivacyModule({ db, clock, log: opts.log, enqueueExport: opts.enqueueExport });
  accounts.erasure.register(privacy.eraser);
  return { accounts, privacy };
}

type AccountModules = ReturnType<typeof createAccountModules>;

/** The account, session, privacy routes; the sink's mailbox only in demo mode. */
export function accountHttpRoutes(m: AccountModules, auth: Auth, mailbox?: Mailbox) {
  const deps = { accounts: m.accounts, privacy: m.privacy, auth };
  return [accountsRoutes(deps), meRoutes(deps), legalRoutes(deps), dataExportRoutes(deps), ...(mailbox ? [devMailRoutes(mailbox)] : [])];
}
