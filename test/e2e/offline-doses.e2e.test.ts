import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { CLEAR, NORMAL } from '../helpers/screening.ts';
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
  screening: unknown;
  dose: unknown;
}

/**
 * People on today's list at the demo site whose next dose can be given today with the session's
 * vaccine (so the dose form's suggestion is accepted), checked in and screened fit over the API.
 */
async function readyPeople(api: Awaited<ReturnType<typeof demoStaffApi>>, count: number) {
  const day = await api.get('/api/staff/day-list');
  const today: string = day.date;
  const lots: { vaccineCode: string; expiresOn: string }[] = (await api.get('/api/staff/lots')).items;
  const picked: Entry[] = [];
  for (const entry of day.items as Entry[]) {
    if (picked.length === count) break;
    if (entry.dose || entry.screening || !['scheduled', 'checked_in'].includes(entry.state)) continue;
    if (!entry.vaccineCode || !lots.some((l) => l.vaccineCode === entry.vaccineCode && l.expiresOn >= today))
      continue;
    if (picked.some((p) => p.fullName === entry.fullName)) continue;
    const { status } = await api.get(`/api/staff/people/${entry.personId}/vaccination`);
    const fits =
      status.state === 'none' ||
      (status.nextDose?.earliest <= today && status.nextDose.options.includes(entry.vaccineCode));
    if (!fits) continue;
    if (entry.state !== 'checked_in')
      await api.post(`/api/staff/registrations/${entry.registrationId}/check-in`, {});
    await api.post(`/api/staff/registrations/${entry.registrationId}/screening`, {
      id: crypto.randomUUID(),
      checklist: CLEAR,
      vitals: NORMAL,
      outcome: 'vaccinate',
    });
    picked.push(entry);
  }
  expect(picked).toHaveLength(count);
  return picked;
}

/** The doses recorded today for a person, as the server holds them. */
async function dosesToday(api: Awaited<ReturnType<typeof demoStaffApi>>, personId: string) {
  const record = await api.get(`/api/staff/people/${personId}/vaccination`);
  const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
  return (record.doses as { id: string; givenOn: string; status: string; source: string }[]).filter(
    (d) => d.givenOn === today && d.status === 'recorded',
  );
}

/** expect.poll with room for a loaded 2-core machine (its default is 1 s). */
const poll = <T>(read: () => Promise<T> | T, timeout = 15_000) => expect.poll(read, { timeout });

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, name), fullPage: true });

/** Records the chosen person's dose with the keyboard: focus the row, Enter, then Enter on the form. */
async function recordWithKeyboard(page: Page, name: string) {
  const row = page.getByTestId('day-row').filter({ hasText: name });
  await row.focus();
  await page.keyboard.press('Enter');
  const entry = page.getByTestId('dose-entry');
  await poll(() => entry.textContent()).toContain(name);
  await poll(() => page.getByTestId('dose-submit').isEnabled()).toBe(true);
  await poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
    'dose-submit',
  );
  await page.keyboard.press('Enter');
  await poll(() => page.getByTestId('day-message').textContent()).toContain(name);
  await poll(() => row.getByTestId('queued-badge').textContent()).toBe('Chờ đồng bộ');
}

