import { testDatabase } from '@marque/db/testing';
import type { Database } from '@marque/db';
import { manualClock, type ManualClock } from '@marque/kernel';
import { createAccountsModule, type AccountsModule } from './index';
import { argon2Hasher } from './passwords';
import type { OutgoingMail } from './mail-templates';

export interface AccountsHarness {
  database: Database;
  module: AccountsModule;
  clock: ManualClock;
  outbox: OutgoingMail[];
  /** The token of the newest link to `path` mailed to `to`. */
  tokenFrom(to: string, path: string): string;
}

/** The accounts module over a fresh test database, a manual clock and an in-memory outbox. */
export async function accountsHarness(): Promise<AccountsHarness> {
  const database = await testDatabase();
  const clock = manualClock('2026-06-01T09:00:00Z');
  const outbox: OutgoingMail[] = [];
  const module = createAccountsModule({
    db: database.db,
    clock,
    sendMail: async (m) => {
      outbox.push(m);
    },
    appUrl: () => 'http://marque.test',
    hasher: argon2Hasher({ memoryCost: 1024, timeCost: 1 }),
  });
  return {
    database,
    module,
    clock,
    outbox,
    tokenFrom(to, path) {
      const mail = outbox.filter((m) => m.to === to && m.text.includes(path)).at(-1);
      const m = mail && new RegExp(`${path}\\?token=([A-Za-z0-9_%-]+)`).exec(mail.text);
      if (!m) throw new Error(`no ${path} link mailed to ${to}`);
      return decodeURIComponent(m[1]!);
    },
  };
}

/** A valid registration; override any field. */
export function aRegistration(
  override: Partial<{ email: string; password: string; name: string; market: string; language: 'en' | 'de' }> = {},
) {
  return { email: 'ada@example.com', password: 'correct horse battery', name: 'Ada Lovelace', market: 'GB', ...override };
}
