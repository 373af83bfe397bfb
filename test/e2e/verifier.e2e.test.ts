import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base45Decode, base45Encode } from '../../src/shared/certificate/base45.ts';
import { ROOT } from '../helpers/processes.ts';
import { chromiumForFile, SHOTS } from './chromium.ts';
import { demoServerForFile } from './demo-server.ts';

const browser = chromiumForFile();
const FIXTURES = path.join(ROOT, 'test', 'fixtures');
const e2e = demoServerForFile();
let tmp: string;

// A real EU DCC test vector (France, dose 2/2, DSC with vaccination key usage), checked at its clock.
const vector = JSON.parse(
  fs.readFileSync(path.join(FIXTURES, 'eu-dcc-testdata/FR/2DCode/raw/DGC_QrCode_00003_Raw.json'), 'utf8'),
);
const QR: string = vector.PREFIX;
const AT = '2021-06-09T15:15:35+02:00';

/** The same certificate with one byte of its signature flipped (still valid base45 and zlib). */
function tampered(qr: string): string {
  const cose = zlib.inflateSync(base45Decode(qr.slice(4)));
  cose[cose.length - 1] ^= 0x01;
  return `HC1:${base45Encode(new Uint8Array(zlib.deflateSync(cose)))}`;
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sskdt-verifier-'));
  fs.writeFileSync(
    path.join(tmp, 'fr-dsc.pem'),
    `-----BEGIN CERTIFICATE-----\n${vector.TESTCTX.CERTIFICATE}\n-----END CERTIFICATE-----\n`,
  );
});
afterAll(async () => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function newPage(width: number, height = 900) {
  const context = await browser().newContext({ viewport: { width, height }, locale: 'vi-VN' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return { context, page, errors };
}

async function setClock(page: Page) {
  const field = page.getByTestId('validation-time');
  if (!(await field.isVisible())) await page.getByTestId('advanced-toggle').click();
  await field.fill(AT);
}

async function verifyText(page: Page, text: string) {
  await page.getByRole('tab', { name: 'Dán mã' }).click();
  await page.getByTestId('qr-text').fill(text);
  await page.getByTestId('verify-text').click();
}

const verdict = (page: Page) => page.getByTestId('verifier-result').getAttribute('data-verdict');

describe('certificate verifier page', () => {
  for (const width of [1280, 360]) {
    it(`verifies pasted and photographed certificates, then works offline (${width} px)`, async () => {
      const { context, page, errors } = await newPage(width);
      await page.goto(`${e2e.url}/verifier`);
      await page.getByRole('heading', { name: 'Kiểm tra chứng nhận', exact: true }).waitFor();

      // The page first loads this server's own lists (its DSC and SHC key); then the vector's DSC is
      // imported as a PEM trust file beside them, and the validation clock is set.
      await page.getByTestId('trust-toggle').click();
      const trustCount = () => page.getByTestId('trust-count').textContent();
      await expect.poll(trustCount).toBe('1 khóa EU DCC, 1 khóa SMART Health Card');
      await page.locator('input[type=file]').last().setInputFiles(path.join(tmp, 'fr-dsc.pem'));
      await expect.poll(trustCount).toBe('2 khóa EU DCC, 1 khóa SMART Health Card');
      await setClock(page);

      await verifyText(page, QR);
      await expect.poll(() => verdict(page)).toBe('valid');
      expect(await page.getByTestId('verdict-title').textContent()).toBe('HỢP LỆ');
      expect(await page.getByTestId('holder-name').textContent()).toBeTruthy();
      expect(await page.getByTestId('vaccination-summary').textContent()).toContain('Mũi 2/2');
      await page.getByTestId('details-toggle').click();
      expect(await page.getByTestId('check-signature').getAttribute('data-state')).toBe('pass');
      expect(await page.getByTestId('check-keyUsage').getAttribute('data-state')).toBe('pass');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await page.screenshot({ path: path.join(SHOTS, `verifier-valid-${width}.png`), fullPage: true });

      // One flipped signature byte: red, the signature check failed with its reason.
      await verifyText(page, tampered(QR));
      await expect.poll(() => verdict(page)).toBe('invalid');
      await expect.poll(() => page.getByTestId('check-signature').getAttribute('data-state')).toBe('fail');
      expect(await page.getByTestId('check-kid').getAttribute('data-state')).toBe('pass');
      expect(await page.getByTestId('verdict-reasons').textContent()).toContain('Chữ ký số không đúng');
      await page.screenshot({ path: path.join(SHOTS, `verifier-invalid-${width}.png`), fullPage: true });

      // A photo from the EU QR quality set decodes (its DSC is not trusted here: red at the kid check).
      await page.getByRole('tab', { name: 'Tải ảnh' }).click();
      await page
        .locator('input[type=file]')
        .first()
        .setInputFiles(path.join(FIXTURES, 'eu-dcc-qr-images/VN/1.3.0/VAC_VN.png'));
      // (The tampered result before it passed kid: wait for this one.)
      await expect.poll(() => page.getByTestId('check-kid').getAttribute('data-state')).toBe('fail');
      expect(await page.getByTestId('check-cose').getAttribute('data-state')).toBe('pass');
      expect(await page.getByTestId('verdict-reasons').textContent()).toContain('danh sách tin cậy');

      // Offline: once the service worker has cached the shell and assets, a reload still verifies.
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
      expect(
        await page.evaluate(() =>
          fetch('/api/v1/system/info').then(
            () => 'online',
            () => 'offline',
          ),
        ),
      ).toBe('offline');
      // The logo (an unhashed public file) comes from the worker's cache too.
      await expect
        .poll(() =>
          page.evaluate(() => {
            const logo = document.querySelector<HTMLImageElement>('img[src="/favicon.svg"]');
            return !!logo && logo.complete && logo.naturalWidth > 0;
          }),
        )
        .toBe(true);
      await setClock(page);
      await verifyText(page, QR);
      await expect.poll(() => verdict(page)).toBe('valid');
      await page.screenshot({ path: path.join(SHOTS, `verifier-offline-${width}.png`), fullPage: true });
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
