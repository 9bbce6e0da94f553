import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  EVENT_TYPES,
  checkSignal,
  validateCollisionData,
  validateEvent,
  validateTelemetry,
  type EventMessageT,
} from '@marque/contracts/vehicle';
import type { Powertrain } from '@marque/contracts';
import { T0, aModel } from './test-support';
import { ALARM_REASONS, type Outgoing } from './model';

const DAY = 86_400_000;
const busy = { rates: { hardBraking: 0.3, pothole: 0.3, bump: 0.3, frontal: 0.05 }, gapChance: 0.3, firstTripWithinMs: 60_000 };

/** Runs a model for `ms` of simulated time, collecting what it would send and when. */
function run(model: ReturnType<typeof aModel>, ms: number, stepMs = 10_000) {
  const sent: { at: number; o: Outgoing }[] = [];
  for (let t = T0; t <= T0 + ms; t += stepMs) {
    model.advanceTo(t);
    for (const o of model.drain()) sent.push({ at: t, o });
  }
  return sent;
}

// The contract's EventMessage.type pattern demands a dot, so it refuses its own `collision` and `alarm` types.
function assertValidEvent(e: EventMessageT) {
  assert.ok((EVENT_TYPES as readonly string[]).includes(e.type), e.type);
  const v = validateEvent(e);
  assert.ok(v.ok, `${e.type}: ${v.ok ? '' : v.error}`);
  if (e.type === 'collision') {
    const c = validateCollisionData(e.data);
    assert.ok(c.ok, c.ok ? '' : c.error);
  }
}

for (const [powertrain, market] of [
  ['ICE', 'NL'],
  ['HEV', 'FR'],
  ['PHEV', 'GB'],
  ['BEV', 'DE'],
  ['BEV', 'SE'],
  ['PHEV', 'ES'],
  ['ICE', 'IT'],
] as [Powertrain, string][]) {
  test(`a simulated day of a ${powertrain} in ${market} sends only contract-valid payloads`, () => {
    const sent = run(aModel({ powertrain, market }, busy, 42), DAY);
    let lastSeq = -1;
    let lastOdo = 0;
    let ignition = false;
    const types = new Set<string>();
    for (const { o } of sent.sort((a, b) => a.at - b.at)) {
      if (o.kind === 'event') {
        assertValidEvent(o.msg);
        types.add(o.msg.type);
        if (o.msg.type.startsWith('ignition.')) {
          assert.equal(o.msg.type === 'ignition.on', !ignition, 'ignition on and off alternate');
          ignition = o.msg.type === 'ignition.on';
        }
        continue;
      }
      const v = validateTelemetry(o.msg);
      assert.ok(v.ok, v.ok ? '' : v.error);
      assert.ok(o.msg.seq > lastSeq, 'seq rises');
      lastSeq = o.msg.seq;
      for (const s of o.msg.samples) {
        for (const [name, value] of Object.entries(s.signals)) assert.equal(checkSignal(name, value), null);
        const odo = s.signals['Vehicle.TraveledDistance'] as number;
        assert.ok(odo >= lastOdo, `odometer went back from ${lastOdo} to ${odo}`);
        lastOdo = odo;
      }
    }
    assert.ok(types.has('ignition.on') && types.has('ignition.off'), 'at least one trip');
    assert.ok(types.has('collision'), 'the busy rates produce crash-sensor triggers');
  });
}

test('the same seed replays the same day', () => {
  const a = run(aModel({}, busy, 9), DAY / 2);
  const b = run(aModel({}, busy, 9), DAY / 2);
  assert.equal(JSON.stringify(a), JSON.stringify(b));
  assert.notEqual(JSON.stringify(run(aModel({}, busy, 10), DAY / 2)), JSON.stringify(a));
});

test('out of coverage, telemetry and events wait and go out later with their original timestamps and ids', () => {
  const model = aModel({ powertrain: 'BEV' }, { gapChance: 1, firstTripWithinMs: 60_000 }, 5);
  const sent = run(model, DAY, 1000);
  const late = sent.filter(({ at, o }) => {
    const ts = o.kind === 'event' ? o.msg.ts : o.msg.samples[0]!.ts;
    return at - Date.parse(ts) > 60_000;
  });
  assert.ok(late.length > 10, `some messages were held back (${late.length})`);
  for (const { at, o } of late) {
    const times = o.kind === 'event' ? [o.msg.ts] : o.msg.samples.map((s) => s.ts);
    for (const ts of times) assert.ok(Date.parse(ts) < at, 'sent after it happened, stamped when it happened');
  }
  const ids = sent.flatMap(({ o }) => (o.kind === 'event' ? [o.msg.id] : []));
  assert.equal(new Set(ids).size, ids.length, 'event ids are unique');
  const seqs = sent.flatMap(({ o }) => (o.kind === 'telemetry' ? [o.msg.seq] : []));
  assert.deepEqual(
    seqs,
    [...seqs].sort((x, y) => x - y),
    'buffered telemetry keeps its order',
  );
});

