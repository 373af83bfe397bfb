import { pipeline, Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type ExcelJS from 'exceljs';
import {
  decodeHead,
  detectVietnameseEncoding,
  toUnicodeText,
  type VietnameseEncoding,
} from '../../../../shared/legacy/legacy-text.ts';
import type { Cell } from '../rows/row-rules.ts';
import { MAX_COLUMNS, MAX_RECORD_CHARS, recordTooLarge, tooManyColumns } from './file-limits.ts';
import { checkXlsxInflation } from './xlsx-limits.ts';

/** One data record of a file: its row number as a spreadsheet shows it (header = 1) and its cells. */
export interface FileRecord {
  rowNumber: number;
  cells: Cell[];
}

/**
 * Records after the header, a batch at a time: `end` is the index of the record after the batch (records
 * counted from 0 after the header, blank ones included), which is where a resumed job starts again.
 */
export interface RecordBatch {
  start: number;
  end: number;
  records: FileRecord[];
}

export interface RowReader {
  kind: 'csv' | 'xlsx';
  charset: 'utf-8' | 'latin1';
  encoding: VietnameseEncoding;
  headers: string[];
  /** Batches of up to `size` records, starting after the first `skip` records (a resume). */
  batches(size: number, skip: number): AsyncGenerator<RecordBatch>;
  /** Bytes of the file consumed so far (progress). */
  bytesRead(): number;
  close(): void;
}

const HEAD_BYTES = 64 * 1024;

/** Counts the bytes that go through, and lets the head be read before the rest. */
class ByteSource {
  bytes = 0;
  readonly #iterator: AsyncIterator<Buffer>;
  readonly #stream: Readable;
  constructor(stream: Readable) {
    this.#stream = stream;
    this.#iterator = stream[Symbol.asyncIterator]();
  }
  async next(): Promise<Buffer | null> {
    const { value, done } = await this.#iterator.next();
    if (done) return null;
    const chunk = Buffer.isBuffer(value) ? value : Buffer.from(value as Uint8Array);
    this.bytes += chunk.length;
    return chunk;
  }
  close() {
    this.#stream.destroy();
  }
}

/** The delimiter of a CSV file: the most frequent of , ; and tab in its first line (comma when none). */
function sniffDelimiter(head: string): string {
  const firstLine = head.split(/\r?\n/, 1)[0] ?? '';
  let best = ',';
  let bestCount = 0;
  for (const candidate of [',', ';', '\t']) {
    const count = firstLine.split(candidate).length - 1;
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

/** Combining marks: a Unicode field without them is already NFC (Vietnamese letters are precomposed). */
const COMBINING = /[\u0300-\u036f]/;

const convert = (value: string, encoding: VietnameseEncoding): Cell => {
  if (value === '') return null;
  return encoding === 'unicode' && !COMBINING.test(value) ? value : toUnicodeText(value, encoding);
};

const isBlank = (cells: Cell[]) =>
  cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''));

/**
 * Opens a stored or local file for reading rows: CSV (delimiter sniffed, BOM aware) or XLSX (first
 * sheet). `open` gives the file's bytes from the start; an XLSX is read twice, first to count what it
 * really inflates to (zip bombs, see xlsx-limits.ts), then by exceljs. Files past the limits of
 * file-limits.ts throw ImportLimitError, here or while their batches are read.
 */
export async function openRowReader(open: () => Readable, kind: 'csv' | 'xlsx'): Promise<RowReader> {
  if (kind === 'csv') return openCsv(open());
  await checkXlsxInflation(open());
  return openXlsx(open());
}

/** Pieces fed to the CSV parser: small, so that a record's columns are checked every 64 KiB or so. */
const PARSE_PIECE = 64 * 1024;

/** csv-parse's size limit as the import's own error, naming the row (its `records`: those before it). */
function csvLimitError(error: unknown): unknown {
  const csv = error as { code?: string; records?: number };
  return csv.code === 'CSV_MAX_RECORD_SIZE' ? recordTooLarge((csv.records ?? 0) + 1) : error;
}

async function openCsv(stream: Readable): Promise<RowReader> {
  const source = new ByteSource(stream);
  const head: Buffer[] = [];
  let headLength = 0;
  let ended = false;
  while (headLength < HEAD_BYTES) {
    const chunk = await source.next();
    if (!chunk) {
      ended = true;
      break;
    }
    head.push(chunk);
    headLength += chunk.length;
  }
  const headBytes = Buffer.concat(head);
  const { charset, encoding } = decodeHead(headBytes);
  const delimiter = sniffDelimiter(headBytes.toString('latin1'));
  const parser = parse({
    delimiter,
    bom: true,
    encoding: charset === 'utf-8' ? 'utf8' : 'latin1',
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    max_record_size: MAX_RECORD_CHARS,
  });
  // The fields of the record being parsed (csv-parse's `state`, kept public for compatibility). Empty
  // fields do not count towards max_record_size, so "a,,,,…" or commas between quoted line breaks could
  // make millions of them; between two pieces the record so far is checked against MAX_COLUMNS.
  const partial = parser as unknown as { state?: { record?: unknown[] }; info: { records: number } };
  function* pieces(chunk: Buffer) {
    for (let at = 0; at < chunk.length; at += PARSE_PIECE) {
      if ((partial.state?.record?.length ?? 0) > MAX_COLUMNS) throw tooManyColumns(partial.info.records + 1);
      yield chunk.subarray(at, at + PARSE_PIECE);
    }
  }
  async function* bytes() {
    yield* pieces(headBytes);
    if (ended) return;
    for (let chunk = await source.next(); chunk; chunk = await source.next()) yield* pieces(chunk);
  }
  // pipeline, not pipe: an error of the bytes (a limit) must reach the parser and so the reader.
  pipeline(Readable.from(bytes(), { objectMode: false }), parser, () => undefined);
  const parsed: AsyncIterator<string[]> = parser[Symbol.asyncIterator]();
  const records = {
    async next() {
      try {
        return await parsed.next();
      } catch (error) {
        throw csvLimitError(error);
      }
    },
  };
  const first = await records.next();
  if (!first.done && first.value.length > MAX_COLUMNS) throw tooManyColumns(1);
  const headers = first.done ? [] : first.value.map((h) => String(convert(h, encoding) ?? '').trim());
  return {
    kind: 'csv',
    charset,
    encoding,
    headers,
    bytesRead: () => source.bytes,
    close: () => {
      parser.destroy();
      source.close();
    },
    async *batches(size: number, skip: number) {
      let index = 0;
      let batch: RecordBatch = { start: skip, end: skip, records: [] };
      for (let next = await records.next(); !next.done; next = await records.next()) {
        const current = index++;
        if (current < skip) continue;
        batch.end = current + 1;
        const fields = next.value;
        if (fields.length > MAX_COLUMNS) throw tooManyColumns(current + 2);
        const cells: Cell[] = new Array(fields.length);
        for (let i = 0; i < fields.length; i++) cells[i] = convert(fields[i], encoding);
        if (!isBlank(cells)) batch.records.push({ rowNumber: current + 2, cells });
        if (batch.end - batch.start >= size) {
          yield batch;
          batch = { start: batch.end, end: batch.end, records: [] };
        }
      }
      if (batch.end > batch.start) yield batch;
    },
  };
}

type ExcelValue = ExcelJS.CellValue;

/** A cell of an XLSX row as the import reads it: text, number, date or empty. */
function excelCell(value: ExcelValue, encoding: VietnameseEncoding): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return convert(value, encoding);
  if (typeof value === 'number' || value instanceof Date) return value;
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'object') {
    if ('richText' in value) return convert(value.richText.map((r) => r.text).join(''), encoding);
    if ('result' in value) return excelCell(value.result as ExcelValue, encoding);
    if ('text' in value && typeof value.text === 'string') return convert(value.text, encoding);
  }
  return null;
}

