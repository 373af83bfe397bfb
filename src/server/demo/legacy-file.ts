import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { vietnamDate } from '../../shared/format.ts';
import { IMPORT_FIELDS } from '../../shared/legacy/import-columns.ts';
import { fromUnicodeText } from '../../shared/legacy/legacy-text.ts';
import { REFERENCE_DIR } from '../paths.ts';
import {
  BAD_DATES,
  LOT_PREFIXES,
  RATES,
  SEX_FORMS,
  UNKNOWN_VACCINES,
  VACCINE_FORMS,
} from './legacy-file-data.ts';
import {
  csvField,
  type Dose,
  dayOf,
  doses,
  formatDate,
  ISO,
  loadCommunes,
  makePerson,
  type Person,
} from './legacy-file-people.ts';
import { Random } from './random.ts';

/**
 * `sskdt demo --legacy-file`: a legacy dose export as sites sent them in 2021–2022, with the template's
 * headers and the usual faults at seeded rates. Streaming: rows are made in windows of WINDOW rows
 * (shuffled within the window, so a person's doses are near each other but not in order), encoded and
 * written with backpressure; memory does not grow with the number of rows.
 *
 * Fault accounting (the sidecar `OUT.faults.json`): at most one row-failing fault per row (a bad date,
 * an unknown vaccine or a future date — `invalidRows` is their sum); exact duplicates (same Mã dòng)
 * are copies of valid rows only; the other faults (encoding, NFD, old units, misspellings, missing
 * CCCDs, old phone numbers) must all be repaired by the importer.
 */

export type LegacyFileEncoding = 'utf8' | 'tcvn3' | 'vni';

export interface LegacyFileOptions {
  rows: number;
  encoding?: LegacyFileEncoding;
  seed?: number;
  /** Written in the "Mã cơ sở tiêm" column and used in the row ids; empty column when absent. */
  facility?: string;
  /** Dates are generated up to the day before (a day in Viet Nam); "future" faults are after it. */
  today?: Date;
  referenceDir?: string;
  onProgress?: (done: number, total: number) => void;
}

export interface LegacyFileFaults {
  /** Rows written in decomposed Unicode (only in UTF-8 files). */
  nfdRows: number;
  /** Rows whose name is all capitals (a form, not an error). */
  upperCaseNames: number;
  /** Rows with a pre-2025 commune name / code, or none. */
  oldCommuneNames: number;
  oldCommuneCodes: number;
  missingCommune: number;
  /** Rows with an old district name (kept only as the original text). */
  oldDistrictNames: number;
  misspelledVaccines: number;
  /** Extra copies of rows (same Mã dòng, same content). */
  duplicateRows: number;
  missingCccd: number;
  /** Rows with a 9-digit CMND instead of a CCCD. */
  cmndNumbers: number;
  /** Rows with an 11-digit pre-2018 mobile number. */
  oldPhoneNumbers: number;
  /** Rows with an impossible or incomplete birth date or dose date. */
  badDates: number;
  unknownVaccines: number;
  futureDates: number;
}

export interface LegacyFileReport {
  file: string;
  rows: number;
  people: number;
  encoding: LegacyFileEncoding;
  seed: number;
  facility: string | null;
  faults: LegacyFileFaults;
  /** Rows the importer must fail: badDates + unknownVaccines + futureDates. */
  invalidRows: number;
  bytes: number;
}

const WINDOW = 1000;

function emptyFaults(): LegacyFileFaults {
  return {
    nfdRows: 0,
    upperCaseNames: 0,
    oldCommuneNames: 0,
    oldCommuneCodes: 0,
    missingCommune: 0,
    oldDistrictNames: 0,
    misspelledVaccines: 0,
    duplicateRows: 0,
    missingCccd: 0,
    cmndNumbers: 0,
    oldPhoneNumbers: 0,
    badDates: 0,
    unknownVaccines: 0,
    futureDates: 0,
  };
}

