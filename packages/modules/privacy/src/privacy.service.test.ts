import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { testDatabase } from '@marque/db/testing';
import type { Database } from '@marque/db';
import { manualClock, type AppError } from '@marque/kernel';
import { createPrivacyModule, legalSeed, type ConsentChanged, type PrivacyModule } from './index';

let database: Database;
let privacy: PrivacyModule;
const clock = manualClock('2026-06-01T09:00:00Z');
const events: ConsentChanged[] = [];
const GB = { market: 'GB', language: 'en' };
const DE = { market: 'DE', language: 'de' };

before(async () => {
  database = await testDatabase();
  privacy = createPrivacyModule({ db: database.db, clock });
  privacy.onConsentChanged((e) => void events.push(e));
  for (const d of legalSeed()) await privacy.service.publish(d);
});
after(() => database.close());

const doc = (over: Partial<{ kind: 'terms' | 'privacy'; market: string; language: string; version: number }>) => ({
  kind: 'terms' as const,
  market: 'GB',
  language: 'en',
  version: 2,
  title: 'Terms v2',
  body: 'New terms.',
  ...over,
});

test('the seed publishes v1 terms and privacy notice in English and German; lookups fall back to GB English', async () => {
  const de = await privacy.service.currentDocument('terms', DE);
  assert.equal(de.language, 'de');
  assert.match(de.title, /Nutzungsbedingungen/);
  const fr = await privacy.service.currentDocument('privacy', { market: 'FR', language: 'fr' });
  assert.deepEqual([fr.market, fr.language, fr.version], ['GB', 'en', 1]);
  assert.ok(!fr.body.startsWith('# '), 'the title is not repeated in the body');
});

test('a published version never changes: the same or a lower version is refused', async () => {
  await assert.rejects(
    privacy.service.publish(doc({ market: 'DE', language: 'de', version: 1 })),
    (e: AppError) => e.kind === 'conflict',
  );
  await assert.rejects(
    privacy.service.publish(doc({ language: 'fr' })),
    (e: AppError) => e.details.fields?.[0]?.field === 'language',
  );
});

test('terms: only the current version is accepted, and a new version asks again', async () => {
  const me = randomUUID();
  assert.deepEqual(await privacy.service.termsStatus(me, GB), { currentVersion: 1, accepted: false, acceptedAt: null });
  await privacy.service.acceptTerms(me, GB, 1);
  assert.equal((await privacy.service.termsStatus(me, GB)).accepted, true);
  assert.equal((await privacy.service.termsStatus(randomUUID(), GB)).accepted, false, 'acceptance is per account');
  await privacy.service.publish(doc({ market: 'IE', version: 1 }));
  await privacy.service.publish(doc({ market: 'IE', version: 2 }));
  const ie = { market: 'IE', language: 'en' };
  await assert.rejects(
    privacy.service.acceptTerms(me, ie, 1),
    (e: AppError) => e.kind === 'conflict' && e.details.code === 'terms.not_current' && e.details.currentVersion === 2,
  );
  await privacy.service.acceptTerms(me, ie, 2);
  await privacy.service.publish(doc({ market: 'IE', version: 3 }));
  assert.deepEqual((await privacy.service.termsStatus(me, ie)).accepted, false);
});

test('consents are opt-in, append-only, name the notice version and are reported by isGranted', async () => {
  const me = randomUUID();
  const other = randomUUID();
  assert.equal(await privacy.service.isGranted(me, 'driving_analytics'), false);
  await privacy.service.setConsent(me, GB, { purpose: 'driving_analytics', granted: true, method: 'web' });
  await privacy.service.setConsent(me, GB, { purpose: 'driving_analytics', granted: true, method: 'web' });
  assert.equal(await privacy.service.isGranted(me, 'driving_analytics'), true);
  assert.equal(await privacy.service.isGranted(other, 'driving_analytics'), false);
  clock.advance(1000);
  await privacy.service.setConsent(me, GB, { purpose: 'driving_analytics', granted: false, method: 'app' });
  assert.equal(await privacy.service.isGranted(me, 'driving_analytics'), false, 'a withdrawn consent is not granted');
  const view = await privacy.service.consents(me, GB);
  assert.deepEqual(
    view.history.map((r) => [r.purpose, r.action, r.method, r.noticeVersion]),
    [
      ['driving_analytics', 'withdrawn', 'app', 1],
      ['driving_analytics', 'given', 'web', 1],
    ],
  );
  assert.equal(view.purposes.find((p) => p.purpose === 'driving_analytics')?.granted, false);
  assert.deepEqual(
    events.filter((e) => e.accountId === me).map((e) => e.granted),
    [true, false],
  );
  assert.deepEqual((await privacy.service.consents(other, GB)).history, []);
});

test('Connected Vehicle Assistance may be given per VIN; other purposes refuse a VIN', async () => {
  const me = randomUUID();
  const vin = 'SAUVL0AB6KA010000';
  await privacy.service.setConsent(me, GB, { purpose: 'connected_vehicle_assistance', granted: true, vin, method: 'web' });
  assert.equal(await privacy.service.isGranted(me, 'connected_vehicle_assistance', vin), true);
  assert.equal(await privacy.service.isGranted(me, 'connected_vehicle_assistance', 'SAULM1AB3LA010001'), false);
  assert.equal(await privacy.service.isGranted(me, 'connected_vehicle_assistance'), false);
  await assert.rejects(
    privacy.service.setConsent(me, GB, { purpose: 'marketing', granted: true, vin, method: 'web' }),
    (e: AppError) => e.details.fields?.[0]?.field === 'vin',
  );
  await assert.rejects(
    privacy.service.setConsent(me, GB, { purpose: 'selling_data', granted: true, method: 'web' }),
    (e: AppError) => e.kind === 'invalid',
  );
  const cva = (await privacy.service.consents(me, GB)).purposes.find((p) => p.purpose === 'connected_vehicle_assistance');
  assert.deepEqual(
    cva?.vehicles.map((v) => [v.vin, v.granted]),
    [[vin, true]],
  );
});

test('the eraser removes the account’s consents and acceptances, and nobody else’s', async () => {
  const me = randomUUID();
  const other = randomUUID();
  for (const id of [me, other]) {
    await privacy.service.setConsent(id, GB, { purpose: 'marketing', granted: true, method: 'web' });
    await privacy.service.acceptTerms(id, GB, 1);
  }
  await privacy.eraser.erase(me);
  assert.deepEqual((await privacy.service.consents(me, GB)).history, []);
  assert.equal((await privacy.service.termsStatus(me, GB)).accepted, false);
  assert.equal(await privacy.service.isGranted(other, 'marketing'), true);
  assert.equal((await privacy.service.termsStatus(other, GB)).accepted, true);
});
