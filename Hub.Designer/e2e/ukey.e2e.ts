import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Me } from '../src/api/contracts';
import { apiGet, launchChromium, openSignIn, signIn } from './hub';

// A person's UKey, played by WebCrypto in Chromium: the browser makes the key (never exportable), asks the Hub to
// certify it with a PKCS#10 request (after the person's SMS authentication for exactly that request), and answers
// the Hub's challenge. The Hub never sees the private key.
const softwareUKey = fileURLToPath(new URL('./softwareUKey.js', import.meta.url));

interface Answer {
  status: number;
  body: Record<string, unknown> | null;
}

/** Calls the Hub from the page itself (same origin, the session cookie), as the designer would. */
function call(page: Page, method: 'GET' | 'POST', path: string, body?: unknown): Promise<Answer> {
  return page.evaluate(
    async (request) => {
      const response = await fetch(request.path, {
        method: request.method,
        credentials: 'same-origin',
        headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
        body: request.body === undefined ? null : JSON.stringify(request.body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : null };
    },
    { method, path, body },
  );
}

async function ok(page: Page, method: 'GET' | 'POST', path: string, body?: unknown): Promise<Record<string, unknown>> {
  const answer = await call(page, method, path, body);
  if (answer.status >= 300) throw new Error(`${method} ${path} answered HTTP ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body!;
}

/**
 * The person's code from the Hub's development SMS outbox (`<data>/development-sms.txt`, one "person-id text" line
 * per message): the browser test plays the person reading their phone.
 */
async function lastSmsCode(personId: string): Promise<string> {
  const dataDirectory = process.env.HUB_DATA;
  if (!dataDirectory) throw new Error('HUB_DATA is not set: the UKey enrolment needs the Hub data directory to read the development SMS outbox');
  const lines = (await readFile(join(dataDirectory, 'development-sms.txt'), 'utf8')).split('\n').filter((l) => l.startsWith(`${personId} `));
  // The code is in the text after the id: a person id may hold six digits in a row itself.
  const code = /[0-9]{6}/.exec((lines.at(-1) ?? '').slice(personId.length + 1))?.[0];
  if (!code) throw new Error(`no SMS code for ${personId} in the development outbox`);
  return code;
}

let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  context = await browser.newContext({ locale: 'zh-CN' });
  page = await openSignIn(context);
  await signIn(page);
  await page.addScriptTag({ path: softwareUKey });
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

describe('a software UKey in the browser', () => {
  it('ukey_BrowserKey_IsCertifiedAndAnswersTheChallenge', async () => {
    const me = await apiGet<Me>(context, '/api/auth/me');
    // 张三 is a person of the local identity provider's demo register (Hub.Activities LocalIdentityRegistry.Demo).
    // Run again against the same Hub, he is registered already (409), so the test takes him from the list.
    const registered = await call(page, 'POST', '/api/identity/persons', {
      organisationId: me.organisationId,
      name: '张三',
      idNumber: '11010519491231002X',
      mobile: '13800138000',
    });
    const person =
      registered.status === 409
        ? ((await ok(page, 'GET', `/api/identity/persons?organisationId=${me.organisationId}`)) as unknown as Record<string, unknown>[]).find(
            (p) => p.idNumber === '1*************002X' && p.status !== 'Erased',
          )!
        : registered.body!;
    expect(registered.status, JSON.stringify(registered.body)).toBeOneOf([201, 409]);
    expect(person.idNumber, 'the API shows ID numbers masked').toBe('1*************002X');
    const three = await ok(page, 'POST', `/api/identity/persons/${person.id}/verifications`, { method: 'ThreeElement' });
    expect(three.status).toBe('Verified');

    const request = await page.evaluate(() =>
      (globalThis as unknown as { softwareUKey: { certificationRequest(name: string): Promise<string> } }).softwareUKey.certificationRequest('Browser UKey'),
    );
    // The Hub certifies a key the person holds only after their fresh authentication for exactly this request. The
    // number may be rate-limited by an earlier run against the same Hub (one code a minute): then wait and ask again.
    const requestSha256 = createHash('sha256').update(Buffer.from(request, 'base64')).digest('hex');
    let sms = await call(page, 'POST', `/api/identity/persons/${person.id}/verifications`, { method: 'SmsCode', certificationRequestSha256: requestSha256 });
    for (let tries = 0; sms.status === 429 && tries < 15; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      sms = await call(page, 'POST', `/api/identity/persons/${person.id}/verifications`, { method: 'SmsCode', certificationRequestSha256: requestSha256 });
    }
    expect(sms.status, JSON.stringify(sms.body)).toBe(201);
    const authenticated = await ok(page, 'POST', `/api/identity/verifications/${sms.body!.id}/complete`, { code: await lastSmsCode(String(person.id)) });
    expect(authenticated.status).toBe('Verified');
    const certificate = await ok(page, 'POST', `/api/identity/persons/${person.id}/certificates`, {
      certificationRequest: request,
      authenticationId: sms.body!.id,
    });
    expect(certificate.keyHolder).toBe('person');
    expect(await page.evaluate(() => (globalThis as unknown as { softwareUKey: { privateKeyStaysHere(): boolean } }).softwareUKey.privateKeyStaysHere())).toBe(true);
    const der = String(certificate.pem).replace(/-----[A-Z ]+-----|\s/g, '');

    const challenge = await ok(page, 'POST', `/api/identity/persons/${person.id}/verifications`, { method: 'UKey' });
    expect(challenge.status).toBe('Pending');
    const signature = await page.evaluate(
      (toBeSigned) => (globalThis as unknown as { softwareUKey: { sign(b64: string): Promise<string> } }).softwareUKey.sign(toBeSigned),
      String(challenge.toBeSigned),
    );
    const answered = await ok(page, 'POST', `/api/identity/verifications/${challenge.id}/complete`, { signature, certificate: der });
    expect(answered.status).toBe('Verified');

    // The same signature does not answer a new challenge: each one signs different bytes.
    const next = await ok(page, 'POST', `/api/identity/persons/${person.id}/verifications`, { method: 'UKey' });
    const replayed = await ok(page, 'POST', `/api/identity/verifications/${next.id}/complete`, { signature, certificate: der });
    expect(replayed.status).toBe('Refused');
  });
});
