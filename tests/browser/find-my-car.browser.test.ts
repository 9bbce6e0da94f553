import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext } from 'playwright-core';
import { startServer, type ServerProcess } from '../support/server-process';
import { ownDatabase } from '../support/own-database';
import { launchBrowser, shot, signInDemoOwner, demoOwnerFromBanner } from '../support/browser';

let server: ServerProcess;
let browser: Browser;
let owner: BrowserContext;
let cars: string[];

before(async () => {
  server = await startServer((await ownDatabase('marque_find')).env);
  browser = await launchBrowser();
  const demo = demoOwnerFromBanner(server.output());
  const password = demo.password;
  cars = demo.cars;
  owner = await browser.newContext({
    viewport: { width: 412, height: 915 },
    geolocation: { latitude: 51.5, longitude: -0.12 },
    permissions: ['geolocation'],
  });
  await signInDemoOwner(owner, server.url, password);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('find my car: distance from the phone, walking directions, exact/approximate kept across reloads', async () => {
  const page = await owner.newPage();
  await page.goto(`${server.url}/app/cars/${cars[0]}/find`);
  await page.getByTestId('car-position').waitFor();
  await page
    .getByTestId('distance')
    .getByText(/from your phone/)
    .waitFor({ timeout: 10_000 });
  assert.match(await page.getByTestId('distance').innerText(), /About \d+(\.\d)? (m|km) from your phone/);
  const walk = await page.getByTestId('walking-directions').getAttribute('href');
  assert.match(walk!, /openstreetmap\.org\/directions\?engine=fossgis_osrm_foot&route=51\.50000%2C-0\.12000%3B/);

  await page.getByLabel(/Approximate/).check();
  assert.match(await page.getByTestId('car-position').innerText(), /about -?\d+\.\d{2}, -?\d+\.\d{2}\b/);
  await page.locator('.approx-area').waitFor();
  assert.equal(await page.locator('.leaflet-marker-icon').count(), 0);
  await page.reload();
  await page.getByTestId('car-position').waitFor();
  assert.equal(await page.getByLabel(/Approximate/).isChecked(), true, 'the choice is kept');
  await page.screenshot({ path: shot('find-my-car-approximate'), fullPage: true });
  await page.getByLabel('Exact').check();
  await page.locator('.leaflet-marker-icon').waitFor();
  assert.match(await page.getByTestId('car-position').innerText(), /-?\d+\.\d{5}, -?\d+\.\d{5}/);
  await page.close();
});

test('find my car says so when the browser refuses the phone’s position', async () => {
  const ctx = await browser.newContext({ storageState: await owner.storageState() }); // no geolocation permission
  const page = await ctx.newPage();
  await page.goto(`${server.url}/app/cars/${cars[0]}/find`);
  await page.getByTestId('car-position').waitFor();
  await page.getByRole('button', { name: 'Show distance from me' }).click();
  await page
    .getByTestId('distance')
    .getByText(/does not allow/)
    .waitFor({ timeout: 10_000 });
  await ctx.close();
});

test('with location_history withdrawn the position is hidden, with a way to the privacy portal', async () => {
  const page = await owner.newPage();
  const csrf = (await owner.cookies()).find((c) => c.name === 'marque_csrf')!.value;
  const consent = (granted: boolean) =>
    page.request.put(`${server.url}/api/v1/me/consents/location_history`, {
      headers: { 'x-csrf-token': csrf },
      data: { granted, method: 'app' },
    });
  assert.equal((await consent(false)).status(), 200);
  try {
    const api = await page.request.get(`${server.url}/api/v1/vehicles/${cars[0]}/location`);
    assert.equal(api.status(), 403);
    assert.equal((await api.json()).code, 'consent.location_history');
    await page.goto(`${server.url}/app/cars/${cars[0]}/find`);
    await page.getByTestId('position-hidden').waitFor();
    assert.equal(await page.getByRole('link', { name: 'Data Privacy Portal' }).getAttribute('href'), '/app/account#privacy');
    assert.equal(await page.getByTestId('car-position').count(), 0);
    assert.equal(await page.locator('.leaflet-container').count(), 0);
    await page.screenshot({ path: shot('find-my-car-consent-withdrawn'), fullPage: true });
  } finally {
    await consent(true);
  }
  await page.close();
});
