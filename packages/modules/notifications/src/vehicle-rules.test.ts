import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventCandidates, leftUnlocked, stateCandidates, type Reading, type VehicleEvent } from './vehicle-rules';

const VIN = 'SAUVL0AB6KA010000';
const at = new Date('2026-06-01T10:00:00Z');
let n = 0;
const ev = (type: string, data: Record<string, unknown> | null = null, vin = VIN): VehicleEvent => ({
  id: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
  vin,
  type,
  ts: at,
  data,
});
const r = (signal: string, value: unknown): Reading => ({ signal, value, ts: at });

test('fault codes of one car set together make one warning-light notice; each car its own', () => {
  const c = eventCandidates([ev('dtc.set', { code: 'P0420' }), ev('dtc.set', { code: 'P0171' }), ev('dtc.set', { code: 'P0420' }), ev('dtc.set', { code: 'C1234' }, 'WVWZZZ1JZXW000001')]);
  assert.deepEqual(
    c.map((x) => [x.kind, x.vin, x.params.codes]),
    [
      ['vehicle.warning_light', VIN, ['P0420', 'P0171']],
      ['vehicle.warning_light', 'WVWZZZ1JZXW000001', ['C1234']],
    ],
  );
  assert.match(c[0]!.key, /^dtc:/);
});

test('a code that is not a diagnostic code is not echoed back', () => {
  assert.deepEqual(eventCandidates([ev('dtc.set', { code: '<script>' })])[0]!.params.codes, ['unknown']);
});

for (const [reason, kind] of [
  ['complete', 'charging.finished'],
  ['fault', 'charging.interrupted'],
  [undefined, 'charging.interrupted'],
  ['remote', null],
  ['unplugged', null],
] as const) {
  test(`charging.stopped with reason ${reason ?? '(none)'} → ${kind ?? 'no notice'}`, () => {
    const c = eventCandidates([ev('charging.stopped', { ...(reason ? { reason } : {}), socPct: 80.4 })]);
    assert.deepEqual(c.map((x) => x.kind), kind ? [kind] : []);
    if (kind) assert.equal(c[0]!.params.socPct, 80);
  });
}

test('an alarm is a notice keyed by its event; other event types are not', () => {
  const e = ev('alarm', { reason: 'intrusion' });
  assert.deepEqual(eventCandidates([e, ev('ignition.on'), ev('dtc.cleared', { code: 'P0420' })]), [
    { kind: 'vehicle.alarm', vin: VIN, at, key: `alarm:${e.id}`, params: { reason: 'intrusion' } },
  ]);
});

test('state: low tyre pressure is a warning light, once a day by its key', () => {
  const c = stateCandidates(VIN, [r('Vehicle.Chassis.Axle.Row1.Wheel.Left.Tire.IsPressureLow', true), r('Vehicle.Chassis.Axle.Row2.Wheel.Left.Tire.IsPressureLow', false)]);
  assert.deepEqual(c.map((x) => [x.kind, x.key, x.params.tyres]), [['vehicle.warning_light', `tyres:${VIN}:2026-06-01`, true]]);
  assert.deepEqual(stateCandidates(VIN, [r('Vehicle.Chassis.Axle.Row1.Wheel.Left.Tire.IsPressureLow', false)]), []);
});

for (const [name, readings, params] of [
  ['IsServiceDue', [r('Vehicle.Service.IsServiceDue', true), r('Vehicle.Service.DistanceToService', 3000)], { overdue: true }],
  ['distance run out', [r('Vehicle.Service.DistanceToService', -5)], { overdue: true }],
  ['distance soon', [r('Vehicle.Service.IsServiceDue', false), r('Vehicle.Service.DistanceToService', 812.4), r('Vehicle.Service.TimeToService', 90 * 86400)], { km: 812 }],
  ['time soon', [r('Vehicle.Service.DistanceToService', 9000), r('Vehicle.Service.TimeToService', 10 * 86400 - 5)], { days: 10 }],
  ['not yet', [r('Vehicle.Service.IsServiceDue', false), r('Vehicle.Service.DistanceToService', 9000), r('Vehicle.Service.TimeToService', 60 * 86400)], null],
] as const) {
  test(`state: service ${name}`, () => {
    const c = stateCandidates(VIN, [...readings]);
    assert.deepEqual(c.map((x) => x.params), params ? [params] : []);
    if (params) assert.equal(c[0]!.kind, 'vehicle.service_due');
  });
}

test('left unlocked: any door or the boot unlocked; nothing known is not "unlocked"', () => {
  const locked = ['Row1.DriverSide', 'Row1.PassengerSide', 'Row2.DriverSide', 'Row2.PassengerSide'].map((d) => r(`Vehicle.Cabin.Door.${d}.IsLocked`, true));
  assert.equal(leftUnlocked(locked), false);
  assert.equal(leftUnlocked([...locked, r('Vehicle.Body.Trunk.Rear.IsLocked', false)]), true);
  assert.equal(leftUnlocked([...locked.slice(1), r('Vehicle.Cabin.Door.Row1.DriverSide.IsLocked', false)]), true);
  assert.equal(leftUnlocked([r('Vehicle.Speed', 0)]), false);
});

test('state: a low 12 V battery is a warning light once a day; a healthy one is not', () => {
  const c = stateCandidates(VIN, [r('Vehicle.LowVoltageBattery.CurrentVoltage', 11.4)]);
  assert.deepEqual(c.map((x) => [x.kind, x.key, x.params.volts]), [['vehicle.warning_light', `battery12v:${VIN}:2026-06-01`, 11.4]]);
  assert.deepEqual(stateCandidates(VIN, [r('Vehicle.LowVoltageBattery.CurrentVoltage', 12.5)]), []);
});