describe('offline dose entry at the site', () => {
  let context: BrowserContext;
  afterAll(async () => {
    await context?.close();
  });

  it('records two doses offline, keeps them across a reload, syncs them once, and a replayed sync changes nothing', {
    timeout: 180_000,
  }, async () => {
    const api = await demoStaffApi();
    const [a, b, c] = await readyPeople(api, 3);
    context = await browser().newContext({ viewport: { width: 360, height: 780 }, locale: 'vi-VN' });
    // This device has recorded doses before: it remembers the vaccinator's name.
    await context.addInitScript(() => localStorage.setItem('sskdt.vaccinator', 'Y tá Demo'));
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));

    await signInStaff(page, 'demo.tiem', '/site');
    for (const person of [a, b, c])
      await page.getByTestId('day-row').filter({ hasText: person.fullName }).waitFor();
    // Ready for the network to go: the service worker holds the app, the device the day's data.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await poll(
      () =>
        page.evaluate(async () => {
          const keys = await (await caches.open('sskdt-assets-v1')).keys();
          return keys.some((k) => /\/assets\/index-.*\.js$/.test(k.url));
        }),
      30_000,
    ).toBe(true);
    await poll(async () => (await readStore(page, 'cache')).map((e) => e.key), 30_000).toEqual(
      expect.arrayContaining([
        `record:${a.personId}`,
        `record:${b.personId}`,
        `record:${c.personId}`,
        `lots:${a.vaccineCode}`,
        'vaccines',
      ]),
    );

    // No network: two doses by keyboard, each queued with its UUID.
    await context.setOffline(true);
    await recordWithKeyboard(page, a.fullName);
    await page.getByTestId('offline-banner').waitFor();
    await recordWithKeyboard(page, b.fullName);
    await poll(() => page.getByTestId('offline-count').textContent()).toBe('2 chờ đồng bộ');
    const queuedFor = async () => (await readStore(page, 'queue')).map((q) => q.payload?.personId).sort();
    expect(await queuedFor()).toEqual([a.personId, b.personId].sort());
    expect(await page.getByTestId('offline-banner').textContent()).toContain('Mất kết nối');
    await shot(page, 'site-offline-queued-360.png');

    // A reload without network: the app, the day list and the queue are all still there.
    await page.reload();
    expect(await queuedFor()).toEqual([a.personId, b.personId].sort());
    await page.getByTestId('offline-banner').waitFor();
    await poll(() => page.getByTestId('offline-count').textContent()).toBe('2 chờ đồng bộ');
    await poll(() =>
      page.getByTestId('day-row').filter({ hasText: a.fullName }).getByTestId('queued-badge').count(),
    ).toBe(1);
    await page.getByTestId('day-saved-at').waitFor();
    await shot(page, 'site-offline-reloaded-360.png');
    const queued = await readStore(page, 'queue');
    expect(queued.map((q) => q.payload?.personId).sort()).toEqual([a.personId, b.personId].sort());
    expect(queued.every((q) => q.state === 'waiting' && q.payload?.givenAt && q.payload?.doseNumber)).toBe(
      true,
    );
    expect(await dosesToday(api, a.personId)).toEqual([]);

    // The network returns: the queue is sent and the list shows them vaccinated.
    await context.setOffline(false);
    await page.getByTestId('offline-synced').waitFor({ timeout: 30_000 });
    await poll(() => page.getByTestId('offline-banner').count()).toBe(0);
    for (const person of [a, b])
      await poll(() =>
        page.getByTestId('day-row').filter({ hasText: person.fullName }).textContent(),
      ).toContain('Đã tiêm');
    await shot(page, 'site-offline-synced-360.png');
    const ids = queued.map((q) => q.id);
    const check = async () => {
      for (const person of [a, b]) {
        const doses = await dosesToday(api, person.personId);
        expect(doses).toHaveLength(1);
        expect(ids).toContain(doses[0].id);
        expect(doses[0].source).toBe('site');
      }
    };
    await check();

    // A replayed sync (the same UUIDs queued again, as after an interrupted sync): nothing doubles.
    await requeue(page, queued);
    await poll(() => page.getByTestId('offline-count').textContent()).toBe('2 chờ đồng bộ');
    await page.getByRole('button', { name: 'Đồng bộ ngay' }).click();
    await page.getByTestId('offline-synced').waitFor();
    expect(await readStore(page, 'queue')).toEqual([]);
    await check();

    // The same dose entered on another device while this one was offline: one record, a conflict here.
    await context.setOffline(true);
    await recordWithKeyboard(page, c.fullName);
    const [mine] = await readStore(page, 'queue');
    const lotId = mine.payload?.lotId;
    const other = await api.post('/api/staff/doses', {
      id: crypto.randomUUID(),
      personId: c.personId,
      vaccineCode: c.vaccineCode,
      lotId,
    });
    expect(other.dose.doseNumber).toBe(mine.payload?.doseNumber);
    await context.setOffline(false);
    const item = page.getByTestId('offline-item');
    await poll(() => item.getAttribute('data-state'), 30_000).toBe('conflict');
    expect(await item.getByTestId('offline-problem').textContent()).toContain('thiết bị khác');
    expect(await item.getByRole('link', { name: 'Mở hồ sơ' }).getAttribute('href')).toBe(
      `/staff/people/${c.personId}`,
    );
    await shot(page, 'site-offline-conflict-360.png');
    expect((await dosesToday(api, c.personId)).map((d) => d.id)).toEqual([other.dose.id]);
    // Nothing wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    // Signing out with a dose still on the device (the conflict) asks first; staying keeps it.
    expect((await readStore(page, 'cache')).length).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    const warning = page.getByRole('dialog', { name: 'Còn mũi tiêm chưa gửi' });
    await warning.waitFor();
    await shot(page, 'site-signout-warning-360.png');
    await warning.getByRole('button', { name: 'Ở lại để đồng bộ' }).click();
    await warning.waitFor({ state: 'hidden' });
    expect(await readStore(page, 'queue')).toHaveLength(1);
    // Signing out takes the day's personal data and the queue off the device (a shared phone).
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.getByTestId('signout-discard').click();
    await page.getByTestId('staff-username').waitFor();
    await poll(async () => (await readStore(page, 'cache')).length).toBe(0);
    expect(await readStore(page, 'queue')).toEqual([]);
    expect(await page.evaluate(() => document.body.textContent)).not.toContain(a.fullName);
    expect(errors).toEqual([]);
  });
});
