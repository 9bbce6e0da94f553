import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startServer, type ServerProcess } from '../support/server-process';
import { ownDatabase } from '../support/own-database';
import { demoOwnerFromBanner, launchBrowser, shot, signInDemoOwner } from '../support/browser';

// Issue 6's "done when": a fresh `marque start` with its in-process demo fleet, nothing driven from here. The demo
// owner's cars replay their recent past on first start, so every screen has data within a minute or two.
let server: ServerProcess;
let browser: Browser;
let owner: BrowserContext;
let page: Page;
let cars: string[];
let drop: () => Promise<void>;

/** Polls the API as the signed-in owner until `check` holds: the data arrives from the fleet while the test waits. */
async function waitForData(what: string, check: () => Promise<boolean>, ms = 180_000) {
  const deadline = Date.now() + ms;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; server said:\n${server.output().slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 3000));
  }
}

async function api<T>(path: string): Promise<T> {
  const r = await owner.request.get(`${server.url}/api/v1${path}`);
  assert.equal(r.status(), 200, path);
  return (await r.json()) as T;
}

/** Opens `url` and waits for `selector`; on failure keeps a screenshot of what the page showed. */
async function open(url: string, selector: string) {
  await page.goto(url);
  try {
    await page.locator(selector).first().waitFor({ timeout: 30_000 });
  } catch (e) {
    await page.screenshot({ path: shot('demo-tour-timeout'), fullPage: true }).catch(() => undefined);
    throw e;
  }
}

before(async () => {
  const db = await ownDatabase('marque_demo_tour');
  drop = db.drop;
  server = await startServer(db.env);
  const demo = demoOwnerFromBanner(server.output());
  cars = demo.cars;
  browser = await launchBrowser();
  owner = await browser.newContext({ viewport: { width: 390, height: 844 } });
  await signInDemoOwner(owner, server.url, demo.password);
  page = await owner.newPage();
  // The replayed past arrives through the broker and the worker's jobs turn it into trips and notices.
  await waitForData('the demo data', async () => {
    const trips = await api<{ items: unknown[] }>(`/vehicles/${cars[0]}/trips?limit=1`);
    const inbox = await api<{ items: unknown[] }>('/notifications');
    return trips.items.length > 0 && inbox.items.length > 0;
  });
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await drop?.();
});

test('home shows the last trip of a demo car', async () => {
  await open(`${server.url}/app`, '[data-testid=last-trip]');
  assert.match(await page.locator('[data-testid=last-trip]').first().innerText(), /Last trip/);
  await page.screenshot({ path: shot('demo-home'), fullPage: true });
});

test('the trip list, the analytics charts and a trip on the map', async () => {
  await open(`${server.url}/app/cars/${cars[0]}/trips`, '[data-testid=trip-list] li');
  const analytics = page.locator('[data-testid=analytics]');
  await analytics.getByText(/\b[1-9]\d* trips/).waitFor({ timeout: 30_000 });
  assert.match(await analytics.innerText(), /Distance \(km\)[\s\S]*Score/);
  await page.screenshot({ path: shot('demo-trips'), fullPage: true });
  await page.locator('[data-testid=trip-list] li a').first().click();
  await page.locator('[data-testid=trip-detail] .leaflet-container').waitFor({ timeout: 30_000 });
  // The route is drawn as a line whether or not the map tiles load.
  await page.locator('[data-testid=trip-detail] path.leaflet-interactive').first().waitFor({ timeout: 30_000 });
  await page.screenshot({ path: shot('demo-trip-map'), fullPage: true });
});

test('Find My Car shows where a demo car is parked', async () => {
  await open(`${server.url}/app/cars/${cars[1]}/find`, '[data-testid=car-position]');
  await page.screenshot({ path: shot('demo-find-my-car'), fullPage: true });
});

test('maintenance shows the warnings the replayed past left on some car', async () => {
  let vin: string | undefined;
  await waitForData('a maintenance warning', async () => {
    for (const v of cars) if ((await api<{ warnings: unknown[] }>(`/vehicles/${v}/maintenance`)).warnings.length) vin = v;
    return vin !== undefined;
  });
  await open(`${server.url}/app/cars/${vin}/maintenance`, '[data-testid=warnings] li');
  await page.screenshot({ path: shot('demo-maintenance'), fullPage: true });
});

test('the inbox has filled from the fleet', async () => {
  await open(`${server.url}/app/inbox`, '[data-testid=inbox] li');
  await page.screenshot({ path: shot('demo-inbox'), fullPage: true });
});
