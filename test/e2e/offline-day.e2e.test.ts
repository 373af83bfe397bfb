import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { chromiumForFile, SHOTS } from './chromium.ts';
import { demoServerForFile } from './demo-server.ts';
import { demoStaffApi, signInStaff } from './demo-sign-in.ts';
import { readStore, requeue } from './offline-store.ts';

const browser = chromiumForFile();
demoServerForFile();

interface Entry {
  registrationId: string;
  personId: string;
  fullName: string;
  state: string;
  vaccineCode: string | null;
  checkedInAt: string | null;
  screening: { id: string; outcome: string } | null;
  dose: { id: string } | null;
}
type Api = Awaited<ReturnType<typeof demoStaffApi>>;

/** Someone on today's list at the demo site not yet checked in, whose next dose can be given today. */
async function notArrived(api: Api) {
  const day = await api.get('/api/staff/day-list');
  const today: string = day.date;
  const lots: { vaccineCode: string; expiresOn: string }[] = (await api.get('/api/staff/lots')).items;
  const names = (day.items as Entry[]).map((e) => e.fullName);
  for (const entry of day.items as Entry[]) {
    if (entry.state !== 'scheduled' || entry.dose || entry.screening || !entry.vaccineCode) continue;
    if (!lots.some((l) => l.vaccineCode === entry.vaccineCode && l.expiresOn >= today)) continue;
    if (names.filter((n) => n === entry.fullName).length > 1) continue;
    const { status } = await api.get(`/api/staff/people/${entry.personId}/vaccination`);
    const fits =
      status.state === 'none' ||
      (status.nextDose?.earliest <= today && status.nextDose.options.includes(entry.vaccineCode));
    if (fits) return entry;
  }
  throw new Error('no scheduled person ready on the demo day list');
}

/** The person's line of today's list and their doses today, as the server holds them. */
async function onServer(api: Api, person: Entry) {
  const day = await api.get('/api/staff/day-list');
  const entry = (day.items as Entry[]).find((e) => e.registrationId === person.registrationId);
  const record = await api.get(`/api/staff/people/${person.personId}/vaccination`);
  const doses = (record.doses as { id: string; givenOn: string; status: string; source: string }[]).filter(
    (d) => d.givenOn === day.date && d.status === 'recorded',
  );
  return { entry, doses };
}

const poll = <T>(read: () => Promise<T> | T, timeout = 15_000) => expect.poll(read, { timeout });
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, name), fullPage: true });

