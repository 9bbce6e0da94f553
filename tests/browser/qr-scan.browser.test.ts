import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { runCli, startServer, type ServerProcess } from '../support/server-process';
import { ownDatabase } from '../support/own-database';
import { launchBrowser, shot } from '../support/browser';
import { writeQrVideo } from '../support/fake-camera';

// Issue 5: the buyer scans the head unit's QR code with the phone camera. Headless Chromium has no BarcodeDetector,
// so the app decodes camera frames with jsQR; Chromium's fake camera plays a Y4M video of the code the car shows.
let server: ServerProcess;
let plain: Browser;
let camera: Browser | undefined;
let car: string;
const BUYER = 'scanner@example.com';
let buyerPassword: string;

before(async () => {
  const db = await ownDatabase('marque_qr_scan');
  const r = await runCli(['admin', 'create', BUYER, '--role', 'customer', '--name', 'Sam Scanner'], db.env);
  assert.equal(r.code, 0, r.out);
  buyerPassword = /password: (\S+)/.exec(r.out)![1]!;
  server = await startServer(db.env);
  plain = await launchBrowser();
  car = /Your cars\s+((?:[A-Z0-9]{17}\s?)+)/.exec(server.output())![1]!.trim().split(/\s+/)[0]!; // Smart Connect: shows codes
});
after(async () => {
  await camera?.close();
  await plain?.close();
  await server?.stop();
});

async function signedIn(browser: Browser): Promise<BrowserContext> {
  const ctx = await browser.newContext({ viewport: { width: 412, height: 915 }, permissions: ['camera'] });
  const page = await ctx.newPage();
  await page.goto(`${server.url}/`);
  await page.locator('#si-email').fill(BUYER);
  await page.locator('#si-password').fill(buyerPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/app$/);
  await page.goto(`${server.url}/app/account#privacy`);
  await page.getByRole('button', { name: /I accept the terms of use/ }).click();
  await page.getByRole('button', { name: /I accept the terms of use/ }).waitFor({ state: 'detached' });
  await page.close();
  return ctx;
}

test('the head unit shows a code; the buyer’s phone scans it through the camera and the car is activated', async () => {
  const headUnit = await plain.newPage({ viewport: { width: 1024, height: 600 } });
  await headUnit.goto(`${server.url}/headunit/${car}`);
  const codeText = headUnit.getByTestId('activation-code');
  await codeText.waitFor();
  const code = (await codeText.innerText()).trim();
  assert.match(code, /^[A-Z2-9]{4}-[A-Z2-9]{4}$/);

  // The phone's camera sees the same link the head unit's QR code carries.
  const dir = mkdtempSync(join(tmpdir(), 'marque-camera-'));
  const video = join(dir, 'headunit-qr.y4m');
  const origin = new URL(headUnit.url()).origin;
  writeQrVideo(video, `${origin}/app/cars/${car}/activate?code=${encodeURIComponent(code)}`);
  camera = await launchBrowser({
    extraArgs: ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`],
  });
  const phone = await signedIn(camera);
  const page = await phone.newPage();
  await page.goto(`${server.url}/app`);
  await page.locator('#add-vin').fill(car);
  await page.getByRole('button', { name: 'Add to my garage' }).click();
  await page.getByTestId(`inactive-${car}`).getByRole('link', { name: 'Activate connected services' }).click();
  await page.waitForURL(new RegExp(`/app/cars/${car}/activate$`));
  assert.equal(await page.locator('#act-code').inputValue(), '', 'nothing typed: the code must come from the camera');
  const scanner = page.getByTestId('qr-scanner');
  const hasDetector = await page.evaluate(() => 'BarcodeDetector' in globalThis);
  assert.equal(await scanner.getAttribute('data-decoder'), hasDetector ? 'barcode-detector' : 'jsqr');
  await page.getByRole('button', { name: 'Scan the QR code with the camera' }).click();
  await page.getByLabel(/Camera view/).waitFor();
  await page.screenshot({ path: shot('qr-scan-camera'), fullPage: true });
  await page.waitForURL(new RegExp(`/app/cars/${car}\\?activated=1$`), { timeout: 20_000 });
  await page.getByTestId('connection').waitFor();
  await page.screenshot({ path: shot('qr-scan-activated'), fullPage: true });

  // Single use: the head unit's code is spent, so the phone activated with exactly that code.
  const reuse = await page.request.post(`${server.url}/api/v1/vehicles/${car}/activation`, {
    data: { method: 'code', code },
    headers: { 'x-csrf-token': (await phone.cookies()).find((c) => c.name === 'marque_csrf')!.value },
  });
  assert.notEqual(reuse.status(), 200);
  await headUnit.close();
  await page.close();
});
