import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { formatNumber } from '../../src/shared/format.ts';
import { chromiumForFile, SHOTS } from './chromium.ts';
import { demoServerForFile } from './demo-server.ts';
import { signInStaff } from './demo-sign-in.ts';

const browser = chromiumForFile();
const e2e = demoServerForFile();

/** Opens /manager at a width and signs in as the demo manager of a role. */
async function managerPage(width: number, role: 'commune_manager' | 'province_manager'): Promise<Page> {
  const logins = await (await fetch(`${e2e.url}/api/auth/demo-logins`)).json();
  const account = logins.staff.find((s: { role: string }) => s.role === role);
  expect(account, `a demo ${role}`).toBeDefined();
  const context = await browser().newContext({ viewport: { width, height: 900 }, locale: 'vi-VN' });
  const page = await context.newPage();
  await signInStaff(page, account.username, '/manager', account.password);
  await page.getByTestId('tab-sessions').waitFor();
  return page;
}

/** The same API answer the screen shows, fetched with the page's session. */
function apiJson<T = Record<string, unknown>>(page: Page, url: string): Promise<T> {
  return page.evaluate(async (u) => (await fetch(u)).json(), url) as Promise<T>;
}

describe('manager dashboard', () => {
  it('a commune manager sees sessions with a chart, stock by site with expiry badges, and AEFI with alerts', async () => {
    const page = await managerPage(1280, 'commune_manager');
    const n = (v: number) => formatNumber(v, 'vi');

    // Sessions: the totals line and the table match the API, and the chart is drawn.
    const sessions = await apiJson<{
      items: unknown[];
      totals: { sessions: number; booked: number; capacity: number; vaccinated: number };
    }>(page, '/api/staff/sessions');
    expect(sessions.items.length).toBeGreaterThan(0);
    const totals = page.getByTestId('sessions-totals');
    await expect
      .poll(() => totals.textContent())
      .toContain(
        `${n(sessions.totals.sessions)} buổi, ${n(sessions.totals.booked)}/${n(sessions.totals.capacity)}`,
      );
    expect(await page.getByTestId('sessions-overview-table').locator('tbody tr').count()).toBe(
      sessions.items.length,
    );
    await page.getByTestId('sessions-chart').locator('.recharts-bar-rectangle').first().waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'manager-sessions.png'), fullPage: true });

    // Stock by site: the total on hand and the expiry badges match the API.
    const stock = await apiJson<{
      totals: { quantity: number; expiring: number };
      items: { quantity: number; warning: string | null }[];
    }>(page, '/api/staff/stock');
    expect(stock.totals.quantity).toBeGreaterThan(0);
    await page.getByTestId('tab-stock').click();
    await expect.poll(() => page.getByTestId('stock-total').textContent()).toBe(n(stock.totals.quantity));
    const expiringRows = stock.items.filter((i) => i.quantity !== 0 && i.warning === 'expiring').length;
    expect(await page.locator('[data-testid="stock-table"] tr[data-warning="expiring"]').count()).toBe(
      expiringRows,
    );
    if (expiringRows)
      expect(await page.locator('[data-warning="expiring"] .mantine-Badge-root').first().textContent()).toBe(
        'Sắp hết hạn',
      );
    await page.screenshot({ path: path.join(SHOTS, 'manager-stock.png'), fullPage: true });

    // AEFI: the list matches the API; the serious one's alert is at the top and can be acknowledged.
    const aefi = await apiJson<{ items: { serious: boolean }[] }>(page, '/api/staff/aefi');
    expect(aefi.items.some((r) => r.serious)).toBe(true);
    await page.getByTestId('tab-aefi').click();
    await expect
      .poll(() => page.getByTestId('aefi-list').locator('[data-serious]').count())
      .toBe(aefi.items.length);
    const alerts = page.getByTestId('alert');
    await alerts.first().waitFor();
    const before = await alerts.count();
    expect(await alerts.first().textContent()).toContain('Phản ứng nghiêm trọng');
    await page.screenshot({ path: path.join(SHOTS, 'manager-aefi.png'), fullPage: true });
    await page.getByTestId('aefi-serious-only').click();
    await expect
      .poll(() => page.getByTestId('aefi-list').locator('[data-serious]').count())
      .toBe(aefi.items.filter((r) => r.serious).length);
    await alerts.first().getByTestId('acknowledge').click();
    await expect.poll(() => alerts.count()).toBe(before - 1);
    await page.context().close();
  });

  it('is usable at 360 px: tabs, tables that scroll, the chart within the screen', async () => {
    const page = await managerPage(360, 'province_manager');
    await page.getByTestId('sessions-chart').locator('.recharts-bar-rectangle').first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(SHOTS, 'manager-sessions-phone.png') });
    await page.getByTestId('tab-stock').click();
    await page.getByTestId('stock-table').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'manager-stock-phone.png') });
    await page.getByTestId('tab-aefi').click();
    await page.getByTestId('aefi-list').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'manager-aefi-phone.png') });
    await page.context().close();
  });

  it('a commune manager finds a certificate by its UVCI (360 px); a UVCI outside reach is not found', async () => {
    const page = await managerPage(360, 'commune_manager');
    // A person of the commune with a certificate (issued on demand), found as the person page would.
    const uvci = await page.evaluate(async () => {
      for (const q of ['nguyen', 'tran', 'le', 'pham', 'hoang']) {
        const found = await (await fetch(`/api/staff/people?q=${q}&pageSize=20`)).json();
        for (const p of found.items ?? []) {
          const res = await fetch(`/api/staff/people/${p.id}/certificate`);
          if (res.ok) return (await res.json()).uvci as string;
        }
      }
      return null;
    });
    expect(uvci, 'a certificate within the commune').toBeTruthy();
    await page.getByTestId('tab-certificates').click();
    await page.getByTestId('uvci-input').fill(uvci!.toLowerCase());
    await page.keyboard.press('Enter');
    await page.getByTestId('certificate-found').waitFor();
    expect(await page.getByTestId('certificate-found').textContent()).toContain(uvci!);
    await page.getByTestId('revoke').waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(360);
    await page.screenshot({ path: path.join(SHOTS, 'manager-certificates-360.png'), fullPage: true });
    await page.getByTestId('uvci-input').fill('URN:UVCI:01:VN:NOTOURS/ABCDEF#A');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByTestId('certificate-problem').textContent())
      .toContain('Không tìm thấy chứng nhận');
    await page.context().close();
  });
});
