import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumForFile, SHOTS } from './chromium.ts';
import { demoServerForFile } from './demo-server.ts';
import { signInStaff } from './demo-sign-in.ts';

const browser = chromiumForFile();
const e2e = demoServerForFile();

/** Opens a page at a width and signs in as the demo staff member of a role. */
async function signedIn(width: number, role: string, area: '/manager' | '/site'): Promise<Page> {
  const logins = await (await fetch(`${e2e.url}/api/auth/demo-logins`)).json();
  const account = logins.staff.find((s: { role: string }) => s.role === role);
  expect(account, `a demo ${role}`).toBeDefined();
  const context = await browser().newContext({ viewport: { width, height: 900 }, locale: 'vi-VN' });
  const page = await context.newPage();
  await signInStaff(page, account.username, area, account.password);
  return page;
}

/** A request with the page's session (and its CSRF token for writes). */
function apiCall<T = Record<string, unknown>>(
  page: Page,
  url: string,
  method = 'GET',
  body?: unknown,
): Promise<T> {
  return page.evaluate(
    async ({ url, method, body }) => {
      const me = await (await fetch('/api/auth/me')).json();
      const res = await fetch(url, {
        method,
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken ?? '' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return res.json();
    },
    { url, method, body },
  ) as Promise<T>;
}

const noSidewaysScroll = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

describe('completeness and data quality', () => {
  it('a site reports its day; the province sees completeness, drills down, and fixes a record', async () => {
    // The site: today's tally, prefilled with the doses entered, one number raised and sent.
    const site = await signedIn(1280, 'site_staff', '/site');
    await site.getByTestId('tab-tally').click();
    await site.getByTestId('tally-form').waitFor();
    const pfizer = site.getByTestId('tally-PFIZER');
    await pfizer.fill('');
    await pfizer.fill('250');
    await site.getByTestId('tally-submit').click();
    await expect.poll(() => site.getByTestId('tally-message').textContent()).toMatch(/Đã lưu: \d+ mới/);
    await expect.poll(() => site.getByTestId('tally-recent').textContent()).toContain('250');
    await site.screenshot({ path: path.join(SHOTS, 'site-tally.png'), fullPage: true });
    await site.context().close();

    // The province: the headline is the API's text, the chart and table are drawn per commune.
    const page = await signedIn(1280, 'province_manager', '/manager');
    await page.getByTestId('tab-completeness').click();
    const report = await apiCall<{
      unit: { text: { vi: string } };
      children: { id: string; name: string }[];
      behind: { id: string; name: string }[];
    }>(page, '/api/staff/completeness');
    await expect
      .poll(() => page.getByTestId('completeness-headline').textContent())
      .toBe(report.unit.text.vi);
    expect(report.unit.text.vi).toMatch(/^\d{2},\d{2}% — [\d.]+ \/ [\d.]+$/);
    await expect
      .poll(() => page.getByTestId('completeness-chart').locator('.recharts-bar-rectangle').count())
      .toBeGreaterThan(0);
    expect(await page.getByTestId('completeness-table').locator('tbody tr').count()).toBe(
      report.children.length,
    );
    expect(await page.getByTestId('completeness-behind').locator('li').count()).toBe(report.behind.length);
    await page.screenshot({ path: path.join(SHOTS, 'manager-completeness.png'), fullPage: true });
    // Down to a commune: its facilities, then back up.
    const commune = report.children[0];
    await page
      .getByRole('button', { name: `Xem ${commune.name}` })
      .first()
      .click();
    await expect.poll(() => page.getByTestId('completeness-unit').textContent()).toBe(commune.name);
    await page.getByTestId('completeness-up').click();
    await expect.poll(() => page.getByTestId('completeness-unit').textContent()).not.toBe(commune.name);

    // A furthest-behind site links to its data quality.
    await page
      .getByTestId('completeness-behind')
      .getByRole('button', { name: 'Chất lượng dữ liệu' })
      .first()
      .click();
    await expect
      .poll(() => page.getByTestId('quality-target').textContent())
      .toContain(report.behind[0].name);

    // Data quality: an adult entered without a CCCD shows up, with a link to the record.
    const person = await apiCall<{ id: string }>(page, '/api/staff/people', 'POST', {
      fullName: 'Trịnh Văn Thử',
      birthDate: '1970-02-03',
      sex: 'male',
      unitId: commune.id,
      confirmNotDuplicate: true,
    });
    expect(person.id).toBeTruthy();
    await page.goto(`${e2e.url}/manager?tab=quality&unit=${commune.id}`);
    const card = page.getByTestId('quality-no_cccd');
    await expect.poll(() => card.getByTestId('quality-count').textContent()).not.toBe('0');
    await card.getByRole('button', { name: 'Xem danh sách' }).click();
    const link = card.locator(`a[href="/staff/people/${person.id}"]`);
    // Items come by commune and person id, 20 at a time: "Xem thêm" until the new person shows.
    const items = card.locator('a[href^="/staff/people/"]');
    await items.first().waitFor();
    const more = card.getByRole('button', { name: 'Xem thêm' });
    while (!(await link.isVisible()) && (await more.isVisible())) {
      const shown = await items.count();
      await more.click();
      await expect.poll(() => items.count()).toBeGreaterThan(shown);
    }
    await link.waitFor();
    expect(await card.textContent()).not.toContain('Trịnh Văn Thử');
    await page.screenshot({ path: path.join(SHOTS, 'manager-quality.png'), fullPage: true });
    await link.click();
    await expect.poll(() => page.getByTestId('staff-person-name').textContent()).toBe('Trịnh Văn Thử');
    await page.context().close();
  });

  it('works on a 360 px phone', async () => {
    const page = await signedIn(360, 'province_manager', '/manager');
    // Signed in (the dashboard is up) before navigating: a navigation would cancel the sign-in request.
    await page.getByTestId('tab-completeness').waitFor();
    await page.goto(`${e2e.url}/manager?tab=completeness`);
    await expect
      .poll(() => page.getByTestId('completeness-chart').locator('.recharts-bar-rectangle').count())
      .toBeGreaterThan(0);
    expect(await noSidewaysScroll(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(SHOTS, 'manager-completeness-phone.png'), fullPage: true });
    await page.goto(`${e2e.url}/manager?tab=quality`);
    await page.getByTestId('quality-no_cccd').waitFor();
    expect(await noSidewaysScroll(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(SHOTS, 'manager-quality-phone.png'), fullPage: true });
    await page.context().close();
    const site = await signedIn(360, 'site_staff', '/site');
    await site.getByTestId('tab-tally').click();
    await site.getByTestId('tally-form').waitFor();
    expect(await noSidewaysScroll(site)).toBeLessThanOrEqual(0);
    await site.screenshot({ path: path.join(SHOTS, 'site-tally-phone.png'), fullPage: true });
    await site.context().close();
  });
});
