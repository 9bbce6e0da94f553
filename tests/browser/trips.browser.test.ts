import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { readRegistry, startFleet, virtualClock, type Fleet } from '@marque/simulator';
import { startServer, repoRoot, type ServerProcess } from '../support/server-process';
import { ownDatabase } from '../support/own-database';
import { launchBrowser, shot } from '../support/browser';

let server: ServerProcess;
let browser: Browser;
let owner: BrowserContext;
let fleet: Fleet | undefined;
let cars: string[];

async function until(page: Page, what: string, check: () => Promise<boolean>, ms: number) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) {
      await page.screenshot({ path: shot('trips-timeout'), fullPage: true }).catch(() => undefined);
      throw new Error(`timed out after ${ms} ms waiting for ${what}; server said:\n${server.output().slice(-2000)}`);
    }
    await page.waitForTimeout(500);
  }
}

before(async () => {
  // No in-process fleet: the demo owner's cars are driven here, replaying the last two hours at 60x, so their
  // data arrives late (store and forward) and trips finish within a minute or two of real time.
  const db = await ownDatabase('marque_trips');
  const first = await startServer({ ...db.env, DEMO_FLEET: '0' });
  await first.stop();
  // The demo owner got its cars at that first start; back-dated, so the replayed history below is its own.
  const database = await db.open();
  await database.db.execute(sql`update vehicle_holders set since = since - interval '6 hours'`);
  await database.close();
  server = await startServer({ ...db.env, DEMO_FLEET: '0' });
  browser = await launchBrowser();
  const password = /password: (\S+)/.exec(server.output())![1]!;
  cars = /Your cars\s+((?:[A-Z0-9]{17}\s?)+)/.exec(server.output())![1]!.trim().split(/\s+/);
  owner = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await owner.newPage();
  await page.goto(`${server.url}/app`);
  await page.waitForURL(/\?next=/, { timeout: 10_000 });
  await page.locator('#si-email').fill('demo@marque.local');
  await page.locator('#si-password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/app$/);
  // The owner opts in to driving analytics and location history (as the privacy portal's toggles do).
  for (const purpose of ['driving_analytics', 'location_history']) {
    const csrf = (await owner.cookies()).find((c) => c.name === 'marque_csrf')?.value ?? '';
    const status = (
      await owner.request.put(`${server.url}/api/v1/me/consents/${purpose}`, {
        headers: { 'x-csrf-token': csrf },
        data: { granted: true },
      })
    ).status();
    assert.equal(status, 200);
  }
  await page.close();
  const vehicles = readRegistry(join(repoRoot, 'demo/vehicles.json')).filter((v) => cars.includes(v.vin));
  fleet = await startFleet({
    brokerUrl: `mqtt://127.0.0.1:${server.mqttPort}`,
    apiUrl: server.url,
    vehicles,
    earlyStarters: 1,
    clock: virtualClock({ startMs: Date.now() - 2 * 3600_000, speedup: 60 }),
  });
});
after(async () => {
  await fleet?.stop();
  await browser?.close();
  await server?.stop();
});

test('a demo car’s trip appears: list, detail with route and speed profile, analytics, last trip at home', async () => {
  const page = await owner.newPage();
  let withTrip: string | null = null;
  await until(
    page,
    'a trip of a demo car',
    async () => {
      for (const vin of cars) {
        const r = await owner.request.get(`${server.url}/api/v1/vehicles/${vin}/trips`);
        const n = r.ok() ? ((await r.json()) as { items: unknown[] }).items.length : 0;
        if (n > 0) withTrip = vin;
      }
      return withTrip !== null;
    },
    240_000,
  );
  const vin = withTrip!;
  await fleet?.stop(); // before it runs ahead of real time
  fleet = undefined;
  await page.goto(`${server.url}/app/cars/${vin}/trips`);
  await page.getByTestId('trip-list').waitFor();
  await page.getByTestId('analytics').getByText(/trips ·/).waitFor();
  await page.screenshot({ path: shot('trips-list'), fullPage: true });
  await page.getByTestId('trip-list').locator('a').first().click();
  await page.getByTestId('trip-detail').waitFor();
  await page.getByTestId('speed-chart').waitFor();
  await page.locator('.leaflet-interactive').first().waitFor(); // the route line, drawn with or without tiles
  assert.match(await page.getByTestId('trip-detail').innerText(), /Driving score \d+\/100/);
  await page.screenshot({ path: shot('trips-detail'), fullPage: true });
  await page.goto(`${server.url}/app/cars/${vin}/trips`);
  await page.getByRole('button', { name: 'week' }).click();
  await page.getByTestId('analytics').getByText(/trips ·/).waitFor();
  await page.screenshot({ path: shot('trips-analytics'), fullPage: true });
  await page.goto(`${server.url}/app`);
  await page.getByTestId('last-trip').first().waitFor();
  await page.close();
});
