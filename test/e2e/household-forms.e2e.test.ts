import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chromiumForFile, SHOTS } from './chromium.ts';
import { demoServerForFile } from './demo-server.ts';
import { codesTo, nextCode, signInCitizen } from './demo-sign-in.ts';

const browser = chromiumForFile();
const e2e = demoServerForFile();

const demoPhones = async () =>
  ((await (await fetch(`${e2e.url}/api/auth/demo-logins`)).json()).citizens as { phone: string }[]).map(
    (c) => c.phone,
  );

describe('the citizen’s household forms', () => {
  it('"Thêm thành viên" starts with no relationship and no sex, asks for both, and offers no second "Bản thân"', async () => {
    const [phone] = await demoPhones();
    const page = await (
      await browser().newContext({ viewport: { width: 360, height: 800 }, locale: 'vi-VN' })
    ).newPage();
    await signInCitizen(page, phone);
    await page.getByTestId('add-member').click();
    const form = page.getByTestId('member-form');
    await form.waitFor();
    const relationship = form.getByTestId('member-relationship');
    const sex = form.getByTestId('member-sex');
    expect(await relationship.inputValue()).toBe('');
    expect(await relationship.getAttribute('placeholder')).toBe('Chọn quan hệ');
    expect(await sex.inputValue()).toBe('');
    expect(await sex.getAttribute('placeholder')).toBe('Chọn giới tính');
    await relationship.click();
    const options = page.getByRole('option');
    await options.first().waitFor();
    expect(await options.allTextContents()).toEqual(['Vợ/chồng', 'Con', 'Bố/mẹ', 'Khác']);
    await page.keyboard.press('Escape');
    await form.getByLabel('Họ và tên').fill('Nguyễn Văn Thử');
    await form.getByLabel('Ngày sinh').fill('2015-03-04');
    await page.getByTestId('member-submit').click();
    await expect.poll(() => form.textContent()).toContain('Hãy chọn quan hệ của người này với bạn');
    expect(await form.textContent()).toContain('Hãy chọn giới tính');
    await page.screenshot({ path: path.join(SHOTS, 'member-form-required.png'), fullPage: true });
    await page.context().close();
  });

  it('offers "Gửi lại mã" once the wait is over, and the new code signs in', async () => {
    const phones = await demoPhones();
    const phone = phones[1] ?? phones[0];
    const page = await (
      await browser().newContext({ viewport: { width: 360, height: 800 }, locale: 'vi-VN' })
    ).newPage();
    await page.clock.install();
    await page.goto(`${e2e.url}/citizen`);
    await page.getByTestId('phone-input').fill(phone);
    const before = codesTo(phone).length;
    await page.getByTestId('send-code').click();
    await nextCode(phone, before);
    const countdown = page.getByTestId('resend-countdown');
    await countdown.waitFor();
    expect(await countdown.textContent()).toMatch(/^Gửi lại mã sau [01]:\d\d$/);
    expect(await page.getByTestId('resend-code').count()).toBe(0);
    await page.clock.fastForward(61_000);
    const resend = page.getByTestId('resend-code');
    await resend.waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'citizen-login-resend.png'), fullPage: true });
    await resend.click();
    const second = await nextCode(phone, before + 1);
    expect(codesTo(phone).length).toBe(before + 2);
    // The wait starts again for the new code.
    await countdown.waitFor();
    await page.getByTestId('code-input').locator('input').first().click();
    await page.keyboard.type(second);
    await page.getByTestId('members').waitFor();
    await page.context().close();
  });
});
