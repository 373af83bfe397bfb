import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_ENGINES } from '../../../test/helpers/test-app.ts';
import { IMPORT_FIELDS } from '../../shared/legacy/import-columns.ts';
import { parseLegacyDate } from '../../shared/legacy/legacy-dates.ts';
import { decodeHead, toUnicodeText } from '../../shared/legacy/legacy-text.ts';
import { matchVaccineName } from '../../shared/legacy/vaccine-names.ts';
import { validateCccd } from '../../shared/rules/cccd.ts';
import { normalizePhone } from '../../shared/rules/phone.ts';
import { loadUnitResolver } from '../modules/imports/rows/unit-resolver.ts';
import { type LegacyFileEncoding, type LegacyFileReport, writeLegacyFile } from './legacy-file.ts';

const ROWS = 2_000;
const TODAY = new Date(Date.UTC(2026, 5, 1));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sskdt-legacy-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Written {
  report: LegacyFileReport;
  bytes: Buffer;
  /** Header and rows, decoded the way the importer does (decodeHead + toUnicodeText per field). */
  header: string[];
  rows: string[][];
  /** The raw text of each data line, as decoded from the bytes (before field conversion). */
  lines: string[];
}

async function generate(encoding: LegacyFileEncoding): Promise<Written> {
  const file = path.join(dir, `legacy-${encoding}.csv`);
  const report = await writeLegacyFile(file, {
    rows: ROWS,
    encoding,
    seed: 11,
    facility: 'HN-TEST',
    today: TODAY,
  });
  const bytes = fs.readFileSync(file);
  const head = decodeHead(bytes.subarray(0, 65_536));
  const text =
    head.charset === 'utf-8' ? bytes.toString('utf8').replace(/^\uFEFF/, '') : bytes.toString('latin1');
  const records = parse(text, { relax_column_count: false }) as string[][];
  const decoded = records.map((r) => r.map((f) => toUnicodeText(f, head.encoding)));
  return {
    report,
    bytes,
    header: decoded[0],
    rows: decoded.slice(1),
    lines: text.split('\r\n').slice(1, -1),
  };
}

const col = (key: string) => IMPORT_FIELDS.findIndex((f) => f.key === key);

