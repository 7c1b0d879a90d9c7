import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { dictionaries } from '../src/i18n/dictionary';

/** The Hub under test, from the environment (e2e/vitest.config.ts refuses to start without it). */
export const hub = {
  url: process.env.HUB_URL!.replace(/\/+$/, ''),
  user: process.env.HUB_USER!,
  password: process.env.HUB_PASSWORD!,
};

export const zh = dictionaries.zh;
export const en = dictionaries.en;

const chromiumPath = '/usr/bin/chromium';

/**
 * Debian's Chromium, headless. The background-networking flags keep it from
 * calling out of this closed network (docs/PACKAGES.md); --no-sandbox because
 * the tests run as root.
 */
export function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} is missing; install Debian's Chromium: apt-get install -y chromium`);
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
}

/** Opens the designer signed out, on the sign-in page (Chinese, the default). */
export async function openSignIn(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${hub.url}/`);
  await page.getByLabel(zh['signIn.userName']).waitFor();
  return page;
}

/** Signs in through the form and waits for the side menu. */
export async function signIn(page: Page): Promise<void> {
  await page.getByLabel(zh['signIn.userName']).fill(hub.user);
  await page.getByLabel(zh['signIn.password']).fill(hub.password);
  await page.getByRole('button', { name: zh['signIn.submit'], exact: true }).click();
  await page.getByRole('menuitem', { name: zh['menu.organisations'], exact: true }).waitFor();
}

/** A GET with the browser context's cookies, so it sees what the signed-in page sees. */
export async function apiGet<T>(context: BrowserContext, path: string): Promise<T> {
  const response = await context.request.get(`${hub.url}${path}`);
  if (!response.ok()) throw new Error(`GET ${path} answered HTTP ${response.status()}: ${await response.text()}`);
  return (await response.json()) as T;
}
