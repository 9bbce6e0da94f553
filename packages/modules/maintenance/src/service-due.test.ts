import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serviceDue, serviceInterval, SIGNALS_FRESH_DAYS, type DueInput } from './service-due';

const NOW = new Date('2026-06-01T12:00:00Z');
const reading = <T>(value: T, ageS = 60) => ({
  value,
  at: new Date(NOW.getTime() - ageS * 1000).toISOString(),
  staleSeconds: ageS,
});
const input = (o: Partial<DueInput> = {}): DueInput => ({
  now: NOW,
  vehicle: { model: 'Vela', powertrain: 'PHEV', deliveryDate: '2025-09-01' },
  service: null,
  odometerKm: 20_000,
  lastService: null,
  ...o,
});

test('fresh service signals from the car win over the interval', () => {
  const d = serviceDue(
    input({
      service: { due: reading(false), distanceKm: reading(3_750.4), timeDays: reading(90) },
      lastService: { servicedOn: '2020-01-01', odometerKm: 0 },
    }),
  );
  assert.equal(d.source, 'vehicle');
  assert.equal(d.distanceKm, 3750);
  assert.equal(d.days, 90);
  assert.equal(d.dueDate, '2026-08-30');
  assert.equal(d.isDue, false);
  assert.equal(d.basis, null);
  assert.ok(d.signalsAt);
  // 15 000 km interval: 3 750 km left is 75 % used; 90 of ~365 days left is ~75 % used.
  assert.ok(Math.abs(d.progress! - 0.75) < 0.01, String(d.progress));
});

test('the car saying the service is due makes it due, whatever the numbers', () => {
  const d = serviceDue(input({ service: { due: reading(true), distanceKm: reading(-120), timeDays: reading(10) } }));
  assert.equal(d.source, 'vehicle');
  assert.equal(d.isDue, true);
  assert.equal(d.progress, 1);
});

test('stale or absent signals fall back to the interval from the last service and the odometer', () => {
  const stale = reading(5_000, SIGNALS_FRESH_DAYS * 86_400 + 1);
  for (const service of [
    null,
    { due: null, distanceKm: null, timeDays: null },
    { due: reading(false), distanceKm: stale, timeDays: reading(30) },
  ]) {
    const d = serviceDue(input({ service, lastService: { servicedOn: '2026-01-15', odometerKm: 12_000 } }));
    assert.equal(d.source, 'interval', JSON.stringify(service));
    assert.deepEqual(d.basis, { kind: 'last_service', date: '2026-01-15', odometerKm: 12_000 });
    assert.equal(d.dueDate, '2027-01-15');
    assert.equal(d.distanceKm, 12_000 + 15_000 - 20_000);
    assert.equal(d.isDue, false);
  }
});

test('without a service record the interval counts from delivery at 0 km; overdue by distance or by time', () => {
  const byKm = serviceDue(input({ odometerKm: 15_200 }));
  assert.equal(byKm.basis?.kind, 'delivery');
  assert.equal(byKm.distanceKm, -200);
  assert.equal(byKm.isDue, true);
  assert.equal(byKm.progress, 1);
  const byTime = serviceDue(
    input({ vehicle: { model: 'Vela', powertrain: 'PHEV', deliveryDate: '2025-05-01' }, odometerKm: 100 }),
  );
  assert.equal(byTime.isDue, true);
  assert.ok(byTime.days! < 0);
  const noOdometer = serviceDue(input({ odometerKm: null }));
  assert.equal(noOdometer.distanceKm, null);
  assert.equal(noOdometer.days, 92);
});

test('nothing to count from: the source says unknown', () => {
  const d = serviceDue(input({ vehicle: { model: 'Vela', powertrain: 'PHEV', deliveryDate: null } }));
  assert.equal(d.source, 'unknown');
  assert.equal(d.isDue, false);
  assert.equal(d.progress, null);
});

test('intervals per powertrain, with model exceptions', () => {
  assert.deepEqual(serviceInterval('Lumen', 'BEV'), { km: 30_000, months: 24 });
  assert.deepEqual(serviceInterval('Orla', 'BEV'), { km: 34_000, months: 24 });
  assert.deepEqual(serviceInterval('Tarn', 'ICE'), { km: 20_000, months: 12 });
  assert.deepEqual(serviceInterval('Serra', 'HEV'), { km: 15_000, months: 12 });
});
