import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { runCli, startServer, type ServerProcess } from '../support/server-process';
import { ownDatabase } from '../support/own-database';
import { launchBrowser, shot } from '../support/browser';

// Issue 5 end to end: a second-hand car changes hands. The seller is the demo owner; the buyer and a retailer are
// accounts made with `marque admin create --role …` before the server starts (one process owns the data folder).
let server: ServerProcess;
let browser: Browser;
let seller: BrowserContext;
let buyer: BrowserContext;
let retailer: BrowserContext;
let cars: string[];
const BUYER = 'buyer@example.com';
const RETAILER = 'dealer@example.com';

async function createAccount(email: string, role: string, env: Record<string, string>): Promise<string> {
  const r = await runCli(
    ['admin', 'create', email, '--role', role, '--name', role === 'retailer' ? 'Rita Retailer' : 'Bea Buyer'],
    env,
  );
  assert.equal(r.code, 0, r.out);
  return /password: (\S+)/.exec(r.out)![1]!;
}

async function signedIn(email: string, password: string): Promise<BrowserContext> {
  const ctx = await browser.newContext({ viewport: { width: 412, height: 915 } }); // a phone
  const page = await ctx.newPage();
  await page.goto(`${server.url}/`);
  await page.locator('#si-email').fill(email);
  await page.locator('#si-password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/app$/);
  await page.close();
  return ctx;
}

/** Polls until `check` holds; no fixed sleeps. */
async function until(check: () => Promise<boolean>, what: string, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The car's odometer now, as its holder (the seller) reads it through the API, in whole km. */
async function liveOdometerKm(page: Page, vin: string): Promise<number> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const r = await page.request.get(`${server.url}/api/v1/vehicles/${vin}/status`);
    assert.equal(r.status(), 200, await r.text());
    const km = ((await r.json()) as { odometerKm: { value: number } | null }).odometerKm?.value;
    if (km !== undefined) return Math.round(km);
    if (Date.now() > deadline) throw new Error(`no odometer reading for ${vin}`);
    await page.waitForTimeout(250);
  }
}

before(async () => {
  const db = await ownDatabase('marque_handover');
  const buyerPassword = await createAccount(BUYER, 'customer', db.env);
  const retailerPassword = await createAccount(RETAILER, 'retailer', db.env);
  server = await startServer(db.env); // the demo fleet is on by default
  browser = await launchBrowser();
  const password = /password: (\S+)/.exec(server.output())![1]!;
  cars = /Your cars\s+((?:[A-Z0-9]{17}\s?)+)/.exec(server.output())![1]!.trim().split(/\s+/);
  seller = await signedIn('demo@marque.local', password);
  buyer = await signedIn(BUYER, buyerPassword);
  retailer = await signedIn(RETAILER, retailerPassword);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the buyer accepts the terms and adds one of the seller’s cars: it is inactive and explains why', async () => {
  const page = await buyer.newPage();
  await page.goto(`${server.url}/app`);
  await page.getByText('New terms of use are waiting for you').waitFor();
  await page.goto(`${server.url}/app/account#privacy`);
  await page.getByRole('button', { name: /I accept the terms of use/ }).click();
  await page.getByRole('button', { name: /I accept the terms of use/ }).waitFor({ state: 'detached' });

  await page.goto(`${server.url}/app`);
  await page.getByRole('heading', { name: 'Your garage is empty' }).waitFor();
  await page.locator('#add-vin').fill(cars[1]!.slice(0, 16));
  await page.getByRole('button', { name: 'Add to my garage' }).click();
  assert.match(await page.getByRole('alert').innerText(), /exactly 17 characters/);
  await page.locator('#add-vin').fill(cars[1]!);
  await page.getByRole('button', { name: 'Add to my garage' }).click();
  const state = page.getByTestId(`garage-state-${cars[1]}`);
  await state.waitFor();
  assert.equal(await state.getAttribute('data-status'), 'inactive');
  assert.match(await page.getByTestId(`inactive-${cars[1]}`).innerText(), /active on another account/);
  await page.screenshot({ path: shot('handover-buyer-garage-inactive'), fullPage: true });
  await page.close();
});

test('the buyer activates by the live odometer reading; the seller loses access at once and is told', async () => {
  const vin = cars[1]!;
  const page = await buyer.newPage();
  await page.goto(`${server.url}/app`);
  await page.getByTestId(`inactive-${vin}`).getByRole('link', { name: 'Activate connected services' }).click();
  await page.waitForURL(new RegExp(`/app/cars/${vin}/activate$`));
  await page.getByRole('heading', { name: 'Type the mileage shown in the car' }).waitFor();

  const sellerPage = await seller.newPage();
  await page.locator('#odo-value').fill(String(await liveOdometerKm(sellerPage, vin)));
  await page.screenshot({ path: shot('handover-activate-odometer'), fullPage: true });
  await page.getByRole('button', { name: 'Check the mileage' }).click();
  // A stale reading makes the platform ask the car for a fresh one; the form retries by itself.
  await page.waitForURL(new RegExp(`/app/cars/${vin}\\?activated=1$`), { timeout: 60_000 });
  await page.getByTestId('connection').waitFor();
  await page.screenshot({ path: shot('handover-buyer-status'), fullPage: true });

  await sellerPage.goto(`${server.url}/app/cars/${vin}`);
  const notice = sellerPage.getByTestId(`inactive-${vin}`);
  await notice.waitFor();
  assert.match(await notice.innerText(), /active on another account/);
  const api = await sellerPage.request.get(`${server.url}/api/v1/vehicles/${vin}/status`);
  assert.equal(api.status(), 403);
  await sellerPage.screenshot({ path: shot('handover-seller-access-gone'), fullPage: true });

  await sellerPage.goto(`${server.url}/app/inbox`);
  await sellerPage.getByText(`Connected services for ${vin} moved to another account`).waitFor();
  await sellerPage.screenshot({ path: shot('handover-seller-inbox'), fullPage: true });
  await sellerPage.close();
  await page.close();
});

