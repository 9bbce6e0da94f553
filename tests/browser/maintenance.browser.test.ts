import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { runCli, startServer, type ServerProcess } from '../support/server-process';
import { ownDatabase } from '../support/own-database';
import { launchBrowser, shot, signInDemoOwner, demoOwnerFromBanner } from '../support/browser';

// Maintenance end to end: the demo owner books a service, a retailer confirms it and records the service in the
// car's service book, the owner sees both. The retailer account is made with the CLI before the server starts.
let server: ServerProcess;
let browser: Browser;
let owner: BrowserContext;
let retailer: BrowserContext;
let vin: string;
const RETAILER = 'service.desk@example.com';

async function signIn(email: string, password: string): Promise<BrowserContext> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  await page.goto(`${server.url}/`);
  await page.locator('#si-email').fill(email);
  await page.locator('#si-password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/app$/);
  await page.close();
  return ctx;
}

before(async () => {
  const db = await ownDatabase('marque_maintenance');
  const created = await runCli(['admin', 'create', RETAILER, '--role', 'retailer', '--name', 'Service Desk'], db.env);
  assert.equal(created.code, 0, created.out);
  const retailerPassword = /password: (\S+)/.exec(created.out)![1]!;
  server = await startServer(db.env);
  browser = await launchBrowser();
  const demo = demoOwnerFromBanner(server.output());
  vin = demo.cars[0]!;
  owner = await browser.newContext({ viewport: { width: 412, height: 915 } }); // a phone
  await signInDemoOwner(owner, server.url, demo.password);
  retailer = await signIn(RETAILER, retailerPassword);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const requestStatus = (page: Page) => page.getByTestId('service-requests').locator('li').first().getAttribute('data-status');

test('the owner opens Maintenance from the car’s screen: service due with its source, warnings, history', async () => {
  const page = await owner.newPage();
  await page.goto(`${server.url}/app/cars/${vin}`);
  await page.getByRole('link', { name: 'Maintenance' }).click();
  await page.waitForURL(new RegExp(`/app/cars/${vin}/maintenance$`));
  const due = page.getByTestId('service-due');
  await due.waitFor();
  assert.match(await page.getByTestId('due-source').innerText(), /service indicator|service interval|Not known yet/);
  await page.getByTestId('warnings').waitFor();
  await page.getByRole('heading', { name: 'Service history' }).waitFor();
  await page.screenshot({ path: shot('maintenance-owner-overview'), fullPage: true });
  await page.close();
});

test('the owner books a service; a retailer confirms it in the console; the owner sees it confirmed', async () => {
  const page = await owner.newPage();
  await page.goto(`${server.url}/app/cars/${vin}/maintenance`);
  await page.locator('#book-note').fill('Front tyres wear unevenly.');
  await page.getByRole('button', { name: 'Send the request' }).click();
  await page.getByTestId('service-requests').waitFor();
  assert.equal(await requestStatus(page), 'open');
  assert.match(await page.getByTestId('service-requests').innerText(), /Waiting for the retailer/);
  await page.screenshot({ path: shot('maintenance-owner-requested'), fullPage: true });

  const desk = await retailer.newPage();
  await desk.goto(`${server.url}/retailer`);
  const item = desk.getByTestId(`retailer-request-${vin}`);
  await item.waitFor();
  assert.match(await item.innerText(), /Front tyres wear unevenly/);
  assert.match(await item.innerText(), /demo@marque\.local/);
  await item.getByLabel('Message to the owner').fill('See you at 8:30 at the service desk.');
  await desk.screenshot({ path: shot('maintenance-retailer-requests'), fullPage: true });
  await item.getByRole('button', { name: 'Confirm' }).click();
  await item.waitFor({ state: 'detached' });
  await desk.getByText('No open requests.').waitFor();
  await desk.getByRole('button', { name: 'Answered by me' }).click();
  const answered = desk.getByTestId(`retailer-request-${vin}`);
  await answered.waitFor();
  assert.equal(await answered.getAttribute('data-status'), 'confirmed');

  await page.reload();
  await page.getByTestId('service-requests').waitFor();
  assert.equal(await requestStatus(page), 'confirmed');
  const text = await page.getByTestId('service-requests').innerText();
  assert.match(text, /Confirmed for/);
  assert.match(text, /Service Desk/);
  assert.match(await page.getByTestId('retailer-message').innerText(), /8:30/);
  await page.screenshot({ path: shot('maintenance-owner-confirmed'), fullPage: true });
  await page.close();
  await desk.close();
});

test('the retailer records the service; it appears in the owner’s service history', async () => {
  const desk = await retailer.newPage();
  await desk.goto(`${server.url}/retailer`);
  await desk.locator('#sb-vin').fill(vin);
  await desk.getByRole('button', { name: 'Open the service book' }).click();
  await desk.getByText(`No service recorded for ${vin} yet.`).waitFor();
  await desk.locator('#sb-km').fill('75000');
  await desk.locator('#sb-work').fill('Annual service: oil, filters, tyre rotation');
  await desk.getByRole('button', { name: 'Record the service' }).click();
  await desk.getByText('Service recorded.').waitFor();
  await desk.getByTestId('retailer-service-book').waitFor();
  await desk.screenshot({ path: shot('maintenance-retailer-service-book'), fullPage: true });
  await desk.close();

  const page = await owner.newPage();
  await page.goto(`${server.url}/app/cars/${vin}/maintenance`);
  const history = page.getByTestId('service-history');
  await history.waitFor();
  assert.match(await history.innerText(), /tyre rotation/);
  assert.match(await history.innerText(), /Service Desk/);
  await page.screenshot({ path: shot('maintenance-owner-history'), fullPage: true });
  await page.close();
});

test('a customer account cannot use the retailer console’s Service section', async () => {
  const page = await owner.newPage();
  await page.goto(`${server.url}/retailer`);
  await page.getByTestId('retailers-only').waitFor();
  const r = await page.request.get(`${server.url}/api/v1/retailer/service-requests`);
  assert.equal(r.status(), 403);
  await page.close();
});