const rawText = (value: ExcelValue): string => {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && 'richText' in value)
    return value.richText.map((r) => r.text).join('');
  return '';
};

async function openXlsx(stream: Readable): Promise<RowReader> {
  let bytes = 0;
  stream.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
  });
  // Loaded for XLSX files only: the library is a large part of a CSV import's start-up otherwise.
  const { default: excel } = await import('exceljs');
  const workbook = new excel.stream.xlsx.WorkbookReader(stream, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    entries: 'ignore',
  });
  const sheets = workbook[Symbol.asyncIterator]();
  const sheet = await sheets.next();
  const rows: AsyncIterator<ExcelJS.Row> | null = sheet.done ? null : sheet.value[Symbol.asyncIterator]();
  // The first rows are read ahead: their text decides the Vietnamese encoding of the whole sheet.
  const ahead: ExcelJS.Row[] = [];
  let exhausted = !rows;
  while (rows && ahead.length < 200) {
    const next = await rows.next();
    if (next.done) {
      exhausted = true;
      break;
    }
    ahead.push(next.value);
  }
  const sample = ahead
    .flatMap((row) => (Array.isArray(row.values) ? row.values.map((v) => rawText(v as ExcelValue)) : []))
    .join(' ');
  const encoding = detectVietnameseEncoding(sample);
  const toCells = (row: ExcelJS.Row): Cell[] => {
    const values = Array.isArray(row.values) ? row.values : [];
    // Empty cells at the end are not counted: a sheet lists formatted empty cells nobody can see.
    let last = values.length - 1;
    while (last > 0 && (values[last] === null || values[last] === undefined)) last--;
    if (last > MAX_COLUMNS) throw tooManyColumns(row.number);
    const cells: Cell[] = [];
    let chars = 0;
    for (let i = 1; i <= last; i++) {
      const cell = excelCell(values[i] as ExcelValue, encoding);
      if (typeof cell === 'string') chars += cell.length;
      cells.push(cell);
    }
    if (chars > MAX_RECORD_CHARS) throw recordTooLarge(row.number);
    return cells;
  };
  const headerRow = ahead.shift();
  const headers = headerRow ? toCells(headerRow).map((c) => (c === null ? '' : String(c).trim())) : [];
  async function* dataRows() {
    yield* ahead;
    if (exhausted || !rows) return;
    for (let next = await rows.next(); !next.done; next = await rows.next()) yield next.value;
  }
  return {
    kind: 'xlsx',
    charset: 'utf-8',
    encoding,
    headers,
    bytesRead: () => bytes,
    close: () => stream.destroy(),
    async *batches(size: number, skip: number) {
      let index = 0;
      let batch: RecordBatch = { start: skip, end: skip, records: [] };
      for await (const row of dataRows()) {
        const current = index++;
        if (current < skip) continue;
        batch.end = current + 1;
        const cells = toCells(row);
        if (!isBlank(cells)) batch.records.push({ rowNumber: row.number, cells });
        if (batch.end - batch.start >= size) {
          yield batch;
          batch = { start: batch.end, end: batch.end, records: [] };
        }
      }
      if (batch.end > batch.start) yield batch;
    },
  };
}
