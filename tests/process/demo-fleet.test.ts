import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoOwnerCookie, startServer, type ServerProcess } from '../support/server-process';
import { ownDatabase } from '../support/own-database';

/** Each start gets a database of its own, so one test's fleet never shows in another's. */
const backend = async () => (await ownDatabase('marque_fleet')).env;

/** Signs in as the demo owner with the password from the banner; returns a GET that carries the session. */
async function demoOwner(s: ServerProcess) {
  const cookie = await demoOwnerCookie(s);
  return (path: string) => fetch(`${s.url}/api/v1${path}`, { headers: { cookie } });
}

const cars = (s: ServerProcess) => /Your cars\s+((?:[A-Z0-9]{17}\s?)+)/.exec(s.output())![1]!.trim().split(/\s+/);

test('start runs the demo fleet in-process: a held car reports fresh telemetry through the broker', async () => {
  const s = await startServer(await backend());
  try {
    assert.match(s.output(), /Demo fleet\s+8 simulated cars/);
    const get = await demoOwner(s);
    const garage = (await (await get('/garage')).json()) as { vehicles: Array<{ vin: string }> };
    assert.deepEqual(
      garage.vehicles.map((v) => v.vin),
      cars(s),
    );
    const deadline = Date.now() + 20_000;
    let status: { connection: { online: boolean }; odometerKm: { staleSeconds: number } | null } | undefined;
    // Any of the three: a car may start out of coverage (an underground car park), as real ones do.
    for (let i = 0; Date.now() < deadline; i++) {
      const vin = cars(s)[i % 3]!;
      status = (await (await get(`/vehicles/${vin}/status`)).json()) as typeof status;
      if (status?.connection.online && status.odometerKm && status.odometerKm.staleSeconds < 60) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.equal(status?.connection.online, true, 'the car connected to the embedded broker');
    assert.ok(status?.odometerKm && status.odometerKm.staleSeconds < 60, 'its telemetry is fresh');
  } finally {
    assert.equal(await s.stop(), 0);
  }
  assert.match(s.output(), /stopped cleanly/);
});

test('start --no-fleet runs no cars; the demo owner still holds the three', async () => {
  const s = await startServer(await backend(), ['start', '--no-fleet']);
  try {
    assert.doesNotMatch(s.output(), /Demo fleet/);
    const get = await demoOwner(s);
    const status = (await (await get(`/vehicles/${cars(s)[0]}/status`)).json()) as {
      connection: { online: boolean; lastSeenAt: string | null };
    };
    assert.deepEqual([status.connection.online, status.connection.lastSeenAt], [false, null]);
  } finally {
    await s.stop();
  }
});
