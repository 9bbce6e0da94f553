import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { startServer, type ServerProcess } from '../support/server-process';
import { ownDatabase } from '../support/own-database';
import { launchBrowser, shot } from '../support/browser';

let server: ServerProcess;
let browser: Browser;

before(async () => {
  server = await startServer((await ownDatabase('marque_web')).env);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('a visitor checks a VIN on the start page and sees its services', async () => {
  const page = await browser.newPage({ viewport: { width: 1100, height: 1000 } });
  await page.goto(`${server.url}/`);
  await page.getByLabel('VIN').fill('saulm1ab3la010001');
  await page.getByRole('button', { name: 'Check' }).click();
  const result = page.getByTestId('match-result');
  await result.waitFor();
  assert.match(await result.innerText(), /Aurelia Lumen/);
  assert.equal(await page.locator('[data-group="charging"].yes').count(), 1, 'a BEV supports charging');
  await page.screenshot({ path: shot('connectivity-match'), fullPage: true });
});

test('an invalid VIN is explained without a server round trip, an unknown one by the server', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/`);
  await page.getByLabel('VIN').fill('SAULM1AB3LA01000O');
  await page.getByRole('button', { name: 'Check' }).click();
  assert.match(await page.getByRole('alert').innerText(), /never contains the letters I, O or Q/);
  await page.getByLabel('VIN').fill('SAULM1AB3LA099999');
  await page.getByRole('button', { name: 'Check' }).click();
  await page.getByText(/No vehicle with VIN/).waitFor();
  await page.screenshot({ path: shot('connectivity-unknown') });
});
