import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumForFile, SHOTS } from './chromium.ts';
import { demoServerForFile } from './demo-server.ts';
import { demoStaffApi } from './demo-sign-in.ts';

/**
 * Revocation reaches the web verifier in both formats: after "Cập nhật danh sách" (update the lists)
 * the SMART Health Card of a revoked certificate is red like its EU DCC, and stays red offline (the
 * CRLs are cached on the device with the other lists).
 */

const browser = chromiumForFile();
const e2e = demoServerForFile();

interface Issued {
  uvci: string;
  euDcc: string;
  shcChunks: string[];
}

/** A demo person's current certificate, as a province manager (who may revoke it) sees it. */
async function someCertificate(staff: Awaited<ReturnType<typeof demoStaffApi>>): Promise<Issued> {
  // From the end of a search the other browser tests do not walk, so nobody else shows this one.
  for (const q of ['vu', 'dang', 'bui', 'do', 'ngo']) {
    const found = await staff.get(`/api/staff/people?q=${q}&pageSize=50`);
    for (const p of [...(found.items ?? [])].reverse()) {
      try {
        return await staff.get(`/api/staff/people/${p.id}/certificate`);
      } catch {
        // no dose yet, or withheld: the next one
      }
    }
  }
  throw new Error('no demo person with a certificate');
}

async function verifyText(page: Page, text: string) {
  await page.getByRole('tab', { name: 'Dán mã' }).click();
  await page.getByTestId('qr-text').fill(text);
  await page.getByTestId('verify-text').click();
}

/** Verifies until the answer is `verdict` (a new result replaces the old one asynchronously). */
async function expectVerdict(page: Page, text: string, verdict: string) {
  await expect
    .poll(async () => {
      await verifyText(page, text);
      await page.getByTestId('verifier-result').waitFor();
      return page.getByTestId('verifier-result').getAttribute('data-verdict');
    })
    .toBe(verdict);
}

const revocationState = async (page: Page) => {
  const details = page.getByTestId('details-toggle');
  if ((await details.getAttribute('aria-expanded')) !== 'true') await details.click();
  return page.getByTestId('check-revocation').getAttribute('data-state');
};

describe('web verifier and revocation', () => {
  it('after updating its lists, shows the SMART Health Card of a revoked certificate as revoked, offline too', async () => {
    const staff = await demoStaffApi('demo.tinh');
    const cert = await someCertificate(staff);
    const shc = cert.shcChunks.join('\n');

    const context = await browser().newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${e2e.url}/verifier`);
    await page.getByRole('heading', { name: 'Kiểm tra chứng nhận', exact: true }).waitFor();
    // The page fetched the instance's lists, the CRL of each SMART Health Card key among them.
    await page.getByTestId('trust-toggle').click();
    await expect.poll(() => page.getByTestId('trust-sources').textContent()).toContain('/.well-known/crl/');

    // Before: both formats green, the revocation step run (not skipped) for each.
    await expectVerdict(page, shc, 'valid');
    expect(await revocationState(page)).toBe('pass');
    await expectVerdict(page, cert.euDcc, 'valid');
    expect(await revocationState(page)).toBe('pass');

    await staff.post('/api/staff/certificates/revocations', { uvci: cert.uvci, reason: 'other' });

    // "Cập nhật danh sách": both QR codes red, revoked.
    await page.getByRole('button', { name: 'Cập nhật danh sách của hệ thống' }).click();
    await expectVerdict(page, shc, 'invalid');
    expect(await revocationState(page)).toBe('fail');
    expect(await page.getByTestId('verdict-reasons').textContent()).toContain('đã bị thu hồi');
    expect(await page.getByTestId('holder-name').textContent()).toBeTruthy();
    await page.screenshot({ path: path.join(SHOTS, 'verifier-shc-revoked.png'), fullPage: true });
    await expectVerdict(page, cert.euDcc, 'invalid');
    expect(await revocationState(page)).toBe('fail');

    // Offline, from the lists kept on the device: still revoked.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await expect
      .poll(
        () =>
          page.evaluate(async () => {
            const keys = await (await caches.open('sskdt-assets-v1')).keys();
            return keys.some((k) => /\/assets\/Verifier-.*\.js$/.test(k.url));
          }),
        { timeout: 20_000 },
      )
      .toBe(true);
    await context.setOffline(true);
    await page.reload();
    await page.getByRole('heading', { name: 'Kiểm tra chứng nhận', exact: true }).waitFor();
    await expectVerdict(page, shc, 'invalid');
    expect(await revocationState(page)).toBe('fail');
    expect(errors).toEqual([]);
    await context.close();
  });
});
