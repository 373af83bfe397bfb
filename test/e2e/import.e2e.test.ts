import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumForFile, SHOTS } from './chromium.ts';
import { demoServerForFile } from './demo-server.ts';
import { signInStaff } from './demo-sign-in.ts';

const browser = chromiumForFile();
const e2e = demoServerForFile();
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sskdt-import-e2e-'));
});
afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, name), fullPage: true });

const HEADER =
  'Mã dòng,Họ và tên,Ngày sinh,Giới tính,Số CCCD/CMND,Số điện thoại,Tỉnh/Thành phố,Quận/Huyện,Xã/Phường,Địa chỉ,Mũi số,Ngày tiêm,Tên vắc xin,Số lô,Mã cơ sở tiêm';
/** A legacy export: three good rows (new people, names no demo person has) and one impossible date. */
const rows = (badDate: string) => [
  HEADER,
  'E2E-IMP-1,Phạm Văn Nhập,12/05/1980,Nam,,0912000101,Hà Nội,Ba Đình,Phường Trúc Bạch,12 Hàng Bún,1,15/07/2021,Pfizer,ff1234,',
  'E2E-IMP-2,Lò Thị Tệp,03/11/1992,Nữ,,0912000102,Hà Nội,Ba Đình,Phường Trúc Bạch,,1,20/08/2021,AstraZeneca,AZ777,',
  'E2E-IMP-3,Hà Văn Cột,1987-06-30,Nam,,0912000103,Hà Nội,Ba Đình,Phường Trúc Bạch,,1,2021-10-05,Moderna,MD-55,',
  `E2E-IMP-4,Vi Văn Sửa,07/02/1975,Nam,,0912000104,Hà Nội,Ba Đình,Phường Trúc Bạch,,1,${badDate},Pfizer,ff1234,`,
];
const writeCsv = (name: string, lines: string[]) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `${lines.join('\r\n')}\r\n`);
  return file;
};

/** The counts the job shows, as numbers (the badges carry them in data-count). */
async function counts(page: Page) {
  const job = page.getByTestId('import-job');
  const read = async (key: string) =>
    Number(await job.getByTestId(`count-${key}`).getAttribute('data-count'));
  return {
    imported: await read('imported'),
    skipped: await read('skipped'),
    failed: await read('failed'),
    review: await read('review'),
  };
}

async function signInAtSite(page: Page) {
  await signInStaff(page, 'demo.tiem', '/site');
  await page.getByTestId('tab-imports').click();
  await page.getByTestId('imports-panel').waitFor();
  await expect.poll(() => page.getByTestId('import-own-facility').textContent()).toContain('TYT-');
}

/** Submits the chosen file and waits until the job of that file shows the given state. */
async function submitAndWait(page: Page, filename: string, state: 'done' | 'needs_mapping' = 'done') {
  // A double click sends the same idempotency key twice: still one job.
  await page.getByTestId('import-submit').dblclick();
  const job = page.getByTestId('import-job').filter({ hasText: filename });
  await expect.poll(() => job.getAttribute('data-state'), { timeout: 30_000 }).toBe(state);
  if (state === 'done')
    await expect.poll(() => job.getByTestId('import-progress').getAttribute('data-value')).toBe('100');
}

async function uploadAndWait(page: Page, file: string) {
  await page.getByTestId('import-file').setInputFiles(file);
  await expect.poll(() => page.getByTestId('import-chosen').textContent()).toContain(path.basename(file));
  await submitAndWait(page, path.basename(file));
}

