import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chromiumForFile, SHOTS } from './chromium.ts';
import { demoServerForFile } from './demo-server.ts';
import { demoStaffApi, signInStaff } from './demo-sign-in.ts';

const browser = chromiumForFile();
demoServerForFile();

describe('a walk-in who is not in the register', () => {
  it('is added, registered and checked in from the site day, without leaving it', async () => {
    const context = await browser().newContext({ viewport: { width: 360, height: 800 }, locale: 'vi-VN' });
    const page = await context.newPage();
    await signInStaff(page, 'demo.tiem', '/site');
    await page.getByTestId('day-counts').waitFor();
    const name = 'Võ Thị Vãng Lai';

    await page.getByTestId('walk-in-search').fill('vo thi vang lai');
    await page.getByTestId('walk-in-new-open').click();
    const form = page.getByTestId('walk-in-new');
    await form.getByLabel('Họ và tên').fill(name);
    await form.getByLabel('Ngày sinh').fill('1975-03-08');
    await form.getByLabel('Số điện thoại').fill('0912345670');
    // The shared rules run in the form: a CCCD that does not fit the birth year and sex is refused.
    await form.getByLabel('Số CCCD').fill('001080000001');
    await page.getByTestId('walk-in-new-submit').click();
    await expect.poll(() => form.getByText(/CCCD/).count()).toBeGreaterThan(1);
    await form.getByLabel('Số CCCD').fill('');
    await page.screenshot({ path: path.join(SHOTS, 'walk-in-new.png'), fullPage: true });
    await page.getByTestId('walk-in-new-submit').click();

    // Registered and checked in for today: on the day's list, and the form is gone.
    const row = page.getByTestId('day-row').filter({ hasText: name });
    await row.waitFor();
    await form.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    // The person is in the register for staff everywhere.
    const staff = await demoStaffApi();
    const found = await staff.get(`/api/staff/people?q=${encodeURIComponent('vo thi vang lai')}`);
    expect(found.items.map((p: { fullName: string }) => p.fullName)).toContain(name);
    await context.close();
  });
});
