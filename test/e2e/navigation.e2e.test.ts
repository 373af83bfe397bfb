import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { permissionsOf } from '../../src/server/policy/permissions.ts';
import type { StaffMe } from '../../src/web/lib/permissions.ts';
import { homeOf, STAFF_LINKS, staffLinks } from '../../src/web/lib/staff-nav.ts';
import { chromiumForFile, SHOTS } from './chromium.ts';
import { demoServerForFile } from './demo-server.ts';
import { DEMO_STAFF_PASSWORD, signInStaff } from './demo-sign-in.ts';

const browser = chromiumForFile();
const e2e = demoServerForFile();

type DemoStaff = { username: string; role: StaffMe['role']; password: string };

/** The links the permission table gives this signed-in person (what /api/auth/me says they hold). */
async function me(page: Page): Promise<StaffMe> {
  const body = await page.evaluate(async () => (await fetch('/api/auth/me')).json());
  return body.actor as StaffMe;
}

async function openBurger(page: Page) {
  const burger = page.getByRole('button', { name: 'Mở menu' });
  if (await burger.isVisible()) await burger.click();
  await page.getByTestId('staff-nav').waitFor();
}

const staff: DemoStaff[] = [
  { username: 'demo.tiem', role: 'site_staff', password: DEMO_STAFF_PASSWORD },
  { username: 'demo.phongkham', role: 'clinic_staff', password: DEMO_STAFF_PASSWORD },
  { username: 'demo.xa', role: 'commune_manager', password: DEMO_STAFF_PASSWORD },
  { username: 'demo.tinh', role: 'province_manager', password: DEMO_STAFF_PASSWORD },
  { username: 'demo.admin', role: 'admin', password: DEMO_STAFF_PASSWORD },
];

describe('one navigation for every staff role', () => {
  it('walks through every demo staff role', async () => {
    const logins = await (await fetch(`${e2e.url}/api/auth/demo-logins`)).json();
    const demo = logins.staff.map((s: DemoStaff) => `${s.username}:${s.role}`).sort();
    expect(demo).toEqual(staff.map((s) => `${s.username}:${s.role}`).sort());
  });

  for (const account of staff) {
    it(`${account.username} (${account.role}) lands on its home and at 360 px sees every link it may use, each opening without an error`, async () => {
      const context = await browser().newContext({ viewport: { width: 360, height: 780 }, locale: 'vi-VN' });
      const page = await context.newPage();
      const failures: string[] = [];
      page.on('response', (res) => {
        const url = new URL(res.url());
        if (url.pathname.startsWith('/api/') && (res.status() === 403 || res.status() >= 500))
          failures.push(`${res.status()} ${url.pathname}`);
      });
      // Everyone signs in on the vaccination site's page: each lands on its own home.
      await signInStaff(page, account.username, '/site', account.password);
      await page.getByTestId('staff-submit').waitFor({ state: 'detached' });
      const actor = await me(page);
      expect(actor.permissions.sort()).toEqual(permissionsOf(account.role).sort());
      const home = homeOf(actor);
      await expect.poll(() => new URL(page.url()).pathname + new URL(page.url()).search).toBe(home);
      if (account.role === 'clinic_staff') expect(new URL(page.url()).pathname).not.toBe('/site');

      await openBurger(page);
      const mine = staffLinks(actor);
      expect(mine.length).toBeGreaterThan(0);
      for (const link of STAFF_LINKS) {
        const count = await page.getByTestId(`nav-${link.key}`).count();
        expect(count, `${link.key} for ${account.role}`).toBe(mine.includes(link) ? 1 : 0);
      }
      await page.screenshot({ path: path.join(SHOTS, `nav-${account.role}.png`) });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

      for (const link of mine) {
        await openBurger(page);
        await page.getByTestId(`nav-${link.key}`).click();
        await expect.poll(() => new URL(page.url()).pathname + new URL(page.url()).search).toBe(link.to);
        await page.waitForLoadState('networkidle');
        // The tab the link names is the one open.
        const tab = new URLSearchParams(link.to.split('?')[1]).get('tab');
        await expect
          .poll(() => page.locator(`[role="tab"][aria-selected="true"]`).first().getAttribute('id'))
          .toMatch(new RegExp(`${tab}$`));
        expect(await page.getByText('Không tải được').count(), `${link.key}: an error on screen`).toBe(0);
      }
      expect(failures, `403 or 5xx answers for ${account.role}`).toEqual([]);
      await context.close();
    });
  }

  it('on a wide screen the same links sit in the header menu; the site sign-in lists what exists, nothing "coming soon"', async () => {
    const context = await browser().newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
    const page = await context.newPage();
    await page.goto(`${e2e.url}/site`);
    await page.getByTestId('staff-username').waitFor();
    expect(await page.getByText('Sắp có').count()).toBe(0);
    await page.getByText('Sau khi đăng nhập, nhân viên điểm tiêm có').waitFor();
    // Nobody signed in: no staff menu.
    expect(await page.getByTestId('staff-menu').count()).toBe(0);

    await signInStaff(page, 'demo.admin', '/manager');
    await page.getByTestId('tab-sessions').waitFor();
    await page.getByTestId('staff-menu').click();
    // The drawer's list is in the page too (hidden on wide screens): look in the open menu.
    const menu = page.getByRole('menu');
    await menu.getByTestId('nav-admin.users').waitFor();
    expect(await menu.getByTestId('nav-site.today').count()).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, 'nav-admin-desktop.png') });
    await menu.getByTestId('nav-admin.users').click();
    await expect
      .poll(() => new URL(page.url()).pathname + new URL(page.url()).search)
      .toBe('/staff?tab=users');
    await page.getByRole('button', { name: 'Tạo tài khoản' }).waitFor();
    await context.close();
  });
});