test('driving uses energy and the odometer counts the metres', () => {
  for (const powertrain of ['ICE', 'BEV'] as const) {
    const model = aModel({ powertrain }, { firstTripWithinMs: 1000, rates: { frontal: 0 } }, 3);
    const before = { ...model.state };
    while (!model.driving) model.advanceTo(model.now + 1000);
    while (model.driving) model.advanceTo(model.now + 1000);
    assert.ok(model.state.odometerM > before.odometerM + 500, 'drove somewhere');
    if (powertrain === 'ICE') assert.ok(model.state.fuelL < before.fuelL);
    else assert.ok(model.state.socPct < before.socPct);
  }
});

test('a slowly leaking tyre loses pressure and reports it low', () => {
  const model = aModel({}, {}, 4);
  // 6 kPa an hour for 12 hours stays above the 170 kPa where the owner has it fixed.
  model.state.leak = { wheel: 2, kPaPerH: 6 };
  run(model, DAY / 2);
  model.report();
  const last = model.drain().at(-1)!;
  assert.equal(last.kind, 'telemetry');
  const signals = last.kind === 'telemetry' ? last.msg.samples[0]!.signals : {};
  assert.ok((signals['Vehicle.Chassis.Axle.Row2.Wheel.Left.Tire.Pressure'] as number) < 200);
  assert.equal(signals['Vehicle.Chassis.Axle.Row2.Wheel.Left.Tire.IsPressureLow'], true);
  assert.equal(signals['Vehicle.Chassis.Axle.Row1.Wheel.Left.Tire.IsPressureLow'], false);
});

test('a parked car sleeps and publishes rarely', () => {
  const model = aModel({ powertrain: 'ICE' }, { firstTripWithinMs: undefined }, 6);
  const sent = run(model, 6 * 3_600_000, 60_000).filter(({ at }) => at > T0 + 30 * 60_000);
  const nightDrive = sent.some(({ o }) => o.kind === 'event');
  if (!nightDrive) assert.ok(sent.length <= 4, `${sent.length} messages in 5.5 parked hours`);
});

test('a parked, locked car that is tampered with sends a contract-valid alarm, flashes its hazards and reports', () => {
  const model = aModel({ powertrain: 'BEV' }, { ...busy, alarmPerHour: 0.5 }, 11);
  const sent = run(model, 2 * DAY, 1000).sort((a, b) => a.at - b.at);
  let driving = false;
  const alarms: EventMessageT[] = [];
  for (const { o } of sent) {
    if (o.kind !== 'event') continue;
    if (o.msg.type.startsWith('ignition.')) driving = o.msg.type === 'ignition.on';
    if (o.msg.type !== 'alarm') continue;
    assertValidEvent(o.msg);
    assert.equal(driving, false, 'only a parked car alarms');
    assert.ok((ALARM_REASONS as readonly string[]).includes(o.msg.data?.reason as string), String(o.msg.data?.reason));
    alarms.push(o.msg);
  }
  assert.ok(alarms.length >= 3, `alarms in two days at 0.5 an hour (${alarms.length})`);
  for (const alarm of alarms) {
    // The report right after the alarm: same moment, locked, hazards on.
    const report = sent.find(({ o }) => o.kind === 'telemetry' && o.msg.samples.some((s) => s.ts === alarm.ts));
    assert.ok(report, `a sample at ${alarm.ts}`);
    const sample = report.o.kind === 'telemetry' ? report.o.msg.samples.find((s) => s.ts === alarm.ts)! : undefined;
    assert.equal(sample?.signals['Vehicle.Cabin.Door.Row1.DriverSide.IsLocked'], true);
    assert.equal(sample?.signals['Vehicle.Body.Lights.Hazard.IsSignaling'], true);
  }
});

test('an unlocked parked car, or one with alarms off, never alarms', () => {
  const alarmsBeforeFirstTrip = (locked: boolean, alarmPerHour: number) => {
    const model = aModel({ powertrain: 'ICE' }, { alarmPerHour }, 12);
    model.state.locked = locked;
    const out: string[] = [];
    for (let t = T0; t <= T0 + 6 * 3_600_000 && !model.driving; t += 60_000) {
      model.advanceTo(t);
      for (const o of model.drain()) if (o.kind === 'event') out.push(o.msg.type);
    }
    return out.filter((type) => type === 'alarm').length;
  };
  assert.ok(alarmsBeforeFirstTrip(true, 5) > 0, 'the same car, locked, alarms at this rate');
  assert.equal(alarmsBeforeFirstTrip(false, 5), 0);
  assert.equal(alarmsBeforeFirstTrip(true, 0), 0);
});
