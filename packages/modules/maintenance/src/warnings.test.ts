import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { VehicleStatusT } from '@marque/contracts';
import {
  activeCodes,
  warningsFor,
  TYRE_LOW_KPA,
  TYRE_CRITICAL_KPA,
  BATTERY_WEAK_V,
  BATTERY_FLAT_V,
  type VehicleEventLite,
} from './warnings';

const AT = '2026-06-01T10:00:00.000Z';
const r = <T>(value: T, at = AT) => ({ value, at, staleSeconds: 0 });
const tyre = (kpa: number | null, low: boolean | null = null) => ({
  pressureKpa: kpa === null ? null : r(kpa),
  low: low === null ? null : r(low),
});
function status(o: { tyres?: Partial<VehicleStatusT['tyres']>; volts?: number | null; voltsAt?: string } = {}) {
  return {
    tyres: { frontLeft: tyre(250), frontRight: tyre(250), rearLeft: tyre(250), rearRight: tyre(250), ...o.tyres },
    lowVoltageBattery: { voltage: o.volts === undefined || o.volts === null ? null : r(o.volts, o.voltsAt) },
  };
}
const ev = (type: string, ts: string, code?: string): VehicleEventLite => ({
  type,
  ts: new Date(ts),
  data: code ? { code } : {},
});
const codes = (ws: Array<{ code: string }>) => ws.map((w) => w.code);

test('warning codes: set adds, cleared removes, in time order whatever the arrival order', () => {
  const events = [
    ev('dtc.cleared', '2026-06-01T09:00:00Z', 'P0420'),
    ev('dtc.set', '2026-06-01T08:00:00Z', 'P0420'),
    ev('dtc.set', '2026-06-01T08:30:00Z', 'C0035'),
    ev('dtc.set', '2026-06-01T08:40:00Z', 'C0035'),
    ev('dtc.set', '2026-06-01T09:10:00Z', ''),
  ];
  assert.deepEqual(activeCodes(events), [{ code: 'C0035', since: new Date('2026-06-01T08:30:00Z') }]);
  const w = warningsFor({ status: null, events, serviceDue: false, language: 'en' });
  assert.deepEqual(codes(w), ['C0035']);
  assert.equal(w[0]!.source, 'dtc');
  assert.match(w[0]!.whatToDo, /ABS/);
});

test('tyres: the car’s low flag or a pressure under the threshold; very low is critical; the wheel is named', () => {
  const w = warningsFor({
    status: status({
      tyres: {
        frontLeft: tyre(TYRE_LOW_KPA - 1),
        rearRight: tyre(TYRE_CRITICAL_KPA - 1),
        frontRight: tyre(230, true),
        rearLeft: tyre(TYRE_LOW_KPA),
      },
    }),
    events: [],
    serviceDue: false,
    language: 'en',
  });
  assert.deepEqual(codes(w), ['tyre.pressure_critical', 'tyre.pressure_low', 'tyre.pressure_low']);
  assert.match(w[0]!.title, /rear right/);
  assert.equal(w[0]!.severity, 'critical');
  assert.equal(w[0]!.detail, `rear right: ${TYRE_CRITICAL_KPA - 1} kPa`);
  assert.deepEqual(
    w.slice(1).map((x) => x.detail),
    [`front left: ${TYRE_LOW_KPA - 1} kPa`, 'front right: 230 kPa'],
  );
  const de = warningsFor({ status: status({ tyres: { frontLeft: tyre(150) } }), events: [], serviceDue: false, language: 'de' });
  assert.match(de[0]!.title, /vorne links/);
});

test('12 V battery: weak and flat thresholds, judged only with the engine off', () => {
  const check = (volts: number, events: VehicleEventLite[] = [], voltsAt = AT) =>
    codes(warningsFor({ status: status({ volts, voltsAt }), events, serviceDue: false, language: 'en' }));
  assert.deepEqual(check(BATTERY_WEAK_V), []);
  assert.deepEqual(check(BATTERY_WEAK_V - 0.1), ['battery12v.weak']);
  assert.deepEqual(check(BATTERY_FLAT_V - 0.1), ['battery12v.flat']);
  const off = ev('ignition.off', '2026-06-01T09:00:00Z');
  const on = ev('ignition.on', '2026-06-01T09:30:00Z');
  assert.deepEqual(check(11.5, [off]), ['battery12v.flat'], 'parked since 09:00, reading at 10:00');
  assert.deepEqual(check(11.5, [off, on]), [], 'engine running: the voltage says nothing about the battery');
  assert.deepEqual(check(11.5, [off], '2026-06-01T08:00:00Z'), [], 'a reading from before the engine stopped');
});

test('a due service adds an info warning last; critical ones come first', () => {
  const w = warningsFor({
    status: status({ volts: 11.9 }),
    events: [ev('dtc.set', '2026-06-01T08:00:00Z', 'P0AA6'), ev('dtc.set', '2026-06-01T08:00:00Z', 'X9999')],
    serviceDue: true,
    language: 'en',
  });
  assert.deepEqual(codes(w), ['P0AA6', 'X9999', 'battery12v.weak', 'service.due']);
  assert.equal(w[1]!.known, false);
  assert.equal(w.at(-1)!.severity, 'info');
});
