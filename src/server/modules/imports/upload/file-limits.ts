import type { MessageCode } from '../../../../shared/messages.ts';

/**
 * Limits on what an import file may make the server hold or do, and the error that names the one passed.
 * A legacy dose record is a few hundred bytes and 15 columns: the limits are far above any real file and
 * far below what would hurt the process (a 100 MB field, millions of columns, a zip bomb).
 */

const KiB = 1024;
const MiB = 1024 * KiB;

/** Characters of one record (the sum of its fields): csv-parse's `max_record_size`; XLSX rows alike. */
export const MAX_RECORD_CHARS = 64 * KiB;
/** Columns of one row. */
export const MAX_COLUMNS = 200;
/**
 * Bytes between two line breaks of a CSV, checked as the upload arrives. A record within both limits
 * above takes at most 3 bytes per character (UTF-8) plus 199 delimiters and two quotes per field: under
 * 200 KiB. A longer line can only belong to a record the parser would refuse, so it is refused at once.
 */
const MAX_CSV_LINE_BYTES = 4 * MAX_RECORD_CHARS;

export interface XlsxLimits {
  /** Bytes inflated from all the parts of the archive together. */
  totalBytes: number;
  /** Bytes inflated from one part other than a worksheet: exceljs keeps shared strings and styles whole. */
  partBytes: number;
  /** Bytes of worksheet or shared-string XML without a `<`: the longest text or tag a cell can make. */
  xmlRunBytes: number;
}

/**
 * What an XLSX may unpack to. Worksheets are streamed, so only the total bounds them: 200 MB is about
 * half a million template rows; larger files should come as CSV (no unpacking, no shared strings).
 */
export const XLSX_LIMITS: XlsxLimits = {
  totalBytes: 200 * MiB,
  partBytes: 100 * MiB,
  xmlRunBytes: 256 * KiB,
};

/** The limits as a message shows them. */
export const inKiB = (bytes: number) => Math.round(bytes / KiB);
export const inMiB = (bytes: number) => Math.round(bytes / MiB);

/** A file passed one of the limits: the job fails (or the upload is refused) with this message. */
export class ImportLimitError extends Error {
  constructor(
    readonly messageCode: MessageCode,
    readonly params: Record<string, string | number>,
  ) {
    super(`${messageCode} ${JSON.stringify(params)}`);
    this.name = 'ImportLimitError';
  }
}

/** The error for a record over MAX_RECORD_CHARS at a row (as a spreadsheet numbers it, header = 1). */
export const recordTooLarge = (row: number) =>
  new ImportLimitError('import.record_too_large', { row, maximum: inKiB(MAX_RECORD_CHARS) });

/** The error for a row of more than MAX_COLUMNS columns. */
export const tooManyColumns = (row: number) =>
  new ImportLimitError('import.too_many_columns', { row, maximum: MAX_COLUMNS });

/**
 * Finds a run of more than `limit` bytes without any of the `separators`, across the chunks of a stream,
 * and counts each separator seen before it (line numbers). Only byte searches: cheap on any file.
 */
export class LongRunFinder {
  #run = 0;
  /** How many of each separator went by (same order as `separators`). */
  readonly counts: number[];
  constructor(
    private readonly limit: number,
    private readonly separators: number[],
  ) {
    this.counts = separators.map(() => 0);
  }

  /** Takes the next bytes; true once a run is longer than the limit (the caller stops there). */
  push(chunk: Uint8Array): boolean {
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const next = this.separators.map((s) => bytes.indexOf(s));
    let at = 0;
    for (;;) {
      let which = -1;
      for (let k = 0; k < next.length; k++)
        if (next[k] !== -1 && (which === -1 || next[k] < next[which])) which = k;
      if (which === -1) {
        this.#run += bytes.length - at;
        return this.#run > this.limit;
      }
      this.#run += next[which] - at;
      if (this.#run > this.limit) return true;
      this.#run = 0;
      this.counts[which]++;
      at = next[which] + 1;
      next[which] = bytes.indexOf(this.separators[which], at);
    }
  }
}

/** Checks pushed on an upload as it arrives: each piece, then the end. Throwing refuses the upload. */
export interface UploadInspector {
  push(chunk: Buffer): void;
  end(size: number): void;
}

/**
 * The arrival check of a CSV upload: a line longer than MAX_CSV_LINE_BYTES is refused while it arrives,
 * naming the line (a line break inside a quoted field counts, so it is "line", not "row"). Nothing else
 * of the file is known before it is parsed: the job checks records and columns.
 */
export function csvArrivalCheck(): UploadInspector {
  const lines = new LongRunFinder(MAX_CSV_LINE_BYTES, [0x0a, 0x0d]);
  return {
    push(chunk) {
      if (!lines.push(chunk)) return;
      // \n ends lines (also in \r\n files); files of old Macs end them with \r only.
      const [lf, cr] = lines.counts;
      throw new ImportLimitError('import.line_too_long', {
        line: (lf > 0 ? lf : cr) + 1,
        maximum: inKiB(MAX_CSV_LINE_BYTES),
      });
    },
    end() {},
  };
}