describe('a whole morning at the site without a network', () => {
  let context: BrowserContext;
  afterAll(async () => {
    await context?.close();
  });

  it('checks in, screens, vaccinates and observes offline, keeps it across a reload, syncs it once; a replay doubles nothing', {
    timeout: 240_000,
  }, async () => {
    const api = await demoStaffApi();
    const person = await notArrived(api);
    context = await browser().newContext({ viewport: { width: 360, height: 780 }, locale: 'vi-VN' });
    await context.addInitScript(() => localStorage.setItem('sskdt.vaccinator', 'Y tá Demo'));
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));

    await signInStaff(page, 'demo.tiem', '/site');
    const row = page.getByTestId('day-row').filter({ hasText: person.fullName });
    await row.waitFor();
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await poll(
      () =>
        page.evaluate(async () => {
          const keys = await (await caches.open('sskdt-assets-v1')).keys();
          return keys.some((k) => /\/assets\/index-.*\.js$/.test(k.url));
        }),
      30_000,
    ).toBe(true);
    // The device saved the record of everyone still to come (screening needs the dose due).
    await poll(async () => (await readStore(page, 'cache')).map((e) => e.key), 30_000).toEqual(
      expect.arrayContaining([`record:${person.personId}`, `lots:${person.vaccineCode}`, 'vaccines']),
    );

    // The network goes. Enter on the row checks the person in on the device.
    await context.setOffline(true);
    await row.focus();
    await page.keyboard.press('Enter');
    await poll(() => page.getByTestId('day-message').textContent()).toContain('Đã đón tiếp');
    await poll(() => row.getByTestId('queued-badge').textContent()).toBe('Chờ đồng bộ');
    await page.getByTestId('offline-banner').waitFor();
    await poll(() => row.getByTestId('step-screen').count()).toBe(1);

    // Enter again: the screening form; vital signs typed, the suggestion computed on the device.
    await row.focus();
    await page.keyboard.press('Enter');
    const form = page.getByTestId('screening-form');
    await form.waitFor();
    const vitals = {
      temperatureC: '36.8',
      pulse: '82',
      systolic: '124',
      diastolic: '78',
      respiratoryRate: '18',
      spo2: '98',
    };
    for (const [key, value] of Object.entries(vitals)) await page.getByTestId(`vital-${key}`).fill(value);
    await shot(page, 'site-offline-day-screening-360.png');
    await poll(() => page.getByTestId('screening-suggestion').textContent()).toContain('Đủ điều kiện');
    await page.getByTestId('screening-submit').click();
    await form.waitFor({ state: 'hidden' });
    await poll(() => page.getByTestId('day-message').textContent()).toContain('sàng lọc');

    // The dose form works as it does online.
    await row.focus();
    await page.keyboard.press('Enter');
    await poll(() => page.getByTestId('dose-entry').textContent()).toContain(person.fullName);
    await poll(() => page.getByTestId('dose-submit').isEnabled()).toBe(true);
    await page.getByTestId('dose-submit').click();
    await poll(() => page.getByTestId('offline-count').textContent()).toBe('3 chờ đồng bộ');
    // In the order the sync sends them (the queue's byQueuedAt index; getAll returns them by id).
    const queue = (await readStore(page, 'queue')).sort((a, b) =>
      String(a.queuedAt).localeCompare(String(b.queuedAt)),
    );
    expect(queue.map((q) => q.kind ?? 'dose')).toEqual(['check_in', 'screening', 'dose']);
    expect(queue[1].payload?.vitals).toMatchObject({ temperatureC: 36.8, pulse: 82, spo2: 98 });
    await shot(page, 'site-offline-day-queued-360.png');

    // Observation: the person vaccinated on this device, with their minutes.
    await page.getByTestId('tab-observation').click();
    const observed = page
      .getByTestId('observation-list')
      .getByTestId('observation-item')
      .filter({ hasText: person.fullName });
    await poll(() => observed.textContent()).toMatch(/còn \d+ phút|Còn \d+ phút|\d+ phút/);
    expect(await observed.getByTestId('observation-queued').textContent()).toContain('chờ đồng bộ');
    await shot(page, 'site-offline-day-observation-360.png');

    // A reload without network: still all there.
    await page.reload();
    await page.getByTestId('offline-banner').waitFor();
    await poll(() => page.getByTestId('offline-count').textContent()).toBe('3 chờ đồng bộ');
    await page.getByTestId('tab-observation').click();
    await poll(() => page.getByTestId('observation-queued').count()).toBe(1);
    await page.getByTestId('tab-today').click();
    await poll(() => row.getByTestId('queued-badge').textContent()).toBe('Chờ đồng bộ');
    expect((await onServer(api, person)).entry?.state).toBe('scheduled');
    await shot(page, 'site-offline-day-reloaded-360.png');

    // The network returns: one sync, the server has check-in, screening and dose.
    await context.setOffline(false);
    await page.getByTestId('offline-synced').waitFor({ timeout: 30_000 });
    await poll(() => row.textContent()).toContain('Đã tiêm');
    await shot(page, 'site-offline-day-synced-360.png');
    const check = async () => {
      const { entry, doses } = await onServer(api, person);
      expect(entry?.state).toBe('vaccinated');
      expect(entry?.checkedInAt).toBeTruthy();
      expect(entry?.screening).toMatchObject({ id: queue[1].id, outcome: 'vaccinate' });
      expect(doses.map((d) => [d.id, d.source])).toEqual([[queue[2].id, 'site']]);
    };
    await check();

    // A replayed sync (the same items queued again): every step already recorded, nothing doubles.
    await requeue(page, queue);
    await poll(() => page.getByTestId('offline-count').textContent()).toBe('3 chờ đồng bộ');
    await page.getByRole('button', { name: 'Đồng bộ ngay' }).click();
    await page.getByTestId('offline-synced').waitFor();
    expect(await readStore(page, 'queue')).toEqual([]);
    await check();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(errors).toEqual([]);
  });
});
