import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { runCli, startServer, type ServerProcess } from '../support/server-process';
import { ownDatabase } from '../support/own-database';
import { demoOwnerFromBanner, launchBrowser, shot, signInDemoOwner } from '../support/browser';

// Issue 5: the home screen at a glance, and the head unit's side: signing in keeps a profile, Multimedia starts there.
let server: ServerProcess;
let browser: Browser;
let phone: BrowserContext;
let vin: string;
let retailerPassword: string;

before(async () => {
  const db = await ownDatabase('marque_headunit_home');
  const r = await runCli(['admin', 'create', 'seller-dealer@example.com', '--role', 'retailer', '--name', 'Rita Retailer'], db.env);
  assert.equal(r.code, 0, r.out);
  retailerPassword = /password: (\S+)/.exec(r.out)![1]!;
  server = await startServer(db.env);
  browser = await launchBrowser();
  phone = await browser.newContext({ viewport: { width: 412, height: 915 } });
  await signInDemoOwner(phone, server.url, demoOwnerFromBanner(server.output()).password);
  const page = await phone.newPage();
  const garage = (await (await page.request.get(`${server.url}/api/v1/garage`)).json()) as { vehicles: Array<{ vin: string; headUnit: string }> };
  vin = garage.vehicles.find((c) => c.headUnit === 'mm19' || c.headUnit === 'mm21')!.vin;
  await page.close();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the app opens on the current car: its picture, whether its services run, and the shortcuts it allows', async () => {
  const page = await phone.newPage();
  await page.goto(`${server.url}/app`);
  const hero = page.getByTestId('current-car');
  await hero.waitFor();
  await hero.locator('svg.car-picture').waitFor();
  const verdict = hero.getByTestId('services-verdict');
  await verdict.waitFor();
  assert.equal(await verdict.getAttribute('data-state'), 'active');
  assert.match(await verdict.innerText(), /Active.*Services active until/s);
  const shortcuts = await hero.getByTestId('shortcuts').locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('data-shortcut')));
  for (const s of ['status', 'find', 'trips', 'services', 'maintenance']) assert.ok(shortcuts.includes(s), `${s} in ${shortcuts.join()}`);
  const current = await hero.getAttribute('data-vin');
  assert.equal(await hero.locator('a[data-shortcut="maintenance"]').getAttribute('href'), `/app/cars/${current}/maintenance`);
  await page.screenshot({ path: shot('home-current-car'), fullPage: true });

  // Cancelling Standard Services shows at a glance, with what to do, and the data shortcuts go.
  await page.request.post(`${server.url}/api/v1/vehicles/${current}/services/standard/cancel`, { headers: await csrf(page) });
  await page.reload();
  await hero.getByTestId('services-verdict').waitFor();
  assert.equal(await hero.getByTestId('services-verdict').getAttribute('data-state'), 'cancelled');
  assert.match(await hero.getByTestId('services-verdict').innerText(), /Subscribe again/);
  assert.equal(await hero.locator('a[data-shortcut="find"]').count(), 0);
  await page.screenshot({ path: shot('home-current-car-cancelled'), fullPage: true });
  await page.request.post(`${server.url}/api/v1/vehicles/${current}/services/standard/subscribe`, { headers: await csrf(page) });
  await page.close();
});

async function csrf(page: Page) {
  return { 'x-csrf-token': (await page.context().cookies()).find((c) => c.name === 'marque_csrf')!.value };
}

