import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '@marque/kernel';
import { testPlatform, type TestPlatform } from './test-support';
import { DEMO_HELD_FOR_MS, DEMO_OWNER_EMAIL, ensureDemoOwner } from './demo-accounts';
import { importDemoRegistry } from './demo';
import { demoOwnerVins } from './demo-fleet';

const H = 3_600_000;
const dataDir = () => mkdtempSync(join(tmpdir(), 'marque-demo-owner-'));

async function ownerId(t: TestPlatform) {
  return (await t.modules.accounts.service.findByEmail(DEMO_OWNER_EMAIL))!.id;
}

test('on a fresh registry the demo owner has held its cars for days, with analytics and location history granted', async () => {
  const t = await testPlatform();
  try {
    const dir = dataDir();
    const newCars = await importDemoRegistry(t.modules.vehicles.service, silentLogger);
    assert.equal(newCars, true);
    const demo = await ensureDemoOwner(t.modules, dir, { clock: t.clock, newCars });
    const id = await ownerId(t);
    const past = new Date(t.clock.now().getTime() - DEMO_HELD_FOR_MS + H);
    for (const vin of demo.vins) assert.equal((await t.modules.vehicles.access.holderAt(vin, past))?.accountId, id);
    for (const p of ['driving_analytics', 'location_history'])
      assert.equal(await t.modules.privacy.service.isGranted(id, p), true);
    assert.equal(await t.modules.privacy.service.isGranted(id, 'marketing'), false, 'only what the demo needs');

    // A restart: the registry is not new, the owner's withdrawn consent stays withdrawn, the holding is unchanged.
    await t.modules.privacy.service.setConsent(
      id,
      { market: 'GB', language: 'en' },
      { purpose: 'location_history', granted: false, method: 'app' },
    );
    t.clock.advance(24 * H);
    assert.equal(await importDemoRegistry(t.modules.vehicles.service, silentLogger), false);
    await ensureDemoOwner(t.modules, dir, { clock: t.clock, newCars: false });
    assert.equal(await t.modules.privacy.service.isGranted(id, 'location_history'), false);
    assert.equal((await t.modules.vehicles.access.holderAt(demo.vins[0]!, past))?.accountId, id);
  } finally {
    await t.close();
  }
});

test('cars already in the registry are never back-dated: an earlier holder keeps their past', async () => {
  const t = await testPlatform();
  try {
    await importDemoRegistry(t.modules.vehicles.service, silentLogger);
    const other = await t.modules.accounts.service.createActiveAccount({
      email: 'earlier@example.test',
      password: 'correct horse battery',
      name: 'Earlier',
      market: 'GB',
      roles: ['customer'],
    });
    const [vin] = demoOwnerVins();
    await t.modules.vehicles.garage.assign(vin!, other.id, new Date(t.clock.now().getTime() - 10 * 24 * H));
    // The demo owner is new (say it was erased), but the registry is not: its holding starts now.
    await ensureDemoOwner(t.modules, dataDir(), { clock: t.clock, newCars: false });
    const id = await ownerId(t);
    const hourAgo = new Date(t.clock.now().getTime() - H);
    assert.equal((await t.modules.vehicles.access.holderAt(vin!, hourAgo))?.accountId, other.id);
    assert.equal((await t.modules.vehicles.access.holderAt(vin!, t.clock.now()))?.accountId, id);
  } finally {
    await t.close();
  }
});
