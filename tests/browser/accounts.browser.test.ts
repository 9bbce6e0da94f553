import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { startServer, type ServerProcess } from '../support/server-process';
import { ownDatabase } from '../support/own-database';
import { launchBrowser, shot } from '../support/browser';

let server: ServerProcess;
let browser: Browser;

before(async () => {
  const db = (await ownDatabase('marque_web')).env;
  // No demo fleet: this suite is about accounts, and the cars would only cost start-up time.
  server = await startServer({ DEMO_FLEET: '0', ...db });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const PASSWORD = 'violet tractor lantern 42';

async function signIn(page: Page, email: string, password: string) {
  await page.goto(`${server.url}/`);
  await page.locator('#si-email').fill(email);
  await page.locator('#si-password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('a visitor registers, activates from the mailbox, signs in, accepts the terms, gives a consent and signs out', async () => {
  const email = `reg-${Date.now()}@example.com`;
  const page = await browser.newPage({ viewport: { width: 412, height: 915 } });
  await page.goto(`${server.url}/`);
  await page.getByRole('button', { name: 'Create an account' }).click();
  await page.locator('#r-name').fill('Rita Register');
  await page.locator('#r-email').fill(email);
  await page.locator('#r-password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Register' }).click();
  await page.locator('p.ok').waitFor();

  await page.goto(`${server.url}/mail?to=${encodeURIComponent(email)}`);
  await page.getByRole('button', { name: 'Show mail' }).click();
  const link = page.locator('article.mail a[href*="/app/activate?token="]').first();
  await link.waitFor();
  const activation = new URL((await link.getAttribute('href'))!);
  await page.screenshot({ path: shot('accounts-mailbox') });
  // The link names the configured host (localhost); the session cookie must stay on the test's origin.
  await page.goto(`${server.url}${activation.pathname}${activation.search}`);
  await page.getByText(/is active/).waitFor();

  await signIn(page, email, PASSWORD);
  await page.waitForURL(/\/app$/);
  // Connected services wait for the current terms: the owner app says so and links to them.
  await page.getByText(/New terms of use are waiting for you/).waitFor();
  await page.getByRole('link', { name: 'Read and accept them' }).click();
  await page.getByRole('button', { name: /I accept the terms of use/ }).click();
  await page.getByRole('button', { name: /I accept the terms of use/ }).waitFor({ state: 'detached' });

  const marketing = page.getByRole('checkbox', { name: 'Marketing' });
  assert.equal(await marketing.isChecked(), false);
  // A controlled checkbox: it turns on once the server has recorded the choice.
  await marketing.click();
  await page.getByText('History of your choices (1)').click();
  assert.equal(await marketing.isChecked(), true);
  await page.locator('#privacy details li', { hasText: /Marketing.*given/ }).waitFor();
  await page.screenshot({ path: shot('accounts-privacy'), fullPage: true });

  await page.goto(`${server.url}/app`);
  await page.getByText('Your garage is empty').waitFor();
  await page.goto(`${server.url}/app/account`);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(`${server.url}/`);
  const me = await page.request.get(`${server.url}/api/v1/me`);
  assert.equal(me.status(), 401, 'signed out for real');
});

test('a wrong password is refused with a message, and /app sends a signed-out visitor to sign in', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/app`);
  await page.waitForURL(/\/\?next=%2Fapp/);
  await signIn(page, 'demo@marque.local', 'not-the-password');
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /password|e-mail/i);
  await page.screenshot({ path: shot('accounts-wrong-password') });
});