test('signing in on the head unit keeps a profile; the holder starts Multimedia there; the app removes the profile', async () => {
  const headUnit = await browser.newPage({ viewport: { width: 1024, height: 600 } });
  const started = headUnit.waitForResponse((r) => r.url().endsWith('/oauth/device/auth'));
  await headUnit.goto(`${server.url}/headunit/${vin}`);
  const device = (await (await started).json()) as { verification_uri_complete: string };
  await headUnit.getByTestId('create-account').waitFor();
  // Its smaller code is for a driver without an account: it opens the registration form on the phone.
  const newcomer = await browser.newPage();
  await newcomer.goto(`${server.url}/?register`);
  await newcomer.getByRole('heading', { name: 'Create an account' }).waitFor();
  await newcomer.close();

  // The phone, signed in already, opens the QR code's link and allows the head unit.
  const confirm = await phone.newPage();
  await confirm.goto(device.verification_uri_complete);
  await confirm.getByRole('button', { name: 'Continue' }).click();
  await confirm.getByRole('button', { name: 'Allow' }).click();
  await confirm.getByText(/now signed in/).waitFor();
  await confirm.close();

  await headUnit.getByText(/Signed in as/).waitFor({ timeout: 20_000 });
  const offer = headUnit.getByTestId('multimedia-offer');
  await offer.getByText(/free for 3 years/).waitFor();
  await headUnit.screenshot({ path: shot('headunit-multimedia-offer'), fullPage: true });
  await offer.getByRole('button', { name: /Accept and start/ }).click();
  await offer.getByText(/Multimedia is active until/).waitFor();
  assert.equal(await headUnit.getByTestId('headunit-profiles').locator('li').count(), 1);
  await headUnit.screenshot({ path: shot('headunit-signed-in-profiles'), fullPage: true });

  const page = await phone.newPage();
  await page.goto(`${server.url}/app/cars/${vin}/services`);
  const mm = page.getByTestId('package-multimedia');
  await mm.waitFor();
  assert.equal(await mm.getAttribute('data-state'), 'active');
  assert.match(await page.getByTestId('term-multimedia').innerText(), /free trial/);

  // The garage's removal checklist knows the profile is still on the car, and removes it.
  await page.goto(`${server.url}/app`);
  const card = page.locator('li.card').filter({ hasText: `VIN ${vin}` });
  await card.locator(`[data-testid="headunit-profile-${vin}"][data-present="yes"]`).waitFor();
  await card.getByRole('button', { name: 'Remove from garage' }).click();
  const item = card.getByTestId('checklist-profile');
  await card.locator('[data-testid="checklist-profile"][data-done="no"]').waitFor();
  assert.match(await item.innerText(), /still on the car/);
  await page.screenshot({ path: shot('home-checklist-profile-on-car'), fullPage: true });
  await item.getByRole('button', { name: 'Remove it now' }).click();
  await item.getByText('Done: the car keeps no profile of yours.').waitFor();
  await card.getByRole('button', { name: 'Keep the car' }).click();
  await page.reload();
  await card.locator(`[data-testid="headunit-profile-${vin}"][data-present="no"]`).waitFor();

  // The head unit's session for this account is gone: the car's screen notices by itself (no reload) and goes back
  // to signing in; its profile list is empty.
  await headUnit.getByText(/Scan the code with your phone/).waitFor({ timeout: 20_000 });
  const left = (await (await page.request.get(`${server.url}/api/v1/headunit/${vin}/profiles`)).json()) as { profiles: unknown[] };
  assert.equal(left.profiles.length, 0);
  await headUnit.close();
  await page.close();
});

test('the owner announces a sale in the app; the retailer completes it in the console with the buyer’s e-mail', async () => {
  const page = await phone.newPage();
  await page.goto(`${server.url}/app`);
  const card = page.locator('li.card').filter({ hasText: `VIN ${vin}` });
  await card.getByRole('button', { name: 'Sell it through a retailer' }).click();
  await card.locator(`[data-testid="sale-${vin}"][data-status="pending"]`).waitFor();
  await page.screenshot({ path: shot('sale-announced'), fullPage: true });

  const dealer = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const console_ = await dealer.newPage();
  await console_.goto(`${server.url}/`);
  await console_.locator('#si-email').fill('seller-dealer@example.com');
  await console_.locator('#si-password').fill(retailerPassword);
  await console_.getByRole('button', { name: 'Sign in' }).click();
  await console_.waitForURL(/\/app$/);
  await console_.goto(`${server.url}/retailer`);
  // The retailer narrows the list to the car at the counter by the start of its VIN; another VIN finds nothing.
  const search = console_.getByRole('search');
  await search.getByLabel('VIN or its start').fill('SMKZZZZZ');
  await search.getByRole('button', { name: 'Find' }).click();
  await console_.getByText('No announced sale matches this VIN.').waitFor();
  await search.getByLabel('VIN or its start').fill(vin.slice(0, 9).toLowerCase());
  await search.getByRole('button', { name: 'Find' }).click();
  const sale = console_.getByRole('form', { name: `Complete the sale of ${vin}` });
  await sale.waitFor();
  await sale.getByLabel('Buyer’s e-mail').fill('demo@marque.local');
  await sale.getByRole('button', { name: 'Complete the sale' }).click();
  assert.match(await sale.getByRole('alert').innerText(), /someone other than the seller/);
  await sale.getByLabel('Buyer’s e-mail').fill('new-owner@example.com');
  await sale.getByRole('button', { name: 'Complete the sale' }).click();
  await console_.getByRole('status').filter({ hasText: `Completed: ${vin} now belongs to new-owner@example.com` }).waitFor();
  await console_.screenshot({ path: shot('retailer-sale-completed'), fullPage: true });
  await dealer.close();

  // The seller is no longer the registered owner: announcing again is refused with the reason.
  await page.reload();
  await card.getByRole('button', { name: 'Sell it through a retailer' }).click();
  assert.match(await card.getByRole('alert').innerText(), /registered owner/);
  await page.close();
});
