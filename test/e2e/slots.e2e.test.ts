import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumForFile, SHOTS } from './chromium.ts';
import { demoServerForFile } from './demo-server.ts';
import { signInCitizen } from './demo-sign-in.ts';

const browser = chromiumForFile();
const e2e = demoServerForFile();
const WIDTH = 360;

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, name), fullPage: true });

/** The element lies within the 360 px screen: not clipped on either side. */
async function expectOnScreen(locator: Locator) {
  const box = await locator.boundingBox();
  expect(box).not.toBeNull();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(WIDTH);
}

/** Nothing on the page is wider than the phone. */
async function expectNoSideScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(WIDTH);
}

interface Reg {
  id: string;
  personId: string;
  state: string;
  appointment: { slot: string | null } | null;
}

describe('time slots in the citizen app (360 px, Vietnamese)', () => {
  it('a demo household chooses a session and a slot, confirms, moves it and cancels it', {
    timeout: 120_000,
  }, async () => {
    const logins = await (await fetch(`${e2e.url}/api/auth/demo-logins`)).json();
    const phone = (logins.citizens[1] ?? logins.citizens[0]).phone as string;
    const context = await browser().newContext({ viewport: { width: WIDTH, height: 780 }, locale: 'vi-VN' });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await signInCitizen(page, phone);
    // A member waiting for a slot (the demo gives one household such a registration), else one booked.
    const regs: Reg[] = (await page.evaluate(async () => (await fetch('/api/me/registrations')).json()))
      .items;
    const reg = regs.find((r) => r.state === 'pending') ?? regs.find((r) => r.state === 'scheduled');
    expect(reg, 'the demo household has a registration to book').toBeDefined();
    await page.goto(`${e2e.url}/citizen/members/${reg!.personId}`);
    await page.getByTestId('tab-registration').click();
    const item = page
      .getByTestId('registration')
      .filter({ has: page.getByTestId('registration-state') })
      .first();
    const state = item.getByTestId('registration-state');
    const notice = item.getByTestId('booking-notice');

    const cancel = async (name: string) => {
      await item.getByTestId('cancel-appointment').click();
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      // The dialog has finished fading in before it is photographed.
      await expect.poll(() => dialog.evaluate((el) => getComputedStyle(el).opacity)).toBe('1');
      expect(await dialog.textContent()).toContain('Hủy lịch hẹn?');
      await expectOnScreen(dialog.getByTestId('confirm-cancel'));
      await shot(page, name);
      await dialog.getByTestId('confirm-cancel').click();
      await dialog.waitFor({ state: 'detached' });
      await expect.poll(() => state.textContent()).toBe('Chờ xếp lịch');
      await expect.poll(() => notice.textContent()).toContain('Đã hủy lịch hẹn');
    };
    if (reg!.state === 'scheduled') await cancel('slots-cancel-first.png');

    // Choose a session, then a slot: times with the seats left, full ones disabled.
    const session = item.getByTestId('session-option').first();
    await session.waitFor();
    await expectOnScreen(session.getByTestId('book-session'));
    await session.getByTestId('book-session').click();
    const picker = item.getByTestId('slot-picker');
    await picker.waitFor();
    const slots = picker.getByTestId('slot-option');
    await expect.poll(() => slots.count()).toBeGreaterThan(1);
    expect(await slots.first().textContent()).toMatch(/^\d{2}:\d{2}–\d{2}:\d{2}(còn \d+ chỗ|Hết chỗ)$/);
    for (const full of await picker.locator('[data-full="true"]').all())
      expect(await full.isDisabled()).toBe(true);
    await expectNoSideScroll(page);
    await shot(page, 'slots-choose.png');
    const free = picker.locator('[data-testid="slot-option"]:not([disabled])');
    const firstTime = (await free.first().textContent())!.slice(0, 11);
    await free.first().click();

    // The confirmation step: person, place, date (dd/mm/yyyy), time.
    const confirm = item.getByTestId('booking-confirm');
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain('Xác nhận đặt chỗ');
    expect(await confirm.getByTestId('confirm-date').textContent()).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    expect(await confirm.getByTestId('confirm-time').textContent()).toBe(firstTime);
    expect((await confirm.getByTestId('confirm-person').textContent())!.length).toBeGreaterThan(3);
    expect((await confirm.getByTestId('confirm-place').textContent())!.length).toBeGreaterThan(3);
    await expectOnScreen(confirm.getByTestId('confirm-booking'));
    await expectNoSideScroll(page);
    await shot(page, 'slots-confirm.png');
    await confirm.getByTestId('confirm-booking').click();
    await expect.poll(() => state.textContent()).toBe('Đã có lịch hẹn');
    await expect.poll(() => notice.textContent()).toContain('Đã đặt chỗ cho');
    expect(await notice.textContent()).toContain(firstTime);
    expect(await item.getByTestId('appointment').textContent()).toContain(firstTime.replace('–', '-'));
    await expectOnScreen(item.getByTestId('move-appointment'));
    await expectOnScreen(item.getByTestId('cancel-appointment'));
    await shot(page, 'slots-booked.png');

    // Move: the current slot is marked and disabled; another one is confirmed.
    await item.getByTestId('move-appointment').click();
    await item.getByTestId('session-option').first().getByTestId('book-session').click();
    await picker.waitFor();
    await expect.poll(() => slots.count()).toBeGreaterThan(1);
    const others = picker.locator('[data-testid="slot-option"]:not([disabled])');
    const current = slots.filter({ hasText: 'Giờ hiện tại' });
    if (await current.count()) expect(await current.first().isDisabled()).toBe(true);
    const newTime = (await others.first().textContent())!.slice(0, 11);
    expect(newTime).not.toBe(firstTime);
    await others.first().click();
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain('Xác nhận đổi giờ');
    await expectOnScreen(confirm.getByTestId('confirm-booking'));
    await shot(page, 'slots-move-confirm.png');
    await confirm.getByTestId('confirm-booking').click();
    await expect.poll(() => notice.textContent()).toContain('Đã đổi giờ');
    await expect
      .poll(() => item.getByTestId('appointment').textContent())
      .toContain(newTime.replace('–', '-'));
    expect(await state.textContent()).toBe('Đã có lịch hẹn');
    await shot(page, 'slots-moved.png');

    // Cancel with the confirm dialog: the registration waits again.
    await cancel('slots-cancel-dialog.png');
    await expectNoSideScroll(page);
    await shot(page, 'slots-cancelled.png');
    const after: Reg[] = (await page.evaluate(async () => (await fetch('/api/me/registrations')).json()))
      .items;
    expect(after.find((r) => r.id === reg!.id)).toMatchObject({ state: 'pending', appointment: null });
    // The same screen in English: the session list and a slot picker.
    await page.getByTestId('language-switch').getByText('EN').click();
    await expect.poll(() => state.textContent()).toBe('Waiting for a slot');
    // The confirmation follows the language too.
    expect(await notice.textContent()).toContain('The appointment of');
    await item.getByTestId('session-option').first().getByRole('button', { name: 'Choose a time' }).click();
    await picker.waitFor();
    await expect.poll(() => picker.textContent()).toContain('Choose a time:');
    expect(await slots.first().textContent()).toMatch(/\d+ seats? left|Full/);
    await expectNoSideScroll(page);
    await shot(page, 'slots-en.png');
    await page.getByTestId('language-switch').getByText('VI').click();
    await context.close();
  });
});
