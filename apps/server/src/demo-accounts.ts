import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { systemClock, type Clock, type Logger } from '@marque/kernel';
import type { AccountsModule } from '@marque/accounts';
import { legalSeed, type PrivacyModule } from '@marque/privacy';
import type { VehiclesModule } from '@marque/vehicles';
import { demoOwnerVins } from './demo-fleet';

export const DEMO_OWNER_EMAIL = 'demo@marque.local';
/** How long before its first start a new demo owner has held its cars: longer than the replayed past. */
export const DEMO_HELD_FOR_MS = 3 * 24 * 3_600_000;

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
  opts: { clock?: Clock; newCars?: boolean } = {},
): Promise<{ email: string; password: string; vins: string[] }> {
  const password = demoPassword(dataDir);
  const { service, sessions } = m.accounts;
  let owner = await service.findByEmail(DEMO_OWNER_EMAIL);
  const firstStart = !owner;
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
  // A new demo owner opted in to analytics and location history; the owner's choices stand after that.
  if (firstStart) {
    for (const purpose of ['driving_analytics', 'location_history'])
      await m.privacy.service.setConsent(owner.id, owner, { purpose, granted: true, method: 'app' });
  }
  // Cars just imported into the registry (nobody can have held them) were "activated" by the demo owner a few days
  // ago, so their replayed past (demo-fleet.ts) is the owner's. Otherwise the holding starts now, if it is new:
  // never back-dated over anyone else's. A no-op after the first start.
  const now = (opts.clock ?? systemClock).now();
  const since = opts.newCars ? new Date(now.getTime() - DEMO_HELD_FOR_MS) : now;
  const vins = demoOwnerVins();
  // A millisecond apart, so the garage lists them in the feed's order.
  for (const [i, vin] of vins.entries())
    await m.vehicles.garage.assign(vin, owner.id, new Date(since.getTime() - (vins.length - 1 - i)));
  return { email: DEMO_OWNER_EMAIL, password, vins };
}
