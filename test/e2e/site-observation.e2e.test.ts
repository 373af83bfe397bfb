import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chromiumForFile, SHOTS } from './chromium.ts';
import { demoServerForFile } from './demo-server.ts';
import { demoStaffApi, signInStaff } from './demo-sign-in.ts';

const browser = chromiumForFile();
demoServerForFile();

/** Puts `count` people of the site's commune under observation: a dose each, given now at the site. */
async function vaccinateNow(count: number): Promise<string[]> {
  const api = await demoStaffApi('demo.tiem');
  const stock = await api.get('/api/staff/stock');
  const lot = stock.items.find(
    (i: { quantity: number; lot: { vaccineCode: string } }) =>
      i.quantity > 0 && i.lot.vaccineCode === 'PFIZER',
  ).lot.id as string;
  const found = await api.get('/api/staff/people?q=nguyen&limit=50');
  const names: string[] = [];
  for (const person of found.items as { id: string; fullName: string; birthDate: string }[]) {
    if (names.length === count || person.birthDate > '2008-01-01') continue;
    const record = await api.get(`/api/staff/people/${person.id}/vaccination`);
    if (record.doses.length) continue;
    try {
      await api.post('/api/staff/doses', {
        id: randomUUID(),
        personId: person.id,
        vaccineCode: 'PFIZER',
        lotId: lot,
        vaccinator: 'Y tá Hoa',
      });
      names.push(person.fullName);
    } catch {
      // Not due (or not allowed) for this person: the next one.
    }
  }
  expect(names).toHaveLength(count);
  return names;
}

describe('the site day at 360 px: walk-in search and the observation list', () => {
  it('walk-in results tell namesakes apart by birth date and the CCCD’s last 4 digits, never more', async () => {
    const page = await (
      await browser().newContext({ viewport: { width: 360, height: 800 }, locale: 'vi-VN' })
    ).newPage();
    await signInStaff(page, 'demo.tiem', '/site');
    await page.getByTestId('walk-in-search').fill('Nguyễn');
    const results = page.getByTestId('walk-in-result');
    await results.first().waitFor();
    const masked = await page.getByTestId('walk-in-cccd').allTextContents();
    expect(masked.length).toBeGreaterThan(0);
    for (const m of masked) expect(m).toMatch(/^CCCD •{8}\d{4}$/);
    const text = (await results.allTextContents()).join(' ');
    expect(text).toMatch(/\d{2}\/\d{2}\/\d{4}/);
    expect(text).not.toMatch(/\d{5,}/);
    await page.screenshot({ path: path.join(SHOTS, 'site-walk-in-namesakes-360.png'), fullPage: true });
    await page.context().close();
  });

  it('"Ghi phản ứng" records a reaction (badge) and "Cho về" takes the person off the list', async () => {
    const [first, second] = await vaccinateNow(2);
    const page = await (
      await browser().newContext({ viewport: { width: 360, height: 800 }, locale: 'vi-VN' })
    ).newPage();
    page.setDefaultTimeout(15_000);
    await signInStaff(page, 'demo.tiem', '/site');
    await page.getByTestId('tab-observation').click();
    const item = (name: string) => page.getByTestId('observation-item').filter({ hasText: name });
    await item(first).waitFor();
    await item(second).waitFor();
    expect(await item(first).getByTestId('observation-reaction').count()).toBe(0);

    await item(first).getByTestId('observation-record').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Sốt', { exact: true }).click();
    await dialog.getByRole('button', { name: 'Ghi nhận', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await item(first).getByTestId('observation-reaction').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'site-observation-actions-360.png'), fullPage: true });

    await item(second).getByTestId('observation-discharge').click();
    await expect.poll(() => page.getByTestId('observation-done').textContent()).toContain(second);
    await item(second).waitFor({ state: 'detached' });
    expect(await item(first).count()).toBe(1);
    await page.screenshot({ path: path.join(SHOTS, 'site-observation-discharged-360.png'), fullPage: true });
    await page.context().close();
  });
});
