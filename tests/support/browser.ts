import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { mkdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './server-process';

export const screenshotDir = join(repoRoot, 'artifacts', 'screenshots');

/** Debian's Chromium through playwright-core; never a downloaded browser. `extraArgs`: e.g. a fake camera. */
export async function launchBrowser(opts: { extraArgs?: string[] } = {}): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(`Chromium not found at ${executablePath}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  }
  mkdirSync(screenshotDir, { recursive: true });
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...(opts.extraArgs ?? []),
    ],
  });
}

export const shot = (name: string) => join(screenshotDir, `${name}.png`);

/** The demo owner's password and cars, as `marque start` prints them in its banner. */
export function demoOwnerFromBanner(output: string): { password: string; cars: string[] } {
  return {
    password: /password: (\S+)/.exec(output)![1]!,
    cars: /Your cars\s+((?:[A-Z0-9]{17}\s?)+)/.exec(output)![1]!.trim().split(/\s+/),
  };
}

/** Signs the demo owner in through the sign-in page the owner app redirects to; the context keeps the session. */
export async function signInDemoOwner(context: BrowserContext, baseUrl: string, password: string): Promise<void> {
  const page = await context.newPage();
  await page.goto(`${baseUrl}/app`);
  await page.waitForURL(/\?next=/, { timeout: 10_000 });
  await page.locator('#si-email').fill('demo@marque.local');
  await page.locator('#si-password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/app$/);
  await page.close();
}
