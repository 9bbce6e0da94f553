import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import mqtt from 'mqtt';
import type { Browser, BrowserContext } from 'playwright-core';
import { startServer, repoRoot, type ServerProcess } from '../support/server-process';
import { ownDatabase } from '../support/own-database';
import { demoOwnerFromBanner, launchBrowser, shot, signInDemoOwner } from '../support/browser';

// The demo owner's inbox fed by a car: one of its demo cars speaks the MQTT contract from here (no in-process fleet,
// so nothing else holds its connection), the worker's rules turn its events into notices, the open inbox gets them live.
let server: ServerProcess;
let browser: Browser;
let owner: BrowserContext;
let cars: string[];

before(async () => {
  const db = await ownDatabase('marque_notify');
  server = await startServer({ ...db.env, DEMO_FLEET: '0' });
  browser = await launchBrowser();
  const demo = demoOwnerFromBanner(server.output());
  cars = demo.cars;
  owner = await browser.newContext({ viewport: { width: 412, height: 915 } });
  await signInDemoOwner(owner, server.url, demo.password);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Publishes vehicle events as the car itself, with its device secret from the demo registry. */
async function carSends(vin: string, events: Array<{ type: string; data: Record<string, unknown> }>) {
  const feed = JSON.parse(readFileSync(join(repoRoot, 'demo/vehicles.json'), 'utf8')) as Array<{ vin: string; device_secret: string }>;
  const secret = feed.find((r) => r.vin === vin)!.device_secret;
  const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${server.mqttPort}`, { clientId: `veh-${vin}`, username: vin, password: secret });
  try {
    for (const e of events) {
      const msg = { id: randomUUID(), type: e.type, ts: new Date().toISOString(), data: e.data };
      await client.publishAsync(`v1/vehicles/${vin}/up/events`, JSON.stringify(msg), { qos: 1 });
    }
  } finally {
    await client.endAsync();
  }
}

test('the demo owner’s inbox shows a car’s alarm live, unread, opening the car; the preferences screen toggles a channel', async () => {
  const vin = cars[0]!;
  const page = await owner.newPage();
  await page.goto(`${server.url}/app/inbox`);
  await page.getByRole('heading', { name: /^Inbox/ }).waitFor();
  await carSends(vin, [
    { type: 'alarm', data: { reason: 'intrusion' } },
    { type: 'dtc.set', data: { code: 'P0420' } },
  ]);
  const alarm = page.locator('li[data-kind="vehicle.alarm"]');
  await alarm.waitFor({ timeout: 60_000 });
  await page.locator('li[data-kind="vehicle.warning_light"]').waitFor({ timeout: 10_000 });
  assert.equal(await alarm.getAttribute('data-unread'), 'true');
  assert.match(await alarm.innerText(), new RegExp(`Alarm on ${vin}`));
  await page.getByTestId('unread-count').waitFor();
  await page.screenshot({ path: shot('notifications-inbox'), fullPage: true });

  await alarm.getByRole('link').click();
  await page.waitForURL(new RegExp(`/app/cars/${vin}$`));
  await page.goto(`${server.url}/app/inbox`);
  assert.equal(await page.locator('li[data-kind="vehicle.alarm"]').getAttribute('data-unread'), 'false', 'opened: read');

  await page.goto(`${server.url}/app/notifications`);
  const box = page.getByRole('checkbox', { name: 'Alarm: E-mail' });
  await box.waitFor();
  assert.equal(await box.isChecked(), true, 'alarms are e-mailed by default');
  await box.uncheck();
  await page.getByTestId('saved').getByText('Alarm: E-mail off').waitFor();
  await page.getByRole('button', { name: 'Enable push on this device' }).waitFor();
  await page.screenshot({ path: shot('notifications-preferences'), fullPage: true });
  await page.reload();
  await page.getByRole('checkbox', { name: 'Alarm: E-mail' }).waitFor();
  assert.equal(await page.getByRole('checkbox', { name: 'Alarm: E-mail' }).isChecked(), false, 'kept after a reload');
  const prefs = (await (await owner.request.get(`${server.url}/api/v1/me/notification-preferences`)).json()) as {
    kinds: Array<{ kind: string; channels: Record<string, boolean> }>;
  };
  assert.deepEqual(prefs.kinds.find((k) => k.kind === 'vehicle.alarm')!.channels, { in_app: true, email: false, push: true });
});
