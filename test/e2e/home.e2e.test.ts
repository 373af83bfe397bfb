import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumForFile, SHOTS } from './chromium.ts';
import { demoServerForFile } from './demo-server.ts';

const browser = chromiumForFile();
const e2e = demoServerForFile();

async function newPage(width = 1280, height = 900): Promise<Page> {
  const context = await browser().newContext({ viewport: { width, height }, locale: 'vi-VN' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  (page as Page & { errors: string[] }).errors = errors;
  return page;
}

describe('home page', () => {
  it('renders in Vietnamese with demo data, switches to English and remembers it', async () => {
    const page = await newPage();
    await page.goto(e2e.url);
    await expect.poll(() => page.getByTestId('home-title').textContent()).toBe('Sổ sức khỏe điện tử');
    expect(await page.getAttribute('html', 'lang')).toBe('vi');
    await page.getByTestId('demo-banner').waitFor();
    expect(await page.getByTestId('demo-banner').textContent()).toContain('Dữ liệu mẫu');
    // Vietnamese number format in the statistics: 2.000 people, 3.321 communes.
    const stats = await page.getByTestId('stat-value').allTextContents();
    expect(stats.some((v) => /^2\.\d{3}$/.test(v))).toBe(true);
    expect(stats).toContain('3.321');
    await page.screenshot({ path: path.join(SHOTS, 'home-vi.png'), fullPage: true });

    await page.getByTestId('language-switch').getByText('EN').click();
    await expect.poll(() => page.getByTestId('home-title').textContent()).toBe('Electronic Health Book');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.getByTestId('stat-value').allTextContents()).toContain('3,321');
    await page.screenshot({ path: path.join(SHOTS, 'home-en.png'), fullPage: true });

    await page.reload();
    await expect.poll(() => page.getByTestId('home-title').textContent()).toBe('Electronic Health Book');
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await page.context().close();
  });

  it('works on a 360 px phone: no sideways scrolling, menu opens from the burger', async () => {
    const page = await newPage(360, 740);
    await page.goto(e2e.url);
    await page.getByTestId('home-title').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(SHOTS, 'home-phone.png'), fullPage: true });
    await page.getByRole('button', { name: 'Mở menu' }).click();
    const menuLink = page.getByRole('link', { name: 'Quản lý', exact: true }).locator('visible=true');
    await page.screenshot({ path: path.join(SHOTS, 'menu-phone.png') });
    await menuLink.click();
    await page.waitForURL(`${e2e.url}/manager`);
    await page.getByTestId('unit-search').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'manager-phone.png'), fullPage: true });
    await page.context().close();
  });

  it('is usable with the keyboard: a skip link, then the area links', async () => {
    const page = await newPage();
    await page.goto(e2e.url);
    await page.getByTestId('home-title').waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Bỏ qua, đến nội dung chính');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await page.context().close();
  });
});

describe('area pages', () => {
  it('manager: finds Thành phố Hà Nội for "ha noi" and shows old units merged into a ward', async () => {
    const page = await newPage();
    await page.goto(`${e2e.url}/manager`);
    await page.getByTestId('unit-search').fill('ha noi');
    await expect.poll(() => page.getByTestId('unit-results').textContent()).toContain('Thành phố Hà Nội');
    await page.getByTestId('unit-search').fill('ba dinh');
    await page.getByTestId('unit-results').getByText('Phường Ba Đình').first().click();
    await expect.poll(() => page.getByTestId('unit-detail').textContent()).toContain('Phường Trúc Bạch');
    await page.screenshot({ path: path.join(SHOTS, 'manager-units.png'), fullPage: true });
    await page.context().close();
  });

  it('site: shows the vaccine catalogue', async () => {
    const page = await newPage();
    await page.goto(`${e2e.url}/site`);
    await expect.poll(() => page.getByTestId('vaccine-table').textContent()).toContain('AstraZeneca');
    expect(await page.getByTestId('vaccine-table').textContent()).toContain('EU/1/20/1528');
    await page.screenshot({ path: path.join(SHOTS, 'site-vaccines.png'), fullPage: true });
    await page.context().close();
  });

  it('citizen and verifier pages render, and an unknown path shows the not-found page', async () => {
    const page = await newPage();
    for (const [url, heading] of [
      ['/citizen', 'Đăng nhập bằng số điện thoại'],
      ['/staff', 'Đăng nhập cho cán bộ y tế'],
      ['/verifier', 'Kiểm tra chứng nhận'],
      ['/no-such-page', 'Không tìm thấy trang'],
    ]) {
      await page.goto(`${e2e.url}${url}`);
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(heading);
    }
    await page.context().close();
  });
});

describe('API docs', () => {
  it('renders the OpenAPI page under its content security policy', async () => {
    const page = await newPage();
    await page.goto(`${e2e.url}/docs`);
    await expect
      .poll(() => page.locator('.swagger-ui .title').first().textContent(), { timeout: 15_000 })
      .toContain('sskdt API');
    expect(await page.locator('.opblock').count()).toBeGreaterThanOrEqual(10);
    await page.screenshot({ path: path.join(SHOTS, 'api-docs.png') });
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await page.context().close();
  });
});
