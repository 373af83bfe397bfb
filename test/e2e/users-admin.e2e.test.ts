import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chromiumForFile, SHOTS } from './chromium.ts';
import { demoServerForFile } from './demo-server.ts';
import { signInStaff } from './demo-sign-in.ts';

const browser = chromiumForFile();
demoServerForFile();

describe('staff accounts', () => {
  it('an admin creates a clinic account, finding its facility by name without accents', async () => {
    const context = await browser().newContext({ viewport: { width: 1000, height: 900 }, locale: 'vi-VN' });
    const page = await context.newPage();
    await signInStaff(page, 'demo.admin');
    await page.getByRole('tab', { name: 'Tài khoản cán bộ' }).click();

    await page.getByLabel('Tên đăng nhập').fill('pk.letan');
    await page.getByLabel('Họ tên hiển thị').fill('Lễ tân phòng khám');
    await page.getByRole('combobox', { name: 'Vai trò' }).click();
    await page.getByRole('option', { name: 'Nhân viên phòng khám' }).click();
    const facility = page.getByTestId('user-facility');
    await facility.fill('phong kham ba dinh');
    const option = page.getByRole('option', { name: /^Phòng khám đa khoa Ba Đình \(PK-\d+\)/ });
    await option.click();
    expect(await facility.inputValue()).toMatch(/^Phòng khám đa khoa Ba Đình \(PK-\d+\)$/);
    await page.screenshot({ path: path.join(SHOTS, 'users-admin.png') });
    await page.getByRole('button', { name: 'Tạo tài khoản' }).click();

    await page.getByText(/Đã tạo\. Mật khẩu \(chỉ hiện một lần\): \S{12,}/).waitFor();
    const row = page.getByRole('row').filter({ hasText: 'pk.letan' });
    await expect.poll(() => row.textContent()).toContain('Phòng khám đa khoa Ba Đình');
    expect(await row.textContent()).toContain('Nhân viên phòng khám');
    await context.close();
  });

  it('an admin binds managers to their unit by picking it by name, not typing a code', async () => {
    const context = await browser().newContext({ viewport: { width: 360, height: 900 }, locale: 'vi-VN' });
    const page = await context.newPage();
    await signInStaff(page, 'demo.admin');
    await page.getByRole('tab', { name: 'Tài khoản cán bộ' }).click();

    // A commune manager: the commune is found by its name without accents, shown with its province.
    await page.getByLabel('Tên đăng nhập').fill('xa.badinh2');
    await page.getByLabel('Họ tên hiển thị').fill('Cán bộ xã Ba Đình');
    await page.getByRole('combobox', { name: 'Vai trò' }).click();
    await page.getByRole('option', { name: 'Quản lý cấp xã' }).click();
    const commune = page.getByTestId('user-unit');
    await commune.fill('ba dinh');
    await page.getByRole('option', { name: /^Phường Ba Đình — .*Hà Nội \(\d{5}\)$/ }).click();
    expect(await commune.inputValue()).toMatch(/^Phường Ba Đình — .*Hà Nội \(\d{5}\)$/);
    await page.screenshot({ path: path.join(SHOTS, 'users-admin-unit.png') });
    await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
    await page.getByText(/Đã tạo\. Mật khẩu/).waitFor();
    const row = page.getByRole('row').filter({ hasText: 'xa.badinh2' });
    await expect.poll(() => row.textContent()).toContain('Phường Ba Đình');

    // A province manager: only provinces are offered.
    await page.getByLabel('Tên đăng nhập').fill('tinh.hanoi2');
    await page.getByLabel('Họ tên hiển thị').fill('Cán bộ Sở Y tế Hà Nội');
    await page.getByRole('combobox', { name: 'Vai trò' }).click();
    await page.getByRole('option', { name: 'Quản lý cấp tỉnh' }).click();
    const province = page.getByTestId('user-unit');
    await province.fill('ha noi');
    await page.getByRole('option', { name: /^.*Hà Nội \(01\)$/ }).click();
    await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
    const second = page.getByRole('row').filter({ hasText: 'tinh.hanoi2' });
    await expect.poll(() => second.textContent()).toContain('Hà Nội');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await context.close();
  });
});

describe('API keys', () => {
  it('an admin creates a key for a facility (shown once, with its expiry), sees it listed, and stops it', async () => {
    const context = await browser().newContext({ viewport: { width: 390, height: 900 }, locale: 'vi-VN' });
    const page = await context.newPage();
    await signInStaff(page, 'demo.admin');
    await page.getByTestId('tab-api-keys').click();
    const facility = page.getByTestId('api-key-facility');
    await facility.fill('tram y te ba dinh');
    await page
      .getByRole('option', { name: /^Trạm Y tế phường Ba Đình/ })
      .first()
      .click();
    const name = `HIS e2e ${Date.now()}`;
    await page.getByLabel('Tên khóa').fill(name);
    await page.getByLabel('Thời hạn (ngày)').fill('90');
    await page.getByRole('button', { name: 'Tạo khóa API' }).click();
    const created = page.getByTestId('api-key-created');
    await created.waitFor();
    expect(await created.textContent()).toMatch(/sskdt_[\w-]{20,}/);
    const row = page.getByTestId('api-key-list').getByRole('row').filter({ hasText: name });
    await expect.poll(() => row.textContent()).toContain('Đang dùng');
    expect(await row.textContent()).toContain('Chưa dùng');
    expect(await row.textContent()).not.toMatch(/sskdt_[\w-]{20,}/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(SHOTS, 'api-keys-admin-390.png'), fullPage: true });
    await row.getByRole('button', { name: `Dừng khóa ${name}` }).click();
    await row.getByRole('button', { name: 'Thu hồi' }).click();
    await expect.poll(() => row.textContent()).toContain('Đã thu hồi');
    await context.close();
  });
});