describe('importing legacy dose records from the site', () => {
  it('upload a faulty CSV, watch it finish, download the error report, fix the row, re-upload: no duplicates', {
    timeout: 120_000,
  }, async ({ onTestFailed }) => {
    const context = await browser().newContext({
      viewport: { width: 360, height: 780 },
      locale: 'vi-VN',
      acceptDownloads: true,
    });
    const page = await context.newPage();
    onTestFailed(async () => {
      await page.screenshot({ path: path.join(SHOTS, 'failure-import.png'), fullPage: true }).catch(() => {});
    });
    await signInAtSite(page);
    await expect.poll(() => page.getByTestId('import-jobs').textContent()).toContain('Chưa có lần nhập nào');

    // The template downloads.
    const [template] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('template-vi').click(),
    ]);
    const templateBook = new ExcelJS.Workbook();
    await templateBook.xlsx.readFile(await template.path());
    expect(templateBook.worksheets[0].getRow(1).getCell(2).text).toBe('Họ và tên');

    // 31/02 is no date: that row fails, the three others are imported.
    const faulty = writeCsv('so-tiem-cu.csv', rows('31/02/2021'));
    await page.getByTestId('import-file').setInputFiles(faulty);
    await shot(page, 'import-chosen-360.png');
    await uploadAndWait(page, faulty);
    expect(await counts(page)).toEqual({ imported: 3, skipped: 0, failed: 1, review: 0 });
    expect(await page.getByTestId('import-rows').textContent()).toContain('4');
    const errorRows = page.getByTestId('import-error-row');
    await expect.poll(() => errorRows.count()).toBe(1);
    const errorText = (await errorRows.first().textContent()) ?? '';
    expect(errorText).toContain('5'); // the header is row 1: the fourth record is row 5
    expect(errorText).toContain('Ngày tiêm');
    await expect.poll(() => page.getByTestId('import-job-row').count()).toBe(1);
    await shot(page, 'import-result-errors-360.png');
    await page.getByTestId('import-job').screenshot({ path: path.join(SHOTS, 'import-result-job-360.png') });

    // The error report: the failed row as read plus an error column naming the column.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('import-report').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const report = new ExcelJS.Workbook();
    await report.xlsx.readFile(await download.path());
    const sheet = report.worksheets[0];
    const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    expect(header.slice(0, 15)).toEqual(HEADER.split(','));
    const errorColumn = header.length;
    expect(header[errorColumn - 1]).toMatch(/Lỗi/);
    expect(sheet.actualRowCount).toBe(2);
    expect(sheet.getRow(2).getCell(1).text).toBe('E2E-IMP-4');
    expect(sheet.getRow(2).getCell(errorColumn).text).toContain('Ngày tiêm');
    const issues = report.worksheets[1];
    expect(issues.getRow(2).getCell(1).value).toBe(5);
    expect(issues.getRow(2).getCell(2).text).toBe('Ngày tiêm');

    // The site fixes the date and uploads the whole file again: only the fixed row is new.
    const fixed = writeCsv('so-tiem-cu-da-sua.csv', rows('21/09/2021'));
    await uploadAndWait(page, fixed);
    expect(await counts(page)).toEqual({ imported: 1, skipped: 3, failed: 0, review: 0 });
    await expect.poll(() => page.getByTestId('import-job-row').count()).toBe(2);
    expect(await page.getByTestId('import-errors').count()).toBe(0);
    await shot(page, 'import-reupload-360.png');

    // No duplicates: each person once, with one dose.
    for (const name of ['Phạm Văn Nhập', 'Vi Văn Sửa']) {
      const found = await page.request.get(`${e2e.url}/api/staff/people?q=${encodeURIComponent(name)}`);
      expect(found.status()).toBe(200);
      const people = (await found.json()).items as { id: string; fullName: string }[];
      expect(people.filter((p) => p.fullName === name)).toHaveLength(1);
      const record = await page.request.get(`${e2e.url}/api/staff/people/${people[0].id}/vaccination`);
      expect((await record.json()).doses).toHaveLength(1);
    }
    // No horizontal scrolling at 360 px.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await context.close();
  });

  it('a file with other headers waits for its mapping (saved for next time); a row like an existing person goes to review, decided by keyboard', {
    timeout: 120_000,
  }, async ({ onTestFailed }) => {
    const context = await browser().newContext({ viewport: { width: 360, height: 780 }, locale: 'vi-VN' });
    const page = await context.newPage();
    onTestFailed(async () => {
      await page
        .screenshot({ path: path.join(SHOTS, 'failure-import-review.png'), fullPage: true })
        .catch(() => {});
    });
    await signInAtSite(page);
    // "Liều thứ" and "Thuốc" are no header the import knows: the job waits for a mapping.
    const other = writeCsv('phan-mem-khac.csv', [
      'Họ tên,Ngày sinh,Giới tính,Điện thoại,Liều thứ,Ngày tiêm,Thuốc,Ghi chú',
      // Same name, birth date and sex as a person imported above, another phone: only a name match.
      'Phạm Văn Nhập,12/05/1980,Nam,0988777666,2,20/08/2021,Pfizer,',
      'Đinh Thị Mới,01/01/1990,Nữ,0912000200,1,01/09/2021,Moderna,đã tiêm',
    ]);
    await page.getByTestId('import-file').setInputFiles(other);
    await submitAndWait(page, 'phan-mem-khac.csv', 'needs_mapping');
    const step = page.getByTestId('import-mapping-step');
    await expect.poll(() => step.getByTestId('mapping-missing').textContent()).toContain('Mũi số');
    expect(await step.getByLabel('Cột “Họ tên”').inputValue()).toBe('fullName');
    expect(await step.getByTestId('mapping-submit').isDisabled()).toBe(true);
    await shot(page, 'import-mapping-360.png');
    await step.getByLabel('Cột “Liều thứ”').selectOption('doseNumber');
    await step.getByLabel('Cột “Thuốc”').selectOption('vaccine');
    await step.getByTestId('mapping-save-as').fill('Phần mềm khác');
    await step.getByTestId('mapping-submit').click();
    await expect
      .poll(() => page.getByTestId('import-job').getAttribute('data-state'), { timeout: 30_000 })
      .toBe('done');
    expect(await counts(page)).toEqual({ imported: 1, skipped: 0, failed: 0, review: 1 });
    // The mapping is offered on the next upload.
    await page.getByTestId('import-mapping').waitFor();

    const item = page.getByTestId('review-item');
    await expect.poll(() => item.count()).toBe(1);
    expect(await item.getByTestId('review-reason').textContent()).toContain(
      'Có thể trùng với một người đã có trong sổ',
    );
    const candidate = item.getByTestId('review-candidate');
    expect(await candidate.count()).toBe(1);
    expect(await candidate.textContent()).toContain('Phạm Văn Nhập');
    expect(await candidate.textContent()).toContain('trùng tên và ngày sinh');
    expect(await candidate.textContent()).toMatch(/••• \d{3}/); // the phone masked
    await shot(page, 'import-review-360.png');
    await item.screenshot({ path: path.join(SHOTS, 'import-review-item-360.png') });
    await candidate.getByTestId('review-match').focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByTestId('review-done').textContent())
      .toContain('Đã ghi mũi tiêm cho người đã chọn');
    await expect.poll(() => item.count()).toBe(0);
    // The job still counts the row it sent to review, now decided.
    await expect.poll(() => page.getByTestId('count-review').textContent()).toBe('Cần xem lại: 1 (còn 0)');

    // The dose went to the existing person: two doses, one person.
    const found = await page.request.get(
      `${e2e.url}/api/staff/people?q=${encodeURIComponent('Phạm Văn Nhập')}`,
    );
    const people = (await found.json()).items as { id: string; fullName: string }[];
    expect(people.filter((p) => p.fullName === 'Phạm Văn Nhập')).toHaveLength(1);
    const record = await page.request.get(`${e2e.url}/api/staff/people/${people[0].id}/vaccination`);
    expect((await record.json()).doses.map((d: { doseNumber: number }) => d.doseNumber).sort()).toEqual([
      1, 2,
    ]);

    // English at 360 px.
    await page.getByTestId('language-switch').getByText('EN').click();
    await expect
      .poll(() => page.getByTestId('import-review').textContent())
      .toContain('No row is waiting for review');
    expect(await page.getByTestId('import-job').textContent()).toContain('Imported: 1');
    expect(await page.getByTestId('count-review').textContent()).toBe('To review: 1 (0 left)');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await shot(page, 'import-done-en-360.png');
    await context.close();
  });

  it('a dry run of a 20,000-row file: a moving bar until done, the counts, and nothing written', {
    timeout: 180_000,
  }, async ({ onTestFailed }) => {
    const context = await browser().newContext({ viewport: { width: 360, height: 780 }, locale: 'vi-VN' });
    const page = await context.newPage();
    onTestFailed(async () => {
      await page
        .screenshot({ path: path.join(SHOTS, 'failure-import-dry.png'), fullPage: true })
        .catch(() => {});
    });
    await signInAtSite(page);
    const vaccines = ['Pfizer', 'Moderna', 'AstraZeneca'];
    const syllables =
      'An Bình Chi Dũng Giang Hà Khánh Lan Minh Nga Oanh Phúc Quang Sơn Tâm Uyên Vân Xuân Yến Đức'.split(' ');
    /** A made-up name for each row, letters only ("Người Thử An Bình Chi"). */
    const name = (i: number) =>
      `Người Thử ${syllables[Math.floor(i / 400) % 20]} ${syllables[Math.floor(i / 20) % 20]} ${syllables[i % 20]}`;
    const lines = [HEADER];
    for (let i = 0; i < 20_000; i++) {
      const day = String((i % 28) + 1).padStart(2, '0');
      lines.push(
        `E2E-DRY-${i},${name(i)},${day}/0${(i % 9) + 1}/19${50 + (i % 50)},${i % 2 ? 'Nữ' : 'Nam'},,,Hà Nội,,Phường Trúc Bạch,,1,${day}/10/2021,${vaccines[i % 3]},,`,
      );
    }
    const big = writeCsv('lon.csv', lines);
    await page.getByTestId('import-file').setInputFiles(big);
    await page.getByTestId('import-dry-run').check();
    await page.getByTestId('import-submit').click();
    const job = page.getByTestId('import-job').filter({ hasText: 'lon.csv' });
    // Accepted and waiting or running: a moving bar and the rows read so far.
    await job.waitFor();
    expect(['queued', 'running']).toContain(await job.getAttribute('data-state'));
    expect(await job.getByTestId('import-progress').getAttribute('data-running')).toBe('true');
    // The total is not known yet: the rows read, and once the runner has read some of it, the share of
    // the file.
    expect(await job.getByTestId('import-rows').textContent()).toMatch(
      /^Đã đọc [\d.]+ dòng( \(\d+% của tệp\))?$/,
    );
    await shot(page, 'import-running-360.png');
    await expect.poll(() => job.getAttribute('data-state'), { timeout: 120_000 }).toBe('done');
    expect(await counts(page)).toEqual({ imported: 20_000, skipped: 0, failed: 0, review: 0 });
    expect(await job.getByTestId('import-rows').textContent()).toBe('Đã đọc 20.000 / 20.000 dòng');
    expect(await job.textContent()).toContain('Chạy thử: không có gì được ghi vào sổ');
    // A dry run says what would happen, never that something was added.
    expect(await job.getByTestId('count-imported').textContent()).toBe('Sẽ nhập: 20.000');
    const result = (await job.getByTestId('import-result').textContent()) ?? '';
    expect(result).toMatch(/[\d.]+ người mới sẽ được thêm vào sổ/);
    expect(result).not.toMatch(/Đã thêm|được thêm vào sổ\.$/);
    // Nothing was written: nobody of the file is in the registry.
    const found = await page.request.get(`${e2e.url}/api/staff/people?q=${encodeURIComponent(name(123))}`);
    expect((await found.json()).items).toHaveLength(0);
    await context.close();
  });

  it('a commune manager imports from the staff workspace: a facility within reach, found by name', async () => {
    const context = await browser().newContext({ viewport: { width: 360, height: 780 }, locale: 'vi-VN' });
    const page = await context.newPage();
    await signInStaff(page, 'demo.xa');
    await page.getByTestId('tab-imports').click();
    // The site's imports above are within the commune's reach.
    await expect.poll(() => page.getByTestId('import-job-row').count()).toBeGreaterThan(0);
    const field = page.getByTestId('import-facility');
    // A site of another province is not offered.
    await field.fill('NOPE-1');
    await page.getByText('Không có cơ sở nào trong phạm vi của bạn').waitFor();
    expect(await page.getByTestId('import-submit').isDisabled()).toBe(true);
    // Typed without accents; the commune's health station is offered with its code and commune.
    await field.fill('tram y te');
    // Its name, code and commune below.
    const option = page.getByRole('option', { name: /^Trạm Y tế .*\(TYT-\d+\)\s*(Phường|Xã) / }).first();
    await option.click();
    expect(await field.inputValue()).toMatch(/^Trạm Y tế .*\(TYT-\d+\)$/);
    await expect
      .poll(() => page.getByTestId('imports-panel').textContent())
      .toMatch(/TYT-\d+ · (Xã|Phường) /);
    await page.getByTestId('import-file').setInputFiles(writeCsv('quan-ly.csv', rows('01/10/2021')));
    await expect.poll(() => page.getByTestId('import-submit').isEnabled()).toBe(true);
    await shot(page, 'import-manager-360.png');
    await context.close();
  });
});
