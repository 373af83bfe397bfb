import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumForFile, SHOTS } from './chromium.ts';
import { demoServerForFile } from './demo-server.ts';
import { signInCitizen } from './demo-sign-in.ts';

const browser = chromiumForFile();
const e2e = demoServerForFile();

const verdict = (page: Page) => page.getByTestId('verifier-result').getAttribute('data-verdict');

async function uploadPhoto(page: Page, file: string) {
  await page.getByRole('tab', { name: 'Tải ảnh' }).click();
  await page.locator('input[type=file]').first().setInputFiles(file);
}

/** Waits until the verifier trusts at least one EU DCC key and one SMART Health Card key. */
async function trustsInstance(page: Page) {
  await expect
    .poll(() => page.getByTestId('trust-count').textContent(), { timeout: 20_000 })
    .toMatch(/^[1-9]\d* khóa EU DCC, [1-9]\d* khóa SMART Health Card$/);
}

describe('vaccine passport → verifier', () => {
  it('the QR of a fully vaccinated member, photographed from the screen, verifies green, offline too', async () => {
    const logins = await (await fetch(`${e2e.url}/api/auth/demo-logins`)).json();
    const phone = logins.citizens[0].phone as string;
    const citizen: BrowserContext = await browser().newContext({
      viewport: { width: 390, height: 844 },
      locale: 'vi-VN',
    });
    const page = await citizen.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await signInCitizen(page, phone);
    await page
      .getByRole('link', { name: /^Xem hồ sơ/ })
      .first()
      .click();
    await page.getByTestId('tab-passport').click();

    // The green card, the holder, three doses, and the EU DCC QR drawn as an image with an alt text.
    const status = page.getByTestId('passport-status');
    await status.waitFor();
    expect(await status.getAttribute('data-colour')).toBe('green');
    expect(await status.textContent()).toContain('Đã tiêm nhắc');
    const holder = (await page.getByTestId('passport-holder').textContent()) ?? '';
    expect(holder).toBe(await page.getByTestId('member-name').textContent());
    expect(await page.getByTestId('passport-birth-date').textContent()).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    expect(await page.getByTestId('passport-uvci').textContent()).toMatch(/^URN:UVCI:01:VN:/);
    expect(await page.getByTestId('passport-doses').locator('li').count()).toBe(3);
    const qr = page.getByTestId('passport-qr-image');
    await qr.waitFor();
    expect(await qr.getAttribute('alt')).toContain('EU DCC');
    expect(await qr.getAttribute('alt')).toContain(holder);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(SHOTS, 'passport-390.png'), fullPage: true });
    const euShot = path.join(SHOTS, 'passport-qr-eu-dcc.png');
    await page.getByTestId('passport-qr').screenshot({ path: euShot });

    // English, at 360 px: the same screen, no horizontal scrolling.
    await page.setViewportSize({ width: 360, height: 740 });
    await page.getByTestId('language-switch').getByText('EN').click();
    await expect.poll(() => qr.getAttribute('alt')).toContain('vaccination certificate QR code');
    expect(await status.textContent()).toContain('Boosted');
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(SHOTS, 'passport-360-en.png'), fullPage: true });
    await page.getByTestId('language-switch').getByText('VI').click();
    await page.setViewportSize({ width: 390, height: 844 });

    // The PDF links answer with PDFs (the session cookie goes with them).
    const pdf = await page.evaluate(async () => {
      const link = document.querySelector<HTMLAnchorElement>('[data-testid="passport-pdf-wallet-en"]');
      const response = await fetch(link?.href ?? '');
      return { type: response.headers.get('content-type'), head: (await response.text()).slice(0, 5) };
    });
    expect(pdf).toEqual({ type: 'application/pdf', head: '%PDF-' });

    // The SMART Health Card QR (longer: a larger QR), photographed from the full-screen view on a
    // tablet-sized screen (a phone shows it at 3 device pixels per CSS pixel; screenshots take one).
    await page.getByTestId('passport-format').getByText('SMART Health Card').click();
    await expect.poll(() => page.getByTestId('passport-qr').getAttribute('data-format')).toBe('shc');
    await page.setViewportSize({ width: 900, height: 1000 });
    await page.getByTestId('passport-fullscreen').click();
    const large = page.getByTestId('passport-qr-large');
    await large.waitFor();
    expect(await large.getAttribute('alt')).toContain('SMART Health Card');
    const shcShot = path.join(SHOTS, 'passport-qr-shc.png');
    await large.screenshot({ path: shcShot });
    await page.keyboard.press('Escape');
    await expect.poll(() => large.count()).toBe(0);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('passport-fullscreen').click();
    await large.waitFor();
    await expect.poll(() => page.evaluate(() => document.getAnimations().length)).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, 'passport-fullscreen-390.png') });
    await page.getByRole('button', { name: 'Đóng' }).last().click();
    await expect.poll(() => large.count()).toBe(0);

    // The verifier page, in another browser (no session), trusts the instance's published keys.
    const verifierContext = await browser().newContext({
      viewport: { width: 390, height: 844 },
      locale: 'vi-VN',
    });
    const verifier = await verifierContext.newPage();
    verifier.on('pageerror', (error) => errors.push(error.message));
    await verifier.goto(`${e2e.url}/verifier`);
    await verifier.getByRole('heading', { name: 'Kiểm tra chứng nhận', exact: true }).waitFor();
    await trustsInstance(verifier);

    await uploadPhoto(verifier, euShot);
    await expect.poll(() => verdict(verifier), { timeout: 20_000 }).toBe('valid');
    expect(await verifier.getByTestId('verdict-title').textContent()).toBe('HỢP LỆ');
    expect(await verifier.getByTestId('holder-name').textContent()).toBeTruthy();
    await verifier.getByTestId('details-toggle').click();
    for (const check of ['cose', 'kid', 'signature', 'expiry', 'keyUsage'])
      expect(await verifier.getByTestId(`check-${check}`).getAttribute('data-state')).toBe('pass');
    await verifier.screenshot({ path: path.join(SHOTS, 'passport-verifier-eu-dcc.png'), fullPage: true });

    await uploadPhoto(verifier, shcShot);
    await expect
      .poll(() => verifier.getByTestId('holder').textContent(), { timeout: 20_000 })
      .toContain('SMART Health Card');
    expect(await verdict(verifier)).toBe('valid');
    await verifier.screenshot({ path: path.join(SHOTS, 'passport-verifier-shc.png'), fullPage: true });

    // Network blocked after the page has been loaded and cached: a reload still verifies the photo.
    await verifier.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await expect
      .poll(
        () =>
          verifier.evaluate(async () => {
            const keys = await (await caches.open('sskdt-assets-v1')).keys();
            return keys.some((k) => /\/assets\/Verifier-.*\.js$/.test(k.url));
          }),
        { timeout: 20_000 },
      )
      .toBe(true);
    await verifierContext.setOffline(true);
    await verifier.reload();
    await verifier.getByRole('heading', { name: 'Kiểm tra chứng nhận', exact: true }).waitFor();
    expect(
      await verifier.evaluate(() =>
        fetch('/api/overview').then(
          () => 'online',
          () => 'offline',
        ),
      ),
    ).toBe('offline');
    await trustsInstance(verifier);
    await uploadPhoto(verifier, euShot);
    await expect.poll(() => verdict(verifier), { timeout: 20_000 }).toBe('valid');
    expect(await verifier.getByTestId('verdict-title').textContent()).toBe('HỢP LỆ');
    await verifier.screenshot({ path: path.join(SHOTS, 'passport-verifier-offline.png'), fullPage: true });

    expect(errors).toEqual([]);
    await verifierContext.close();
    await citizen.close();
  });

  it('a member with no dose yet sees a clear message instead of a QR', async () => {
    const logins = await (await fetch(`${e2e.url}/api/auth/demo-logins`)).json();
    const phone = logins.citizens.at(-1).phone as string;
    const context = await browser().newContext({ viewport: { width: 360, height: 740 }, locale: 'vi-VN' });
    const page = await context.newPage();
    await signInCitizen(page, phone);
    // A newborn added to the household has no dose, so no certificate.
    const personId = await page.evaluate(async () => {
      const me = await (await fetch('/api/auth/me')).json();
      const response = await fetch('/api/me/household/members', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
        body: JSON.stringify({
          fullName: 'Bé Kiểm Thử Hộ Chiếu',
          birthDate: new Date().toISOString().slice(0, 10),
          sex: 'female',
          relationship: 'child',
        }),
      });
      const body = await response.json();
      return (body.person?.id ?? body.id) as string;
    });
    expect(personId).toMatch(/^[0-9a-f-]{36}$/);
    await page.goto(`${e2e.url}/citizen/members/${personId}`);
    await page.getByTestId('tab-passport').click();
    const none = page.getByTestId('passport-none');
    await none.waitFor();
    expect(await none.textContent()).toContain('Chưa có chứng nhận');
    expect(await page.getByTestId('passport-qr').count()).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, 'passport-none-360.png'), fullPage: true });
    await context.close();
  });
});
