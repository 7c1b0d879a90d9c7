import { mkdir } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Me, Organisation, ProblemDetails } from '../src/api/contracts';
import { localeNames } from '../src/i18n/dictionary';
import { apiGet, en, hub, launchChromium, openSignIn, signIn, zh } from './hub';

// Each test starts from a fresh browser context (no cookie, default
// language) and signs in itself, so none depends on another's leftovers.
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

beforeEach(async () => {
  context = await browser.newContext({ locale: 'zh-CN' });
  page = await openSignIn(context);
});

afterEach(async ({ task }) => {
  if (task.result?.state === 'fail') {
    await mkdir('test-results', { recursive: true });
    await page.screenshot({ path: `test-results/${task.name}.png`, fullPage: true });
  }
  await context.close();
});

describe('designer against a running Hub', () => {
  it('signIn_WrongPassword_ShowsTheHubsProblemDetail', async () => {
    await page.getByLabel(zh['signIn.userName']).fill(hub.user);
    await page.getByLabel(zh['signIn.password']).fill(`${hub.password}-wrong`);
    const answer = page.waitForResponse((response) => response.url().endsWith('/api/auth/sign-in'));
    await page.getByRole('button', { name: zh['signIn.submit'], exact: true }).click();

    const response = await answer;
    expect(response.status()).toBe(401);
    const problem = (await response.json()) as ProblemDetails;
    const shown = problem.detail ?? problem.title;
    expect(shown, 'the Hub should explain a refused sign-in').toBeTruthy();

    await page.getByRole('alert').filter({ hasText: shown! }).waitFor();
    expect(await page.getByRole('menuitem', { name: zh['menu.organisations'], exact: true }).count()).toBe(0);
  });

  it('signIn_RightPassword_ShowsUserRootAndItsUsers', async () => {
    await signIn(page);

    const me = await apiGet<Me>(context, '/api/auth/me');
    expect(me.userName).toBe(hub.user);
    await page.getByRole('banner').getByText(me.displayName, { exact: true }).waitFor();
    await page.getByRole('banner').getByText(me.organisationName, { exact: true }).waitFor();

    // The root is whatever the Hub says: the organisation whose parent is not visible.
    const organisations = await apiGet<Organisation[]>(context, '/api/organisations');
    const ids = new Set(organisations.map((organisation) => organisation.id));
    const roots = organisations.filter((organisation) => organisation.parentId === null || !ids.has(organisation.parentId));
    const root = roots.find((organisation) => organisation.kind === 'Group') ?? roots[0];
    expect(root, 'GET /api/organisations returned no root').toBeDefined();

    const tree = page.getByRole('tree');
    const rootNode = tree.getByText(root!.name, { exact: true });
    await rootNode.waitFor();
    await tree.getByText(zh[`kind.${root!.kind}`], { exact: true }).first().waitFor();

    await rootNode.click();
    await page.getByText(zh['organisations.usersOf'].replace('{name}', root!.name), { exact: true }).waitFor();
    await page.getByRole('table').getByRole('cell', { name: hub.user, exact: true }).waitFor();
    expect(page.url()).toContain(`#/organisations/${root!.id}`);
  });

  it('languageSwitch_English_RelabelsTheMenu', async () => {
    await signIn(page);
    const languages = page.getByRole('banner').getByRole('radiogroup', { name: zh['header.language'] });
    // antd's radio input is visually hidden; people click its label.
    await languages.getByText(localeNames.en, { exact: true }).click();

    await page.getByRole('menuitem', { name: en['menu.organisations'], exact: true }).waitFor();
    await page.getByRole('button', { name: en['header.signOut'], exact: true }).waitFor();
    expect(await page.getByRole('menuitem', { name: zh['menu.organisations'], exact: true }).count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    const english = page.getByRole('radiogroup', { name: en['header.language'] }).getByRole('radio', { name: localeNames.en, exact: true });
    expect(await english.isChecked()).toBe(true);
  });

  it('apiAnswer_SessionGoneWhileSignedIn_ReturnsToSignIn', async () => {
    await signIn(page);
    // The Hub forgets this browser (expired or revoked session); the next
    // call answers 401 and the page must fall back to signing in.
    await context.clearCookies();
    const answer = page.waitForResponse((response) => /\/api\/organisations\/[^/]+\/users$/.test(response.url()));
    await page.getByRole('tree').getByRole('treeitem').first().click();

    expect((await answer).status()).toBe(401);
    await page.getByRole('button', { name: zh['signIn.submit'], exact: true }).waitFor();
    await page.getByRole('alert').filter({ hasText: zh['signIn.expired'] }).waitFor();
    expect(await page.getByRole('menuitem', { name: zh['menu.organisations'], exact: true }).count()).toBe(0);
  });

  it('signOut_SignedIn_ReturnsToSignInAndEndsTheSession', async () => {
    await signIn(page);
    await page.getByRole('button', { name: zh['header.signOut'], exact: true }).click();

    await page.getByRole('button', { name: zh['signIn.submit'], exact: true }).waitFor();
    await page.getByLabel(zh['signIn.password']).waitFor();
    expect(await page.getByRole('alert').count(), 'signing out is not an expired session').toBe(0);
    const me = await context.request.get(`${hub.url}/api/auth/me`);
    expect(me.status()).toBe(401);
  });
});
