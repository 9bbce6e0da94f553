import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startServer, type ServerProcess } from '../support/server-process';
import { ownDatabase } from '../support/own-database';
import { launchBrowser, shot, signInDemoOwner, demoOwnerFromBanner } from '../support/browser';

let server: ServerProcess;
let browser: Browser;
let owner: BrowserContext;
let cars: string[];

/** Polls the page until `check` holds or the deadline passes; no fixed sleeps. */
async function until(page: Page, what: string, check: () => Promise<boolean>, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) {
      await page.screenshot({ path: shot('owner-timeout'), fullPage: true }).catch(() => undefined);
      throw new Error(`timed out after ${ms} ms waiting for ${what}; server said:\n${server.output().slice(-2000)}`);
    }
    await page.waitForTimeout(100);
  }
}

before(async () => {
  // `marque start` as a user runs it: the demo fleet is on by default.
  server = await startServer((await ownDatabase('marque_web')).env);
  browser = await launchBrowser();
  const demo = demoOwnerFromBanner(server.output());
  const password = demo.password;
  cars = demo.cars;
  owner = await browser.newContext({ viewport: { width: 412, height: 915 } }); // a phone
  await signInDemoOwner(owner, server.url, password);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const lockState = (page: Page) =>
  page
    .getByTestId('lock-state')
    .innerText()
    .catch(() => '');
const commandStatus = (page: Page, name: string) =>
  page
    .getByTestId(`command-${name}`)
    .first()
    .getAttribute('data-status', { timeout: 1000 })
    .catch(() => null);

/** Sends a command with its button and waits for its final state. */
async function press(page: Page, button: string, name: string): Promise<string> {
  await page.getByRole('button', { name: button, exact: true }).click();
  let status: string | null = null;
  await until(
    page,
    `${name} to finish`,
    async () => {
      status = await commandStatus(page, name);
      return status !== null && ['executed', 'failed', 'rejected', 'expired'].includes(status);
    },
    15_000,
  );
  return status!;
}

test('the garage lists the demo owner’s three cars', async () => {
  const page = await owner.newPage();
  await page.goto(`${server.url}/app`);
  await page.getByRole('heading', { name: 'Hello Demo Owner' }).waitFor();
  for (const vin of cars) await page.getByText(`VIN ${vin}`).waitFor();
  assert.equal(cars.length, 3);
  await page.screenshot({ path: shot('owner-home'), fullPage: true });
  await page.close();
});

test('status is live; Unlock then Lock run to executed and the lock state follows within seconds', async () => {
  const page = await owner.newPage();
  let unlocked = false;
  for (const vin of cars) {
    await page.goto(`${server.url}/app/cars/${vin}`);
    await until(
      page,
      'the car to be online',
      async () =>
        /Online/.test(
          await page
            .getByTestId('connection')
            .innerText()
            .catch(() => ''),
        ),
      15_000,
    );
    await until(page, 'a lock state', async () => /Locked|Unlocked/.test(await lockState(page)));
    assert.match(await page.getByText('Odometer').locator('..').innerText(), /km/);
    // A car on a trip refuses to unlock (as a real one does): then try the next car.
    if ((await press(page, 'Unlock', 'doors.unlock')) !== 'executed') continue;
    await until(page, 'the doors to show unlocked', async () => (await lockState(page)).startsWith('Unlocked'), 5000);
    unlocked = true;
    break;
  }
  assert.ok(unlocked, 'one of the demo cars unlocked');
  const pressed = Date.now();
  assert.equal(await press(page, 'Lock', 'doors.lock'), 'executed');
  await until(page, 'the doors to show locked', async () => (await lockState(page)).startsWith('Locked'), 5000);
  assert.ok(Date.now() - pressed < 5000, 'locked within five seconds of pressing Lock');
  assert.equal(
    await page.getByTestId('command-doors.lock').first().locator('.steps li.done').count(),
    4,
    'queued → sent → acked → executed',
  );
  await page.screenshot({ path: shot('owner-status'), fullPage: true });
  await page.close();
});

test('find my car shows the position with coordinates, whether or not map tiles load', async () => {
  const page = await owner.newPage();
  await page.goto(`${server.url}/app/cars/${cars[0]}/find`);
  const position = page.getByTestId('car-position');
  await position.waitFor();
  assert.match(await position.innerText(), /-?\d+\.\d{5}, -?\d+\.\d{5}/);
  await page.locator('.leaflet-marker-icon').waitFor();
  assert.equal(await page.getByRole('link', { name: 'Open in OpenStreetMap' }).count(), 1);
  await page.screenshot({ path: shot('owner-find-my-car'), fullPage: true });
  await page.close();
});

test('a car the owner does not hold is refused, in the app and by the API', async () => {
  const page = await owner.newPage();
  const foreign = 'SAUVL5AB6RA010005'; // in the demo fleet, not the owner's
  await page.goto(`${server.url}/app/cars/${foreign}`);
  await page.getByText(/is not in your garage/).waitFor();
  const res = await page.request.get(`${server.url}/api/v1/vehicles/${foreign}/status`);
  assert.equal(res.status(), 403);
  await page.close();
});

test('the head-unit screen shows a QR code and a user code', async () => {
  const page = await browser.newPage({ viewport: { width: 1024, height: 600 } });
  await page.goto(`${server.url}/headunit/${cars[0]}`);
  await page.getByRole('img', { name: /QR code to sign in/ }).waitFor();
  assert.match(await page.getByLabel('Your code').innerText(), /^[A-Z0-9-]{6,}$/);
  await page.screenshot({ path: shot('headunit-qr') });
  await page.close();
});
