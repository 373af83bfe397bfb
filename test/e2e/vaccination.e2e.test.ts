import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chromiumForFile, SHOTS } from './chromium.ts';
import { demoServerForFile } from './demo-server.ts';
import { signInCitizen } from './demo-sign-in.ts';

const browser = chromiumForFile();
const e2e = demoServerForFile();

describe('vaccination status in the citizen app', () => {
  it('a demo household sees each member’s green or yellow card with its reasons', async () => {
    const logins = await (await fetch(`${e2e.url}/api/auth/demo-logins`)).json();
    const phone = logins.citizens[0].phone as string;
    const page = await (
      await browser().newContext({ viewport: { width: 390, height: 844 }, locale: 'vi-VN' })
    ).newPage();
    await signInCitizen(page, phone);
    await page
      .getByRole('link', { name: /^Xem hồ sơ/ })
      .first()
      .click();
    await page.getByTestId('tab-vaccination').click();
    const card = page.getByTestId('status-card');
    await card.waitFor();
    expect(await card.getAttribute('data-colour')).toBe('green');
    expect(await card.textContent()).toContain('Đã tiêm nhắc');
    expect(await page.getByTestId('dose-list').locator('tbody tr').count()).toBe(3);
    await page.screenshot({ path: path.join(SHOTS, 'citizen-status-green.png'), fullPage: true });
    await page.getByTestId('language-switch').getByText('EN').click();
    await expect.poll(() => card.textContent()).toContain('Boosted');
    await page.screenshot({ path: path.join(SHOTS, 'citizen-status-green-en.png'), fullPage: true });
    await page.context().close();
  });
});
