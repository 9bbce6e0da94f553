import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { testDatabase } from '@marque/db/testing';
import type { Database } from '@marque/db';
import { manualClock, type AppError } from '@marque/kernel';
import { createVehiclesModule } from './index';
import { createHeadUnitRepository } from './headunit.repository';
import { someVins } from './test-builders';

let database: Database;
before(async () => {
  database = await testDatabase();
});
after(() => database.close());

const invalid = (field: string) => (e: AppError) => e.kind === 'invalid' && e.details.fields?.[0]?.field === field;

test('retailers page through pending sales newest first, and narrow them by a VIN or its start', async () => {
  const m = createVehiclesModule({ db: database.db, clock: manualClock('2026-11-27T12:00:00Z') });
  const repo = createHeadUnitRepository(database.db);
  const [a, b] = [someVins(3, 'PGA'), someVins(2, 'PGB')] as [string[], string[]];
  const t0 = Date.parse('2026-11-01T00:00:00Z');
  const all = [...a, ...b];
  // Five sales, two of them announced at the same instant (the id breaks the tie).
  for (const [i, vin] of all.entries()) {
    const at = new Date(t0 + Math.min(i, 3) * 3_600_000);
    await repo.addSale({ id: randomUUID(), vin, sellerAccountId: randomUUID(), sellerEmail: `s${i}@example.com`, at });
  }
  const seen: string[] = [];
  let next: string | null | undefined;
  do {
    const page = await m.sales.pending({ limit: 2, ...(next ? { before: next } : {}) });
    assert.ok(page.sales.length <= 2);
    seen.push(...page.sales.map((s) => s.vin));
    next = page.next;
  } while (next);
  assert.deepEqual([...seen].sort(), [...all].sort(), 'every sale once, none twice');
  const times = (await m.sales.pending({ limit: 200 })).sales.map((s) => s.announcedAt);
  assert.deepEqual(times, [...times].sort().reverse(), 'newest first');

  const byPrefix = await m.sales.pending({ vin: b[0]!.slice(0, 8).toLowerCase() });
  assert.deepEqual(byPrefix.sales.map((s) => s.vin).sort(), [...b].sort());
  assert.deepEqual((await m.sales.pending({ vin: a[1] })).sales.map((s) => s.vin), [a[1]]);
  assert.equal(byPrefix.next, null);

  await assert.rejects(m.sales.pending({ vin: 'SMK%' }), invalid('vin'));
  await assert.rejects(m.sales.pending({ vin: 'SMKIO' }), invalid('vin'));
  await assert.rejects(m.sales.pending({ before: 'not-a-cursor' }), invalid('before'));
  await assert.rejects(m.sales.pending({ limit: 0 }), invalid('limit'));
  await assert.rejects(m.sales.pending({ limit: 201 }), invalid('limit'));
});