test('the buyer activates a second car with the code the head unit shows', async () => {
  const vin = cars[0]!; // Smart Connect: its head unit shows codes
  const headUnit = await browser.newPage({ viewport: { width: 1024, height: 600 } });
  await headUnit.goto(`${server.url}/headunit/${vin}`);
  const codeText = headUnit.getByTestId('activation-code');
  await codeText.waitFor();
  const code = (await codeText.innerText()).trim();
  assert.match(code, /^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  assert.match(await headUnit.getByRole('timer').innerText(), /Valid for [45]:\d\d/);
  await headUnit.getByRole('img', { name: 'Activation code to scan with the app' }).waitFor();
  await headUnit.screenshot({ path: shot('handover-headunit-code'), fullPage: true });

  const page = await buyer.newPage();
  await page.goto(`${server.url}/app`);
  await page.locator('#add-vin').fill(vin);
  await page.getByRole('button', { name: 'Add to my garage' }).click();
  await page.getByTestId(`inactive-${vin}`).getByRole('link', { name: 'Activate connected services' }).click();
  await page.waitForURL(new RegExp(`/app/cars/${vin}/activate$`));
  // The camera scanner is there (jsQR where the browser has no BarcodeDetector: qr-scan.browser.test.ts); typing works too.
  await page.getByTestId('qr-scanner').waitFor();
  await page.locator('#act-code').fill(code);
  await page.screenshot({ path: shot('handover-activate-code'), fullPage: true });
  await page.getByRole('button', { name: 'Activate with this code' }).click();
  await page.waitForURL(new RegExp(`/app/cars/${vin}\\?activated=1$`));

  await headUnit.getByRole('button', { name: 'New code' }).click();
  await until(async () => (await codeText.innerText()).trim() !== code, 'a new code');
  await headUnit.close();
  await page.close();
});

test('the services centre shows the terms; cancelling Standard warns first, and re-subscribing works', async () => {
  const vin = cars[1]!;
  const page = await buyer.newPage();
  await page.goto(`${server.url}/app/cars/${vin}/services`);
  const standard = page.getByTestId('package-standard');
  await standard.waitFor();
  assert.equal(await standard.getAttribute('data-state'), 'active');
  assert.match(await page.getByTestId('term-standard').innerText(), /^Term: .+ – .+/);
  assert.match(await standard.innerText(), /Find my car/i);
  await page.screenshot({ path: shot('handover-services-centre'), fullPage: true });

  await standard.getByRole('button', { name: 'Cancel subscription' }).click();
  assert.match(
    await standard.getByRole('group').innerText(),
    /also removes the Accident Assistant, Driving Analytics and Find My Car/,
  );
  await standard.getByRole('button', { name: /^Cancel Standard/ }).click();
  await until(async () => (await standard.getAttribute('data-state')) === 'cancelled', 'Standard to be cancelled');
  await page.screenshot({ path: shot('handover-services-cancelled'), fullPage: true });
  await standard.getByRole('button', { name: 'Subscribe again' }).click();
  await until(async () => (await standard.getAttribute('data-state')) === 'active', 'Standard to be active again');

  await page.goto(`${server.url}/app/account#subscriptions`);
  const subs = page.locator('#subscriptions');
  await subs.getByRole('table').waitFor();
  for (const v of [cars[0]!, cars[1]!]) assert.match(await subs.innerText(), new RegExp(v));
  assert.match(await subs.innerText(), /Active until/);
  await subs.screenshot({ path: shot('handover-portal-subscriptions') });
  await page.close();
});

test('the retailer records the change of ownership and sees the history; a customer is told it is for retailers', async () => {
  const vin = cars[1]!;
  const page = await retailer.newPage();
  await page.goto(`${server.url}/retailer`);
  await page.locator('#oc-vin').fill(vin);
  await page.locator('#oc-email').fill(BUYER);
  await page.getByRole('button', { name: 'Record the change' }).click();
  await page
    .getByRole('status')
    .filter({ hasText: `Recorded: ${vin} belongs to ${BUYER}` })
    .waitFor();
  await page.locator('#oh-vin').fill(vin);
  await page.getByRole('button', { name: 'Look up' }).click();
  assert.match(await page.getByTestId('ownership-history').innerText(), new RegExp(BUYER));
  await page.screenshot({ path: shot('handover-retailer-console'), fullPage: true });
  await page.close();

  const customer = await buyer.newPage();
  await customer.goto(`${server.url}/retailer`);
  await customer.getByTestId('retailers-only').waitFor();
  await customer.close();
});

test('the seller removes the sold car after the checklist', async () => {
  const vin = cars[1]!;
  const page = await seller.newPage();
  await page.goto(`${server.url}/app`);
  const card = page.locator('li.card').filter({ hasText: `VIN ${vin}` });
  await card.getByRole('button', { name: 'Remove from garage' }).click();
  const checklist = card.getByRole('group');
  for (const item of [
    /Cancel the connected-services subscription/,
    /Remove your user profile/,
    /Keep your account/,
    /Tell the new owner/,
  ])
    assert.match(await checklist.innerText(), item);
  await page.screenshot({ path: shot('handover-seller-remove-checklist'), fullPage: true });
  await card.getByRole('button', { name: `Remove ${vin} from my garage` }).click();
  await card.waitFor({ state: 'detached' });
  assert.equal(await page.getByText(`VIN ${cars[0]}`).count(), 1, 'the other cars stay');
  await page.close();
});
