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
  server = await startServer((await ownDatabase('marque_pwa')).env);
  browser = await launchBrowser();
  const demo = demoOwnerFromBanner(server.output());
  const password = demo.password;
  cars = demo.cars;
  owner = await browser.newContext({ viewport: { width: 412, height: 915 } });
  await signInDemoOwner(owner, server.url, password);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the manifest is linked, served as a manifest and parseable; the worker is served as JavaScript', async () => {
  const page = await owner.newPage();
  await page.goto(`${server.url}/app`);
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  assert.equal(href, '/manifest.webmanifest');
  const res = await page.request.get(`${server.url}${href}`);
  assert.equal(res.status(), 200);
  assert.match(res.headers()['content-type'] ?? '', /^application\/manifest\+json/);
  const m = JSON.parse(await res.text());
  assert.equal(m.name, 'Marque');
  assert.equal(m.start_url, '/app');
  assert.equal(m.display, 'standalone');
  assert.equal(m.theme_color, '#16324f');
  assert.ok(m.icons.some((i: { purpose: string }) => i.purpose === 'maskable'));
  for (const i of m.icons as Array<{ src: string }>)
    assert.equal((await page.request.get(`${server.url}${i.src}`)).status(), 200);
  const sw = await page.request.get(`${server.url}/sw.js`);
  assert.equal(sw.status(), 200);
  assert.match(sw.headers()['content-type'] ?? '', /javascript/);
  assert.match(
    sw.headers()['content-security-policy'] ??
      (await page.request.get(`${server.url}/app`)).headers()['content-security-policy'] ??
      '',
    /worker-src 'self'/,
  );
  await page.close();
});

test('the service worker registers, and offline a reload of a visited status page still shows the car', async () => {
  const page = await owner.newPage();
  await page.goto(`${server.url}/app`);
  // Page-side code as strings: the test's tsconfig has no DOM types.
  const scope = await page.evaluate<string>('navigator.serviceWorker.ready.then((r) => r.scope)');
  assert.equal(scope, `${server.url}/`);
  await page.waitForFunction('navigator.serviceWorker.controller !== null', undefined, { timeout: 10_000 });

  await page.goto(`${server.url}/app/cars/${cars[0]}`);
  await page.getByText('Odometer').waitFor({ timeout: 15_000 });
  assert.equal(await page.getByTestId('offline-banner').count(), 0);

  await owner.setOffline(true);
  try {
    await page.reload();
    await page.getByTestId('offline-banner').waitFor({ timeout: 10_000 });
    assert.match(await page.getByTestId('offline-banner').innerText(), /offline – last known state/);
    await page.getByText('Odometer').waitFor({ timeout: 10_000 });
    assert.match(await page.locator('h1').first().innerText(), /\S/);
    assert.match(await page.getByText(`VIN ${cars[0]}`).innerText(), /VIN/);
    await page.screenshot({ path: shot('pwa-offline-status'), fullPage: true });
  } finally {
    await owner.setOffline(false);
  }

  // Sign-out asks the worker to drop its cache; the same message, sent here, leaves nothing behind.
  const before = await page.evaluate<number>('caches.keys().then((k) => k.length)');
  assert.ok(before > 0);
  const after = await page.evaluate<number>(`new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => caches.keys().then((k) => resolve(k.length));
    navigator.serviceWorker.controller.postMessage({ type: 'marque.clear-cache' }, [ch.port2]);
  })`);
  assert.equal(after, 0);
  await page.close();
});
