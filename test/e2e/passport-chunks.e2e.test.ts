import { createHash } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chromiumForFile, SHOTS } from './chromium.ts';
import { demoServerForFile } from './demo-server.ts';
import { demoStaffApi, signInCitizen } from './demo-sign-in.ts';

const browser = chromiumForFile();
/**
 * A SMART Health Card too long for one QR code: the passport shows its chunks labelled "Phần 1/2",
 * and the full screen steps through them with buttons and the arrow keys.
 */

const e2e = demoServerForFile();

/** 30 characters that do not compress, so ten doses take the card past one QR code. */
const lotNumberOf = (i: number) =>
  [...createHash('sha256').update(`e2e-shc-chunks-lot-${i}`).digest()]
    .slice(0, 30)
    .map((b) => '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'[b % 36])
    .join('');

describe('vaccine passport with a chunked SMART Health Card', () => {
  it('shows each chunk labelled; the full screen steps through them', async () => {
    const staff = await demoStaffApi();
    const me = await staff.get('/api/auth/me');
    const scope = me.actor.scope as { facilityId: string; communeId: string };
    const logins = await (await fetch(`${e2e.url}/api/auth/demo-logins`)).json();
    const phone = logins.citizens.at(-1).phone as string;
    const context = await browser().newContext({ viewport: { width: 390, height: 844 }, locale: 'vi-VN' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await signInCitizen(page, phone);
    const personId = await page.evaluate(async (unitId) => {
      const me = await (await fetch('/api/auth/me')).json();
      const response = await fetch('/api/me/household/members', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
        body: JSON.stringify({
          fullName: 'Trương Thị Mười Liều',
          birthDate: '1950-01-01',
          sex: 'female',
          relationship: 'parent',
          unitId,
        }),
      });
      const body = await response.json();
      return (body.person?.id ?? body.id) as string;
    }, scope.communeId);
    expect(personId).toMatch(/^[0-9a-f-]{36}$/);

    // Ten monthly doses, each from its own lot, recorded by the site from eleven months ago; the lots
    // expired since (so the other browser tests' lot pickers never offer these empty lots).
    const start = Date.now() - 330 * 86400e3;
    const expiresOn = new Date(start + 280 * 86400e3).toISOString().slice(0, 10);
    for (let i = 0; i < 10; i++) {
      const lot = await staff.post('/api/staff/lots', {
        vaccineCode: 'PFIZER',
        lotNumber: lotNumberOf(i),
        expiresOn,
      });
      await staff.post('/api/staff/stock/movements', {
        lotId: lot.id,
        kind: 'receipt',
        to: `facility:${scope.facilityId}`,
        quantity: 1,
      });
      await staff.post('/api/staff/doses', {
        id: crypto.randomUUID(),
        personId,
        vaccineCode: 'PFIZER',
        lotId: lot.id,
        doseNumber: i + 1,
        givenAt: new Date(start + i * 30 * 86400e3).toISOString(),
        overrideReason: 'Kiểm thử thẻ SMART Health Card nhiều liều',
      });
    }

    await page.goto(`${e2e.url}/citizen/members/${personId}`);
    await page.getByTestId('tab-passport').click();
    await page.getByTestId('passport-status').waitFor();
    await page.getByTestId('passport-format').getByText('SMART Health Card').click();
    const box = page.getByTestId('passport-qr');
    await expect.poll(() => box.getAttribute('data-format')).toBe('shc');
    expect(await box.getAttribute('data-chunks')).toBe('2');
    expect(await page.getByTestId('passport-qr-chunk-label').allTextContents()).toEqual([
      'Phần 1/2',
      'Phần 2/2',
    ]);
    await page.getByTestId('passport-qr-image-2').waitFor();
    expect(await page.getByTestId('passport-qr-image-1').getAttribute('alt')).toContain('Phần 1/2');
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(SHOTS, 'passport-shc-chunks-390.png'), fullPage: true });

    // Full screen: one chunk at a time; Next, then ← back, → forward.
    await page.getByTestId('passport-fullscreen').click();
    const large = page.getByTestId('passport-qr-large');
    const label = page.getByTestId('passport-fullscreen-view').getByTestId('passport-qr-chunk-label');
    await large.waitFor();
    expect(await label.textContent()).toBe('Phần 1/2');
    expect(await page.getByTestId('passport-chunk-previous').isDisabled()).toBe(true);
    await page.getByTestId('passport-chunk-next').click();
    await expect.poll(() => label.textContent()).toBe('Phần 2/2');
    expect(await page.getByTestId('passport-chunk-next').isDisabled()).toBe(true);
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => label.textContent()).toBe('Phần 1/2');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => label.textContent()).toBe('Phần 2/2');
    await large.waitFor();
    expect(await large.getAttribute('alt')).toContain('Phần 2/2');

    // English labels.
    await page.keyboard.press('Escape');
    await expect.poll(() => large.count()).toBe(0);
    await page.getByTestId('language-switch').getByText('EN').click();
    await expect
      .poll(() => page.getByTestId('passport-qr-chunk-label').allTextContents())
      .toEqual(['Part 1 of 2', 'Part 2 of 2']);
    await page.getByTestId('passport-fullscreen').click();
    await expect.poll(() => label.textContent()).toBe('Part 1 of 2');
    expect(errors).toEqual([]);
    await context.close();
  });
});