/** Writes the legacy export and its `.faults.json` sidecar; returns what it wrote. */
export async function writeLegacyFile(file: string, options: LegacyFileOptions): Promise<LegacyFileReport> {
  const encoding = options.encoding ?? 'utf8';
  const seed = options.seed ?? 2021;
  const facility = options.facility ?? '';
  // The day in Viet Nam, as the importer counts it: from 17:00 UTC a UTC "tomorrow" is already today
  // there, and a row meant to lie in the future would pass.
  const today = dayOf(vietnamDate(options.today));
  const random = new Random(seed);
  const communes = loadCommunes(options.referenceDir ?? REFERENCE_DIR);
  const faults = emptyFaults();
  const idPrefix = `${facility || 'HN'}-`;
  const encode = (text: string) =>
    encoding === 'utf8' ? Buffer.from(text, 'utf8') : Buffer.from(fromUnicodeText(text, encoding), 'latin1');

  const out = fs.createWriteStream(file, { highWaterMark: 4 << 20 });
  let bytes = 0;
  const write = async (chunk: Buffer) => {
    bytes += chunk.length;
    if (!out.write(chunk)) await once(out, 'drain');
  };
  const header = `${IMPORT_FIELDS.map((f) => csvField(f.header)).join(',')}\r\n`;
  await write(
    Buffer.concat([encoding === 'utf8' ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), encode(header)]),
  );

  let written = 0;
  let people = 0;
  let seq = 0;
  let window: string[] = [];
  const flush = async () => {
    for (let i = window.length - 1; i > 0; i--) {
      const j = Math.floor(random.next() * (i + 1));
      [window[i], window[j]] = [window[j], window[i]];
    }
    await write(encode(window.join('')));
    window = [];
    options.onProgress?.(written, options.rows);
  };

  while (written < options.rows) {
    const person = makePerson(random, people, communes);
    people++;
    for (const dose of doses(random, person, today)) {
      if (written >= options.rows) break;
      const row = makeRow(random, person, dose, `${idPrefix}${String(++seq).padStart(8, '0')}`);
      window.push(row.line);
      written++;
      countRow(faults, person, row.flags);
      if (row.duplicate && written < options.rows) {
        window.push(row.line);
        written++;
        faults.duplicateRows++;
        countRow(faults, person, row.flags);
      }
      if (window.length >= WINDOW) await flush();
    }
  }
  if (window.length) await flush();
  out.end();
  await once(out, 'finish');

  const report: LegacyFileReport = {
    file: path.resolve(file),
    rows: written,
    people,
    encoding,
    seed,
    facility: facility || null,
    faults,
    invalidRows: faults.badDates + faults.unknownVaccines + faults.futureDates,
    bytes,
  };
  fs.writeFileSync(`${file}.faults.json`, `${JSON.stringify(report, null, 2)}\n`);
  return report;

  function makeRow(random: Random, person: Person, dose: Dose, rowId: string) {
    let birth = formatDate(random, person.birthDay);
    let given = formatDate(random, dose.day);
    let vaccine: string;
    const forms = VACCINE_FORMS[dose.code];
    const flags: RowFlags = {};
    if (random.chance(RATES.misspelled)) {
      vaccine = random.pick(forms.misspelled);
      flags.misspelledVaccines = true;
    } else vaccine = random.chance(0.7) ? forms.exact[0] : random.pick(forms.exact);

    const fatal = random.next();
    let bad = false;
    if (fatal < RATES.badDate) {
      bad = true;
      flags.badDates = true;
      if (random.chance(0.5)) given = random.pick(BAD_DATES);
      else birth = random.chance(0.4) ? ISO[person.birthDay].slice(0, 4) : random.pick(BAD_DATES);
    } else if (fatal < RATES.badDate + RATES.unknownVaccine) {
      bad = true;
      flags.unknownVaccines = true;
      flags.misspelledVaccines = false;
      vaccine = random.pick(UNKNOWN_VACCINES);
    } else if (fatal < RATES.badDate + RATES.unknownVaccine + RATES.futureDate) {
      bad = true;
      flags.futureDates = true;
      given = formatDate(random, today + random.int(1, 200));
    }

    const lotPrefix = random.pick(LOT_PREFIXES[dose.code]);
    const lot = random.chance(RATES.noLot) ? '' : `${lotPrefix}${random.int(1000, 9999)}`;
    const sexForm = random.weighted(SEX_FORMS[person.sex]);
    const name = person.name;
    const line0 =
      `${rowId},${name},${birth},${sexForm},${person.columns},${dose.dose},${given},` +
      `${csvField(vaccine)},${lot},${csvField(facility)}\r\n`;
    let line = line0;
    // Drawn for every encoding, so files of one seed hold the same rows whatever their encoding.
    if (random.chance(RATES.nfd) && encoding === 'utf8') {
      line = line.normalize('NFD');
      flags.nfdRows = true;
    }
    return { line, flags, duplicate: !bad && random.chance(RATES.duplicate) };
  }
}

/** Faults of one row written (duplicates are counted as rows too). */
type RowFlags = Partial<
  Record<'misspelledVaccines' | 'badDates' | 'unknownVaccines' | 'futureDates' | 'nfdRows', boolean>
>;

function countRow(faults: LegacyFileFaults, person: Person, flags: RowFlags) {
  if (flags.misspelledVaccines) faults.misspelledVaccines++;
  if (flags.badDates) faults.badDates++;
  if (flags.unknownVaccines) faults.unknownVaccines++;
  if (flags.futureDates) faults.futureDates++;
  if (flags.nfdRows) faults.nfdRows++;
  if (person.upper) faults.upperCaseNames++;
  if (person.communeForm === 'name') faults.oldCommuneNames++;
  else if (person.communeForm === 'code') faults.oldCommuneCodes++;
  else faults.missingCommune++;
  if (person.commune.district) faults.oldDistrictNames++;
  if (!person.id) faults.missingCccd++;
  else if (person.id.length === 9) faults.cmndNumbers++;
  if (person.phone.length === 11) faults.oldPhoneNumbers++;
}

/** A summary of a written legacy file for the terminal: sizes, rate and each fault count. */
export function describeLegacyFile(report: LegacyFileReport, seconds: number): string {
  const lines = [
    `Wrote ${report.rows.toLocaleString('en')} rows (${report.people.toLocaleString('en')} people, ${report.encoding}, ` +
      `${(report.bytes / 1e6).toFixed(1)} MB) to ${report.file} in ${seconds.toFixed(1)} s ` +
      `(${Math.round(report.rows / Math.max(seconds, 0.001)).toLocaleString('en')} rows/s)`,
    'Faults injected:',
    ...Object.entries(report.faults).map(
      ([name, count]) => `  ${name.padEnd(20)} ${count.toLocaleString('en')}`,
    ),
    `Rows the importer must fail: ${report.invalidRows.toLocaleString('en')}; exact duplicate rows: ${report.faults.duplicateRows.toLocaleString('en')}`,
    `Counts saved to ${report.file}.faults.json`,
  ];
  return lines.join('\n');
}
