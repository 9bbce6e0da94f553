import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Logger } from '@marque/kernel';
import type { AccountsModule } from '@marque/accounts';
import { legalSeed, type PrivacyModule } from '@marque/privacy';
import type { VehiclesModule } from '@marque/vehicles';
import { demoOwnerVins } from './demo-fleet';

export const DEMO_OWNER_EMAIL = 'demo@marque.local';

/** A demo's first start publishes the bundled v1 terms and privacy notice (English and German). */
export async function publishLegalSeed(privacy: PrivacyModule, log: Logger): Promise<void> {
  if (await privacy.service.hasDocuments()) return;
  for (const d of legalSeed()) await privacy.service.publish(d);
  log.info({ documents: legalSeed().length }, 'demo terms and privacy notice published');
}

/** The password lives in the data directory, so it stays the same across restarts and never passes through a log. */
function demoPassword(dataDir: string): string {
  const file = join(dataDir, 'demo-owner-password');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const password = `demo-${randomBytes(9).toString('base64url')}`;
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return password;
}

/** An active owner with the current terms accepted, holding three demo cars; its password is printed in the start banner. */
export async function ensureDemoOwner(
  m: { accounts: AccountsModule; privacy: PrivacyModule; vehicles: VehiclesModule },
  dataDir: string,
): Promise<{ email: string; password: string; vins: string[] }> {
  const password = demoPassword(dataDir);
  const { service, sessions } = m.accounts;
  let owner = await service.findByEmail(DEMO_OWNER_EMAIL);
  if (!owner) {
    owner = await service.createActiveAccount({
      email: DEMO_OWNER_EMAIL,
      password,
      name: 'Demo Owner',
      market: 'GB',
      language: 'en',
      roles: ['customer'],
    });
  } else if (!(await sessions.checkPassword(owner.id, password))) {
    await sessions.setPassword(owner.id, password);
  }
  const terms = await m.privacy.service.termsStatus(owner.id, owner);
  if (!terms.accepted && terms.currentVersion !== null)
    await m.privacy.service.acceptTerms(owner.id, owner, terms.currentVersion);
  // Until the garage/activation issue lands, the demo owner simply holds these cars (a no-op after the first start).
  const vins = demoOwnerVins();
  for (const vin of vins) await m.vehicles.garage.assign(vin, owner.id, new Date());
  return { email: DEMO_OWNER_EMAIL, password, vins };
}
