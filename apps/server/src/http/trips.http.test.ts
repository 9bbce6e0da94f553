import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { aDrive } from '@marque/trips/testing';
import { testPlatform, signedInAccount, importVehicles, type TestPlatform } from '../test-support';

let t: TestPlatform;
const VIN = 'SAUVL0AB6KA010000';

before(async () => {
  t = await testPlatform();
  await importVehicles(t, { vin: VIN, model: 'Vela', model_year: 2019, powertrain: 'PHEV', head_unit: 'mm21', smart_connect: 'yes', delivery_date: '', device_secret: 'a-long-device-secret-0001' });
});
after(() => t.close());

async function signedIn(email: string) {
  const a = await signedInAccount(t, email);
  return { id: a.id, call: (method: 'GET' | 'PUT' | 'DELETE', url: string, payload?: object) => a.call(method, url, payload) };
}

/** Runs the worker until `done` holds (the scan queues detection, the next pass runs it), with a deadline. */
async function work(done: () => Promise<boolean>) {
  for (let i = 0; i < 20; i++) {
    await t.modules.jobs.service.tick(50);
    if (await done()) return;
    t.clock.advance(61_000);
  }
  assert.fail('trips were not detected in time');
}

async function send(d: ReturnType<typeof aDrive>) {
  for (let i = 0; i < d.samples.length; i += 10) {
    const part = d.samples.slice(i, i + 10);
    const msg = { seq: part[0]!.seq, samples: part.map((s) => ({ ts: s.ts.toISOString(), signals: s.signals })) };
    await t.modules.telemetry.ingest.submit(VIN, 'telemetry', JSON.stringify(msg));
  }
  for (const e of d.events)
    await t.modules.telemetry.ingest.submit(VIN, 'events', JSON.stringify({ id: e.id, type: e.type, ts: e.ts.toISOString(), data: e.data }));
}

test('trips over HTTP: detected by the worker, listed, detailed, exported, deleted; analytics behind consent; handover', async () => {
  const alice = await signedIn('alice.trips@example.com');
  const bob = await signedIn('bob.trips@example.com');
  const eve = await signedIn('eve.trips@example.com');
  await t.modules.vehicles.access.startHolding(VIN, alice.id, new Date('2026-05-31T00:00:00Z'));
  assert.equal((await alice.call('PUT', '/me/consents/driving_analytics', { granted: true })).statusCode, 200);
  assert.equal((await alice.call('PUT', '/me/consents/location_history', { granted: true })).statusCode, 200);
  const morning = aDrive({ start: new Date('2026-06-01T07:00:00Z'), minutes: 20, hybrid: true });
  await send(morning);
  await work(async () => (await alice.call('GET', `/vehicles/${VIN}/trips`)).json().items?.length === 1);

  const list = (await alice.call('GET', `/vehicles/${VIN}/trips`)).json();
  const trip = list.items[0];
  assert.equal(trip.start.place, 'München');
  assert.equal(typeof trip.score, 'number');
  assert.ok(list.retentionDays > 0);
  const detail = await alice.call('GET', `/vehicles/${VIN}/trips/${trip.id}`);
  assert.equal(detail.statusCode, 200);
  assert.ok(detail.json().route.length > 10 && detail.json().speedProfile.length > 10);
  const gpx = await alice.call('GET', `/vehicles/${VIN}/trips/${trip.id}.gpx`);
  assert.equal(gpx.statusCode, 200);
  assert.match(gpx.headers['content-type'] as string, /gpx/);
  assert.match(gpx.body, /<trkpt lat="48\.1/);
  const csv = await alice.call('GET', `/vehicles/${VIN}/trips.csv`);
  assert.equal(csv.statusCode, 200);
  assert.equal(csv.body.trim().split('\r\n').length, 2);
  const analytics = await alice.call('GET', `/vehicles/${VIN}/analytics?period=week`);
  assert.equal(analytics.statusCode, 200, analytics.body);
  assert.equal(analytics.json().totals.trips, 1);

  // Refusals: someone else's car, a bad period, a trip that is not there.
  assert.equal((await eve.call('GET', `/vehicles/${VIN}/trips`)).statusCode, 403);
  assert.equal((await eve.call('GET', `/vehicles/${VIN}/trips/${trip.id}`)).statusCode, 403);
  assert.equal((await alice.call('GET', `/vehicles/${VIN}/analytics?period=year`)).statusCode, 400);
  assert.equal((await alice.call('GET', `/vehicles/${VIN}/trips/00000000-0000-4000-8000-000000000000`)).statusCode, 404);

  // Handover at 09:30: Bob's trips start then; Alice keeps hers and sees none of his.
  t.clock.set('2026-06-01T09:45:00Z');
  await t.modules.vehicles.access.startHolding(VIN, bob.id, new Date('2026-06-01T09:30:00Z'));
  assert.equal((await bob.call('GET', `/vehicles/${VIN}/trips`)).json().items.length, 0, 'nothing from before the handover');
  t.clock.set('2026-06-01T10:30:00Z');
  await send(aDrive({ start: new Date('2026-06-01T10:00:00Z'), minutes: 15, seq: 9000, odometerM: morning.odometerM }));
  await work(async () => (await bob.call('GET', `/vehicles/${VIN}/trips`)).json().items?.length === 1);
  const mine = (await alice.call('GET', `/vehicles/${VIN}/trips`)).json();
  assert.deepEqual(mine.items.map((x: { id: string }) => x.id), [trip.id]);
  assert.equal((await bob.call('GET', `/vehicles/${VIN}/trips/${trip.id}`)).statusCode, 404);
  assert.equal((await bob.call('GET', `/vehicles/${VIN}/analytics`)).statusCode, 403, 'no analytics consent');

  // Alice withdraws her analytics consent: analytics refused; she erases the analysis, then deletes the trip.
  await alice.call('PUT', '/me/consents/driving_analytics', { granted: false });
  const refused = await alice.call('GET', `/vehicles/${VIN}/analytics`);
  assert.equal(refused.statusCode, 403);
  assert.equal(refused.json().code, 'consent.driving_analytics');
  assert.equal((await alice.call('DELETE', `/vehicles/${VIN}/analytics`)).json().erased, 1);
  assert.equal((await alice.call('DELETE', `/vehicles/${VIN}/trips/${trip.id}`)).statusCode, 204);
  assert.equal((await alice.call('GET', `/vehicles/${VIN}/trips`)).json().items.length, 0);
});
