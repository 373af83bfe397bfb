import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chromiumForFile, SHOTS } from './chromium.ts';
import { demoServerForFile } from './demo-server.ts';
import { demoStaffApi, signInCitizen } from './demo-sign-in.ts';

const browser = chromiumForFile();
const e2e = demoServerForFile();

/**
 * A revoked certificate on the passport screen: the reason in plain Vietnamese (not "could not load"
 * with a retry, never "fraud" unless it was fraud), whom to contact while the record is unchanged, and,
 * once the record is corrected, a button that issues the new certificate with its QR.
 */
describe('vaccine passport after a revocation', () => {
  it('shows the reason and what to do at 360 px, then issues a new certificate where allowed', async () => {
    const site = await demoStaffApi();
    const manager = await demoStaffApi('demo.xa');
    const scope = (await site.get('/api/auth/me')).actor.scope as { facilityId: string; communeId: string };
    const logins = await (await fetch(`${e2e.url}/api/auth/demo-logins`)).json();
    const phone = logins.citizens[1].phone as string;
    const context = await browser().newContext({ viewport: { width: 360, height: 740 }, locale: 'vi-VN' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await signInCitizen(page, phone);
    const personId = await page.evaluate(async (unitId) => {
      const me = await (await fetch('/api/auth/me')).json();
      const response = await fetch('/api/me/household/members', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
        body: JSON.stringify({
          fullName: 'Hà Thị Thu Hồi',
          birthDate: '1962-02-02',
          sex: 'female',
          relationship: 'parent',
          unitId,
        }),
      });
      const body = await response.json();
      return (body.person?.id ?? body.id) as string;
    }, scope.communeId);
    expect(personId).toMatch(/^[0-9a-f-]{36}$/);

    // One dose recorded by the site two months ago, from a lot that has expired since (so no other
    // browser test's lot picker offers it).
    const start = Date.now() - 60 * 86400e3;
    const lot = await site.post('/api/staff/lots', {
      vaccineCode: 'PFIZER',
      lotNumber: `E2E-REVOKED-${Date.now()}`,
      expiresOn: new Date(start + 20 * 86400e3).toISOString().slice(0, 10),
    });
    await site.post('/api/staff/stock/movements', {
      lotId: lot.id,
      kind: 'receipt',
      to: `facility:${scope.facilityId}`,
      quantity: 2,
    });
    const doseId = crypto.randomUUID();
    await site.post('/api/staff/doses', {
      id: doseId,
      personId,
      vaccineCode: 'PFIZER',
      lotId: lot.id,
      givenAt: new Date(start).toISOString(),
    });

    await page.goto(`${e2e.url}/citizen/members/${personId}`);
    await page.getByTestId('tab-passport').click();
    await page.getByTestId('passport-status').waitFor();
    const uvci = (await page.getByTestId('passport-uvci').textContent()) ?? '';
    expect(uvci).toMatch(/^URN:UVCI:01:VN:/);

    // The commune manager revokes it as issued in error.
    await manager.post('/api/staff/certificates/revocations', { uvci, reason: 'issued_in_error' });
    await page.reload();
    await page.getByTestId('tab-passport').click();
    const revoked = page.getByTestId('passport-revoked');
    await revoked.waitFor();
    const today = new Intl.DateTimeFormat('vi-VN', {
      timeZone: 'Asia/Ho_Chi_Minh',
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
    }).format(new Date());
    expect(await page.getByTestId('passport-revoked-reason').textContent()).toBe(
      `Chứng nhận này đã bị thu hồi ngày ${today} vì chứng nhận được cấp nhầm.`,
    );
    const next = (await page.getByTestId('passport-revoked-next').textContent()) ?? '';
    expect(next).toContain('Chưa thể cấp chứng nhận mới');
    expect(next).toContain('trạm y tế xã/phường');
    expect(await revoked.textContent()).not.toContain('gian lận');
    expect(await page.getByText('Không tải được dữ liệu').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Thử lại' }).count()).toBe(0);
    expect(await page.getByTestId('passport-reissue').count()).toBe(0);
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(SHOTS, 'passport-revoked-360.png'), fullPage: true });

    // The household was told once, in its inbox.
    const notices = await page.evaluate(async () => {
      const inbox = await (await fetch('/api/me/inbox')).json();
      return inbox.items.filter((i: { kind: string }) => i.kind === 'certificate.revoked');
    });
    expect(notices).toHaveLength(1);
    expect(notices[0].body.vi).toContain('cấp nhầm');

    // The site corrects the record (the wrong dose voided, the right one recorded): a new one may be issued.
    await site.post(`/api/staff/doses/${doseId}/void`, { reason: 'Ghi nhầm ngày tiêm' });
    await site.post('/api/staff/doses', {
      id: crypto.randomUUID(),
      personId,
      vaccineCode: 'PFIZER',
      lotId: lot.id,
      givenAt: new Date(start + 86400e3).toISOString(),
    });
    await page.reload();
    await page.getByTestId('tab-passport').click();
    const button = page.getByTestId('passport-reissue');
    await button.waitFor();
    expect(await button.textContent()).toBe('Cấp chứng nhận mới');
    await page.screenshot({ path: path.join(SHOTS, 'passport-revoked-reissue-360.png'), fullPage: true });
    await button.click();
    await page.getByTestId('passport-status').waitFor();
    const fresh = (await page.getByTestId('passport-uvci').textContent()) ?? '';
    expect(fresh).toMatch(/^URN:UVCI:01:VN:/);
    expect(fresh).not.toBe(uvci);
    await page.getByTestId('passport-qr-image').waitFor();
    // Focus moved to the new certificate's status (announced to screen readers).
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Chưa đủ liều');
    await page.evaluate(() => window.scrollTo(0, 0));
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(SHOTS, 'passport-reissued-360.png'), fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  });
});
