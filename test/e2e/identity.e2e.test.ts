import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumForFile, SHOTS } from './chromium.ts';
import { demoServerForFile } from './demo-server.ts';
import { codesTo, nextCode, signInStaff, signUpCitizen } from './demo-sign-in.ts';

const browser = chromiumForFile();
const e2e = demoServerForFile();

async function page(width = 1280, height = 900): Promise<Page> {
  const context = await browser().newContext({ viewport: { width, height }, locale: 'vi-VN' });
  return context.newPage();
}

describe('identity story: citizen, household, correction, commune approval', () => {
  it('a citizen signs in with the SMS code, adds a family member, asks for a correction; a commune manager approves; the citizen sees it', async ({
    onTestFailed,
  }) => {
    const phone = '0912555001';
    const citizen = await page(390, 844);
    await signUpCitizen(citizen, phone);
    await citizen.screenshot({ path: path.join(SHOTS, 'citizen-household-empty.png'), fullPage: true });

    const addMember = async (fields: {
      relationship: string;
      name: string;
      birth: string;
      sex?: string;
      cccd?: string;
    }) => {
      await citizen.getByTestId('add-member').click();
      const form = citizen.getByTestId('member-form');
      await form.getByLabel('Quan hệ').click();
      await citizen.getByRole('option', { name: fields.relationship }).click();
      await form.getByLabel('Họ và tên').fill(fields.name);
      await form.getByLabel('Ngày sinh').fill(fields.birth);
      if (fields.sex) {
        await form.getByLabel('Giới tính').click();
        await citizen.getByRole('option', { name: fields.sex, exact: true }).click();
      }
      if (fields.cccd) await form.getByLabel('Số CCCD').fill(fields.cccd);
      await form.getByLabel('Xã, phường, đặc khu (2025)').fill('ba dinh');
      await citizen.getByRole('option', { name: /Phường Ba Đình — Thành phố Hà Nội/ }).click();
      const codes = codesTo(phone).length;
      await citizen.getByTestId('member-submit').click();
      await citizen.getByTestId('member-form').waitFor({ state: 'detached' });
      if (fields.cccd) {
        // A member with a CCCD waits for consent: the code (to this phone, the CCCD being new) is typed
        // in the dialog that opens.
        const linkCode = await nextCode(phone, codes);
        await citizen.getByTestId('pending-links').waitFor();
        await citizen.screenshot({ path: path.join(SHOTS, 'citizen-household-pending.png'), fullPage: true });
        await citizen.getByTestId('link-code').locator('input').first().click();
        await citizen.keyboard.type(linkCode);
        await citizen.getByRole('button', { name: 'Xác nhận', exact: true }).click();
        await citizen.getByTestId('pending-links').waitFor({ state: 'detached' });
      }
      await expect
        .poll(() => citizen.getByTestId('members').textContent())
        .toMatch(new RegExp(fields.name.split(' ').at(-1)!, 'i'));
    };
    await addMember({
      relationship: 'Bản thân',
      name: 'Trần Văn Hùng',
      birth: '1980-02-14',
      sex: 'Nam',
      cccd: '001080123457',
    });
    await addMember({ relationship: 'Con', name: 'tran thi mai', birth: '2012-09-01', sex: 'Nữ' });
    await citizen.screenshot({ path: path.join(SHOTS, 'citizen-household.png'), fullPage: true });

    await citizen.getByRole('link', { name: 'Xem hồ sơ: Tran Thi Mai' }).click();
    await citizen.getByTestId('member-name').waitFor();
    await citizen.getByTestId('tab-corrections').click();
    await citizen.getByTestId('correction-value').fill('Trần Thị Mai');
    await citizen.getByTestId('correction-submit').click();
    await expect
      .poll(() => citizen.getByTestId('correction-history').textContent())
      .toContain('Đang chờ xử lý');
    await citizen.screenshot({ path: path.join(SHOTS, 'citizen-correction-requested.png'), fullPage: true });

    const staff = await page();
    onTestFailed(async () => {
      await staff
        .screenshot({ path: path.join(SHOTS, 'failure-identity-staff.png'), fullPage: true })
        .catch(() => {});
    });
    // The staff area directly (the site page has a sign-in form of its own, for site staff).
    await staff.goto(`${e2e.url}/staff`);
    await staff.getByTestId('demo-accounts').waitFor();
    await staff.getByTestId('staff-username').fill('demo.xa');
    await staff.getByTestId('staff-password').fill('demo-sskdt-2021');
    await staff.getByTestId('staff-submit').click();
    await staff.getByTestId('tab-queue').click();
    const item = staff.getByTestId('queue-item').filter({ hasText: 'Trần Thị Mai' });
    await item.waitFor();
    await staff.screenshot({ path: path.join(SHOTS, 'staff-correction-queue.png'), fullPage: true });
    await item.getByTestId('approve').click();
    await expect
      .poll(() => staff.getByTestId('queue-item').filter({ hasText: 'Trần Thị Mai' }).count())
      .toBe(0);

    await citizen.reload();
    await expect.poll(() => citizen.getByTestId('member-name').textContent()).toBe('Trần Thị Mai');
    await citizen.getByTestId('tab-corrections').click();
    await expect.poll(() => citizen.getByTestId('correction-history').textContent()).toContain('Đã duyệt');
    await citizen.screenshot({ path: path.join(SHOTS, 'citizen-correction-applied.png'), fullPage: true });
    await citizen.getByRole('tab', { name: 'Ai đã xem hồ sơ' }).click();
    await expect
      .poll(() => citizen.getByTestId('access-log').textContent())
      .toContain('Cán bộ y tế xã (demo)');
    await citizen.screenshot({ path: path.join(SHOTS, 'citizen-access-log.png'), fullPage: true });
    await citizen.getByRole('tab', { name: 'Thông tin', exact: true }).click();
    await citizen.getByTestId('edit-member').click();
    await citizen.getByRole('dialog').getByLabel('Số điện thoại').fill('0241234567');
    await citizen.getByRole('dialog').getByRole('button', { name: 'Lưu' }).click();
    await expect.poll(() => citizen.getByRole('dialog').textContent()).toContain('không phải đầu số di động');
    await citizen.getByRole('dialog').getByLabel('Số điện thoại').fill('0912555002');
    await citizen.getByRole('dialog').getByRole('button', { name: 'Lưu' }).click();
    await expect.poll(() => citizen.getByText('0912555002').count()).toBe(1);
    await citizen.context().close();
    await staff.context().close();
  });

  it('a staff member finds "nguyen van a"-style searches in the jurisdiction and opens the record', async () => {
    const staff = await page();
    await signInStaff(staff, 'demo.tinh');
    await staff.getByTestId('people-search-input').fill('tran van hung');
    await staff.getByLabel('Ngày sinh (không bắt buộc)').fill('1980-02-14');
    await staff.getByTestId('people-search-submit').click();
    await staff.getByTestId('people-search-results').getByRole('link', { name: 'Trần Văn Hùng' }).click();
    await expect.poll(() => staff.getByTestId('staff-person-name').textContent()).toBe('Trần Văn Hùng');
    await staff.screenshot({ path: path.join(SHOTS, 'staff-person.png'), fullPage: true });
    await staff.context().close();
  });

  it('a person without a phone agrees at the site: staff check the card and confirm the household request', async () => {
    const phone = '0912555010';
    const citizen = await page(390, 844);
    await signUpCitizen(citizen, phone);
    await citizen.getByTestId('add-member').click();
    const form = citizen.getByTestId('member-form');
    await form.getByLabel('Quan hệ').click();
    await citizen.getByRole('option', { name: 'Vợ/chồng' }).click();
    await form.getByLabel('Họ và tên').fill('Đỗ Thị Hạnh');
    await form.getByLabel('Ngày sinh').fill('1983-06-15');
    await form.getByLabel('Giới tính').click();
    await citizen.getByRole('option', { name: 'Nữ', exact: true }).click();
    await form.getByLabel('Số CCCD').fill('001183555010');
    await form.getByLabel('Xã, phường, đặc khu (2025)').fill('ba dinh');
    await citizen.getByRole('option', { name: /Phường Ba Đình — Thành phố Hà Nội/ }).click();
    await citizen.getByTestId('member-submit').click();
    await citizen.getByTestId('pending-links').waitFor();
    // Until someone confirms, the household shows the request only.
    expect(await citizen.locator('body').textContent()).toContain('Đỗ Thị Hạnh');
    expect(await citizen.getByRole('link', { name: /Xem hồ sơ: Đỗ Thị Hạnh/ }).count()).toBe(0);

    const staff = await page(390, 844);
    await signInStaff(staff, 'demo.tiem');
    await staff.getByTestId('tab-links').click();
    await staff.getByLabel('Số CCCD trên thẻ').fill('001183555010');
    await staff.getByRole('button', { name: 'Tìm yêu cầu' }).click();
    const request = staff.getByTestId('link-request').filter({ hasText: 'Đỗ Thị Hạnh' });
    await request.waitFor();
    expect(await request.textContent()).toContain('Chưa có hồ sơ');
    const confirm = request.getByRole('button', { name: 'Xác nhận' });
    expect(await confirm.isDisabled()).toBe(true);
    await request.getByLabel(/Tôi đã xem thẻ CCCD/).check();
    await staff.screenshot({ path: path.join(SHOTS, 'staff-link-confirm-390.png'), fullPage: true });
    await confirm.click();
    await staff.getByText('Đã xác nhận: Đỗ Thị Hạnh được thêm vào hộ.').waitFor();
    expect(await staff.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    await citizen.reload();
    await citizen.getByRole('link', { name: 'Xem hồ sơ: Đỗ Thị Hạnh' }).waitFor();
    expect(await citizen.getByTestId('pending-links').count()).toBe(0);
    await citizen.context().close();
    await staff.context().close();
  });
});
