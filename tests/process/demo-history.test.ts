import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoOwnerCookie, startServer, type ServerProcess } from '../support/server-process';
import { demoOwnerFromBanner } from '../support/browser';
import { ownDatabase } from '../support/own-database';

// Issue 6: a fresh `marque start` is lived-in at once. The demo owner's cars replay their last hours as
// store-and-forward data through the broker, so trips, analytics, a parked place, the inbox and maintenance fill
// within a minute or so. Polled with a generous bound: this machine may be busy, and speed is not what is tested.
const BOUND_MS = 150_000;

async function signIn(s: ServerProcess) {
  const { cars } = demoOwnerFromBanner(s.output());
  const cookie = await demoOwnerCookie(s);
  const get = async <T>(path: string): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${s.url}/api/v1${path}`, { headers: { cookie } });
    return { status: res.status, body: (await res.json()) as T };
  };
  return { get, cars };
}

interface Seen {
  trips: number;
  analysedTrips: number;
  parked: number;
  notices: string[];
  warnings: number;
}

test('a fresh start shows the demo owner trips, analytics, a parked car, notices and maintenance warnings', async () => {
  const db = await ownDatabase('marque_demo_history');
  const s = await startServer(db.env);
  try {
    const { get, cars } = await signIn(s);
    const garage = await get<{ vehicles: Array<{ vin: string; since: string }> }>('/garage');
    const since = new Map(garage.body.vehicles.map((v) => [v.vin, Date.parse(v.since)]));
    assert.ok(
      cars.every((v) => since.get(v)! < Date.now() - 36 * 3_600_000),
      'the demo owner has held the cars since before the replayed past',
    );

    const deadline = Date.now() + BOUND_MS;
    let seen: Seen = { trips: 0, analysedTrips: 0, parked: 0, notices: [], warnings: 0 };
    for (;;) {
      seen = { trips: 0, analysedTrips: 0, parked: 0, notices: [], warnings: 0 };
      for (const vin of cars) {
        const trips = await get<{ items: Array<{ startedAt: string; distanceM: number }> }>(`/vehicles/${vin}/trips`);
        assert.equal(trips.status, 200);
        seen.trips += trips.body.items.length;
        for (const t of trips.body.items) assert.ok(Date.parse(t.startedAt) >= since.get(vin)!, 'only trips of the holding');
        const analytics = await get<{ totals: { trips: number; distanceKm: number } }>(`/vehicles/${vin}/analytics?period=week`);
        assert.equal(analytics.status, 200);
        if (analytics.body.totals.distanceKm > 0) seen.analysedTrips += analytics.body.totals.trips;
        const where = await get<{ location: { parked: boolean | null } | null }>(`/vehicles/${vin}/location`);
        assert.equal(where.status, 200);
        if (where.body.location?.parked) seen.parked++;
        const upkeep = await get<{ warnings: unknown[] }>(`/vehicles/${vin}/maintenance`);
        assert.equal(upkeep.status, 200);
        seen.warnings += upkeep.body.warnings.length;
      }
      const inbox = await get<{ items: Array<{ kind: string }> }>('/notifications');
      assert.equal(inbox.status, 200);
      seen.notices = inbox.body.items.map((n) => n.kind);
      const vehicleNotice = seen.notices.some((k) => k !== 'vehicle.activated');
      if (seen.trips > 0 && seen.analysedTrips > 0 && seen.parked > 0 && vehicleNotice && seen.warnings > 0) break;
      if (Date.now() > deadline) assert.fail(`the demo did not fill within ${BOUND_MS / 1000} s: ${JSON.stringify(seen)}`);
      await new Promise((r) => setTimeout(r, 2000));
    }
    // The backlog went through whole: paced under the broker's per-car limit, and nothing too old or malformed.
    const metrics = await (await fetch(`${s.url}/metrics`)).text();
    assert.match(metrics, /# TYPE marque_mqtt_refused_total counter[\s\S]*# TYPE marque_telemetry_dropped_total counter/);
    assert.doesNotMatch(metrics, /marque_mqtt_refused_total\{reason="rate-limited"\} [1-9]/);
    assert.doesNotMatch(metrics, /marque_telemetry_dropped_total\{[^}]*\} [1-9]/);
  } finally {
    assert.equal(await s.stop(), 0);
    await db.drop();
  }
});
