import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { qrFromImageFile } from '../../src/cli/verify-input.ts';
import { nodePlatform } from '../../src/shared/certificate/platform.node.ts';
import { TrustStore } from '../../src/shared/certificate/trust-store.ts';
import { verifyQr } from '../../src/shared/certificate/verify.ts';
import { chromiumForFile, SHOTS } from './chromium.ts';
import { demoServerForFile } from './demo-server.ts';
import { codesTo, nextCode } from './demo-sign-in.ts';

const browser = chromiumForFile();
const e2e = demoServerForFile();

/**
 * A demo person with a certificate and a phone of their own: the first demo household's holder,
 * found through the citizen API (the household signs in with the code sent to that phone).
 */
async function demoHolder() {
  const logins = await (await fetch(`${e2e.url}/api/auth/demo-logins`)).json();
  const phone = logins.citizens[0].phone as string;
  const before = codesTo(phone).length;
  const json = { 'content-type': 'application/json' };
  const requested = await fetch(`${e2e.url}/api/auth/otp/request`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ phone }),
  });
  expect(requested.status).toBe(202);
  const signedIn = await fetch(`${e2e.url}/api/auth/otp/verify`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ phone, code: await nextCode(phone, before) }),
  });
  expect(signedIn.status).toBe(200);
  const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0];
  const household = await (await fetch(`${e2e.url}/api/me/household`, { headers: { cookie } })).json();
  const self = household.members.find((m: { relationship: string }) => m.relationship === 'self').person;
  const certificate = await fetch(`${e2e.url}/api/me/household/members/${self.id}/certificate`, {
    headers: { cookie },
  });
  expect(certificate.status).toBe(200);
  return {
    fullName: self.fullName as string,
    birthDate: self.birthDate as string,
    phone,
    euDcc: (await certificate.json()).euDcc as string,
  };
}

/** The name as someone might type it on a phone: no accents, lower case. */
const plain = (name: string) =>
  name.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();

async function fillDetails(page: Page, details: { fullName: string; birthDate: string; phone: string }) {
  await page.getByTestId('lookup-name').fill(details.fullName);
  await page.getByTestId('lookup-birth-date').fill(details.birthDate);
  await page.getByTestId('lookup-phone').fill(details.phone);
}

const overflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

describe('public vaccine passport lookup', () => {
  it('a demo person without signing in: details, the SMS code, then their QR (360 px, keyboard)', async () => {
    const holder = await demoHolder();
    const context = await browser().newContext({ viewport: { width: 360, height: 740 }, locale: 'vi-VN' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));

    // From the home page's link.
    await page.goto(e2e.url);
    await page.getByTestId('home-lookup-link').click();
    await page.getByRole('heading', { name: 'Tra cứu hộ chiếu vắc xin' }).waitFor();
    expect(page.url()).toBe(`${e2e.url}/passport`);
    // Labelled fields, Vietnamese first.
    await page.getByLabel('Họ và tên').waitFor();
    await page.getByLabel('Ngày sinh').waitFor();
    await page.getByLabel('Số điện thoại').waitFor();

    // A miss (wrong birth date) looks exactly like a hit: the code step, and no SMS goes out.
    const sent = codesTo(holder.phone).length;
    await fillDetails(page, { ...holder, fullName: plain(holder.fullName), birthDate: '1901-01-01' });
    await page.getByTestId('lookup-phone').press('Enter');
    await page.getByTestId('lookup-code-sent').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'lookup-code-360.png'), fullPage: true });
    // (Whether the miss sent a code is checked below, once the hit's code has come: codes go out in order.)
    await page.getByRole('button', { name: 'Tra cứu lại' }).click();

    // The right details, typed loosely (no accents, lower case), submitted with the keyboard.
    await page.getByTestId('lookup-name').fill(plain(holder.fullName));
    await page.getByTestId('lookup-birth-date').fill(holder.birthDate);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(SHOTS, 'lookup-details-360.png'), fullPage: true });
    await page.getByTestId('lookup-phone').press('Enter');
    await page.getByTestId('lookup-code-sent').waitFor();
    const code = await nextCode(holder.phone, sent);
    expect(codesTo(holder.phone)).toHaveLength(sent + 1);
    // The code input has focus: typing fills it and the last digit submits.
    await page.keyboard.type(code);

    const status = page.getByTestId('passport-status');
    await status.waitFor();
    expect(await status.getAttribute('data-colour')).toBe('green');
    expect(await page.getByTestId('passport-holder').textContent()).toBe(holder.fullName);
    const qr = page.getByTestId('passport-qr-image');
    await qr.waitFor();
    expect(await qr.getAttribute('alt')).toContain(holder.fullName);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(SHOTS, 'lookup-passport-360.png'), fullPage: true });

    // The QR on screen is the person's certificate, and it verifies against the published trust list.
    const shot = path.join(SHOTS, 'lookup-qr-eu-dcc.png');
    await page.getByTestId('passport-qr').screenshot({ path: shot });
    const text = await qrFromImageFile(shot);
    expect(text).toBe(holder.euDcc);
    const trust = await (await fetch(`${e2e.url}/.well-known/sskdt/dcc-trust-list.json`)).text();
    const result = await verifyQr(text, {
      trust: await TrustStore.load([trust], nodePlatform),
      at: new Date(),
      platform: nodePlatform,
    });
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);

    // The PDF button downloads the PDF (the token goes in a header, not in the link).
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('passport-pdf-wallet-en').click(),
    ]);
    expect(download.suggestedFilename()).toBe('sskdt-certificate-wallet-en.pdf');
    const file = await download.path();
    expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');

    // English, same screen.
    await page.getByTestId('language-switch').getByText('EN').click();
    await expect.poll(() => qr.getAttribute('alt')).toContain('vaccination certificate QR code');
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(SHOTS, 'lookup-passport-360-en.png'), fullPage: true });

    expect(errors).toEqual([]);
    await context.close();
  });
});