describe('legacy demo file', () => {
  const files = {} as Record<LegacyFileEncoding, Written>;
  beforeAll(async () => {
    for (const encoding of ['utf8', 'tcvn3', 'vni'] as const) files[encoding] = await generate(encoding);
  });

  it('has the template header and the requested number of rows', () => {
    for (const written of Object.values(files)) {
      expect(written.header).toEqual(IMPORT_FIELDS.map((f) => f.header));
      expect(written.rows).toHaveLength(ROWS);
      expect(written.report.rows).toBe(ROWS);
      for (const row of written.rows) expect(row).toHaveLength(IMPORT_FIELDS.length);
    }
  });

  it('writes the report as the .faults.json sidecar', () => {
    for (const [encoding, written] of Object.entries(files)) {
      const sidecar = JSON.parse(
        fs.readFileSync(path.join(dir, `legacy-${encoding}.csv.faults.json`), 'utf8'),
      );
      expect(sidecar).toEqual(written.report);
      expect(sidecar.encoding).toBe(encoding);
      expect(sidecar.bytes).toBe(written.bytes.length);
    }
  });

  it('is detected and decoded back: TCVN3 and VNI files hold exactly the rows of the UTF-8 file', () => {
    expect(decodeHead(files.utf8.bytes.subarray(0, 65_536))).toEqual({
      charset: 'utf-8',
      encoding: 'unicode',
    });
    expect(files.utf8.bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(decodeHead(files.tcvn3.bytes.subarray(0, 65_536))).toEqual({
      charset: 'latin1',
      encoding: 'tcvn3',
    });
    expect(decodeHead(files.vni.bytes.subarray(0, 65_536))).toEqual({ charset: 'latin1', encoding: 'vni' });
    expect(files.tcvn3.rows).toEqual(files.utf8.rows);
    expect(files.vni.rows).toEqual(files.utf8.rows);
    const names = files.utf8.rows.map((r) => r[col('fullName')]).join(' ');
    expect(names).toMatch(/[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/u);
  });

  it('injects the faults it counts (recounted from the file)', () => {
    const { rows, lines, report } = files.utf8;
    const f = report.faults;
    const today = TODAY.toISOString().slice(0, 10);
    const ids = new Map<string, number>();
    let badDates = 0;
    let futureDates = 0;
    let unknown = 0;
    let misspelled = 0;
    for (const row of rows) {
      ids.set(row[col('sourceRowId')], (ids.get(row[col('sourceRowId')]) ?? 0) + 1);
      const birth = parseLegacyDate(row[col('birthDate')], TODAY);
      const given = parseLegacyDate(row[col('givenOn')], TODAY);
      const vaccine = matchVaccineName(row[col('vaccine')]);
      if (!birth.ok || !given.ok) badDates++;
      else if (given.date > today) futureDates++;
      else if (!vaccine) unknown++;
      if (vaccine && !vaccine.exact) misspelled++;
      if (birth.ok && given.ok && given.date <= today) expect(given.date >= '2021-03-08').toBe(true);
    }
    expect(badDates).toBe(f.badDates);
    expect(futureDates).toBe(f.futureDates);
    expect(unknown).toBe(f.unknownVaccines);
    expect(misspelled).toBe(f.misspelledVaccines);
    expect(report.invalidRows).toBe(f.badDates + f.futureDates + f.unknownVaccines);
    expect([...ids.values()].filter((n) => n > 1).reduce((sum, n) => sum + n - 1, 0)).toBe(f.duplicateRows);
    expect(rows.filter((r) => !r[col('idNumber')]).length).toBe(f.missingCccd);
    expect(rows.filter((r) => r[col('idNumber')].length === 9).length).toBe(f.cmndNumbers);
    expect(rows.filter((r) => r[col('phone')].length === 11).length).toBe(f.oldPhoneNumbers);
    expect(rows.filter((r) => !r[col('commune')]).length).toBe(f.missingCommune);
    expect(rows.filter((r) => /^\d{5}$/.test(r[col('commune')])).length).toBe(f.oldCommuneCodes);
    expect(rows.filter((r) => r[col('district')]).length).toBe(f.oldDistrictNames);
    expect(lines.filter((l) => l !== l.normalize('NFC')).length).toBe(f.nfdRows);
    expect(rows.filter((r) => r[col('fullName')] === r[col('fullName')].toUpperCase()).length).toBe(
      f.upperCaseNames,
    );
    // Each fault is present at its seeded rate, not zero.
    for (const [name, count] of Object.entries(f)) expect(count, name).toBeGreaterThan(0);
  });

  it('writes valid identifiers and phones, and people with several doses', () => {
    const { rows } = files.utf8;
    for (const row of rows) {
      const id = row[col('idNumber')];
      if (id.length === 12) {
        const birth = parseLegacyDate(row[col('birthDate')], TODAY);
        if (birth.ok) expect(validateCccd(id, { birthDate: birth.date }).ok, id).toBe(true);
      }
      if (row[col('phone')]) expect(normalizePhone(row[col('phone')]).ok).toBe(true);
      expect(row[col('facilityCode')]).toBe('HN-TEST');
    }
    const doses = new Map<string, Set<string>>();
    for (const row of rows) {
      const key = `${row[col('fullName')]}|${row[col('idNumber')]}`;
      doses.set(key, (doses.get(key) ?? new Set()).add(row[col('doseNumber')]));
    }
    expect(doses.size).toBeLessThan(ROWS * 0.6);
    expect([...doses.values()].filter((d) => d.has('1') && d.has('2') && d.has('3')).length).toBeGreaterThan(
      50,
    );
  });

  it('is the same file for the same seed, and another for another seed', async () => {
    const again = await writeLegacyFile(path.join(dir, 'again.csv'), {
      rows: ROWS,
      encoding: 'utf8',
      seed: 11,
      facility: 'HN-TEST',
      today: TODAY,
    });
    expect(fs.readFileSync(path.join(dir, 'again.csv'))).toEqual(files.utf8.bytes);
    expect(again.faults).toEqual(files.utf8.report.faults);
    await writeLegacyFile(path.join(dir, 'other.csv'), { rows: ROWS, seed: 12, today: TODAY });
    expect(fs.readFileSync(path.join(dir, 'other.csv'))).not.toEqual(files.utf8.bytes);
  });

  describe.each(TEST_ENGINES)('places (%s)', (engine) => {
    it('names old Hà Nội communes that resolve to 2025 communes', async () => {
      const database = await createTestDatabase(engine);
      try {
        const resolver = await loadUnitResolver(database.db);
        let resolved = 0;
        let withCommune = 0;
        for (const row of files.tcvn3.rows) {
          if (!row[col('commune')]) continue;
          withCommune++;
          const result = resolver.resolve({
            province: row[col('province')],
            district: row[col('district')],
            commune: row[col('commune')],
          });
          if (result.unitId) resolved++;
          expect(result.provinceId).toBe('2025-01');
          expect(result.matchedVia === null || result.unitId?.startsWith('2025-')).toBe(true);
        }
        expect(withCommune).toBe(ROWS - files.tcvn3.report.faults.missingCommune);
        expect(resolved).toBe(withCommune);
      } finally {
        await database.close();
      }
    });
  });
});
