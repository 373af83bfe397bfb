import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { demo } from './demo-server.ts';

/** Sign-ins the browser tests share: demo households by SMS code, demo staff over HTTP. */

/** The one-time codes the e2e server's file SMS channel sent to this phone, oldest first. */
export function codesTo(phone: string): string[] {
  if (!fs.existsSync(demo.smsFile)) return [];
  return fs
    .readFileSync(demo.smsFile, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l))
    .filter((m) => m.to === phone && m.code)
    .map((m) => m.code as string);
}

/** The code sent to this phone once it has had more than `after` codes (waits up to 10 s). */
export async function nextCode(phone: string, after = 0): Promise<string> {
  await expect.poll(() => codesTo(phone).length, { timeout: 10_000 }).toBeGreaterThan(after);
  return codesTo(phone).at(-1)!;
}

/** Signs a phone in with the OTP sent to it; the page ends on the household screen. */
async function signInWithCode(page: Page, phone: string) {
  await page.goto(`${demo.url}/citizen`);
  await page.getByTestId('phone-input').fill(phone);
  const before = codesTo(phone).length;
  await page.getByTestId('send-code').click();
  const code = await nextCode(phone, before);
  await page.getByTestId('code-input').locator('input').first().click();
  await page.keyboard.type(code);
}

/** Signs a demo household in with the OTP sent to its phone; the page ends on the household list. */
export async function signInCitizen(page: Page, phone: string) {
  await signInWithCode(page, phone);
  await page.getByTestId('members').waitFor();
}

/** Signs a new phone in (an account with no household yet); the page ends on the empty household. */
export async function signUpCitizen(page: Page, phone: string) {
  await signInWithCode(page, phone);
  await page.getByTestId('add-member').waitFor();
}

/** The demo staff accounts' password (demo instances only). */
export const DEMO_STAFF_PASSWORD = 'demo-sskdt-2021';

/** Signs a staff member in through the form of an area's page (`/staff`, `/site`, `/manager`). */
export async function signInStaff(
  page: Page,
  username: string,
  area = '/staff',
  password = DEMO_STAFF_PASSWORD,
) {
  await page.goto(`${demo.url}${area}`);
  await page.getByTestId('staff-username').fill(username);
  await page.getByTestId('staff-password').fill(password);
  await page.getByTestId('staff-submit').click();
}

/** A demo staff member (the site's vaccinator by default) over HTTP: get/post JSON, errors thrown. */
export async function demoStaffApi(username = 'demo.tiem') {
  const login = await fetch(`${demo.url}/api/auth/staff/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_STAFF_PASSWORD }),
  });
  expect(login.status).toBe(200);
  const headers = {
    cookie: String(login.headers.get('set-cookie')).split(';')[0],
    'x-csrf-token': (await login.json()).csrfToken,
    'content-type': 'application/json',
  };
  const call = async (method: string, url: string, body?: unknown) => {
    const res = await fetch(`${demo.url}${url}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
  return {
    get: (url: string) => call('GET', url),
    post: (url: string, body: unknown) => call('POST', url, body),
  };
}
