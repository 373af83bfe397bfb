import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { HEADERS } from '../../../test/fixtures/imports/faulty-file.ts';

/**
 * Hostile files for the attack tests, built as they would be by hand: a zip container written byte by
 * byte (so its sizes may lie), deflate streams from node:zlib, CSV streams that are never held whole.
 */

const MiB = 1024 * 1024;

/** One zip entry: its deflated bytes, and the CRC and uncompressed size the headers claim. */
export interface ZipEntry {
  name: string;
  deflated: Buffer;
  crc: number;
  claimedSize: number;
}

/** An entry deflated from its content, with honest CRC and size. */
export function honestEntry(name: string, content: string | Buffer): ZipEntry {
  const data = Buffer.isBuffer(content) ? content : Buffer.from(content);
  return { name, deflated: zlib.deflateRawSync(data), crc: zlib.crc32(data), claimedSize: data.length };
}

/**
 * A zip archive: local headers, data, the central directory and its end record. The central directory
 * repeats each entry's claimed size, so a lying entry lies in both places (as a crafted bomb would).
 */
export function zipArchive(entries: ZipEntry[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x21, 12); // 1980-01-01
    local.writeUInt32LE(entry.crc >>> 0, 14);
    local.writeUInt32LE(entry.deflated.length, 18);
    local.writeUInt32LE(entry.claimedSize, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(20, 6);
    local.copy(header, 8, 6, 30); // flags … extra length, as in the local header
    header.writeUInt32LE(offset, 42);
    central.push(header, name);
    parts.push(local, name, entry.deflated);
    offset += local.length + name.length + entry.deflated.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}

const xmlText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A spreadsheet row of inline strings (`r` is its 1-based number). */
export function xmlRow(r: number, cells: string[]): string {
  const columns = (i: number) => {
    let name = '';
    for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26))
      name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
    return name;
  };
  const body = cells
    .map((text, i) => `<c r="${columns(i)}${r}" t="inlineStr"><is><t>${xmlText(text)}</t></is></c>`)
    .join('');
  return `<row r="${r}">${body}</row>`;
}

/** A data row of the template that imports cleanly (a new person, one dose). */
export const GOOD_ROW = [
  'ATK-1',
  'Phạm Thị Lan',
  '02/02/1992',
  'Nữ',
  '001192000222',
  '',
  'Hà Nội',
  '',
  'Phường Ba Đình',
  '',
  '1',
  '15/09/2021',
  'Pfizer',
  'FK0001',
  '',
];

const SHEET_HEAD =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
const SHEET_TAIL = '</sheetData></worksheet>';

/** The parts of a one-sheet workbook around its sheet XML (shared strings first, as Excel writes them). */
function workbookParts(): ZipEntry[] {
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  return [
    honestEntry(
      '[Content_Types].xml',
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' +
        '</Types>',
    ),
    honestEntry(
      '_rels/.rels',
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    honestEntry(
      'xl/workbook.xml',
      `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${rel}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ),
    honestEntry(
      'xl/_rels/workbook.xml.rels',
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    ),
    honestEntry(
      'xl/sharedStrings.xml',
      '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>',
    ),
  ];
}

/** A workbook whose sheet holds these rows (row 1 the template headers unless given), honestly zipped. */
export function workbook(rows: string[][], headers: string[] = HEADERS): Buffer {
  const xml = SHEET_HEAD + [headers, ...rows].map((cells, i) => xmlRow(i + 1, cells)).join('') + SHEET_TAIL;
  return zipArchive([...workbookParts(), honestEntry('xl/worksheets/sheet1.xml', xml)]);
}

/**
 * A zip bomb dressed as the import template: the header row and one good row, then `fillerMiB` MiB of
 * empty elements (`<x/>`, which the sheet reader skips) inside the sheet data. One MiB of filler is
 * deflated once and its bytes repeated: with a full flush each copy is a whole, byte-aligned set of
 * non-final blocks that refers to nothing before it, so the copies form one valid deflate stream
 * (≈1,000:1, the most deflate gives). Both the local header and the central directory claim the sheet
 * is 4 KiB (`claimedSize`), so only counting what is really inflated finds it out.
 */
export function zipBomb(fillerMiB: number, claimedSize = 4096): Buffer {
  const head = SHEET_HEAD + xmlRow(1, HEADERS) + xmlRow(2, GOOD_ROW);
  const flush = { finishFlush: zlib.constants.Z_FULL_FLUSH, level: 9 };
  const filler = zlib.deflateRawSync(Buffer.from('<x/>'.repeat(MiB / 4)), flush);
  const deflated = Buffer.concat([
    zlib.deflateRawSync(Buffer.from(head), flush),
    ...Array.from({ length: fillerMiB }, () => filler),
    zlib.deflateRawSync(Buffer.from(SHEET_TAIL)),
  ]);
  // The real CRC of gigabytes is not worth computing: neither the reader nor exceljs checks it.
  return zipArchive([
    ...workbookParts(),
    { name: 'xl/worksheets/sheet1.xml', deflated, crc: 0, claimedSize },
  ]);
}

/**
 * A CSV of the template headers and then one row that is a single field of `totalBytes` bytes, produced
 * 64 KiB at a time (never held whole). `lineBreakEvery` puts a line break inside the (quoted) field
 * every so many bytes: a giant record made of short lines.
 */
export function giantFieldCsv(totalBytes: number, lineBreakEvery?: number): Readable {
  const piece = 64 * 1024;
  const quoted = lineBreakEvery !== undefined;
  function* chunks() {
    yield Buffer.from(`${HEADERS.join(',')}\r\n${quoted ? '"' : ''}`);
    const plain = Buffer.alloc(piece, 0x41);
    const broken = Buffer.alloc(piece, 0x41);
    if (quoted) for (let i = lineBreakEvery - 1; i < piece; i += lineBreakEvery) broken[i] = 0x0a;
    for (let sent = 0; sent < totalBytes; sent += piece) yield quoted ? broken : plain;
    if (quoted) yield Buffer.from('"\r\n');
  }
  return Readable.from(chunks(), { objectMode: false });
}

/**
 * Calls `probe` every `everyMs` until `work` settles and returns the latencies seen (ms), with the
 * event loop's worst delay over the same time: what a health check would have waited meanwhile.
 */
export async function latencyDuring(
  work: Promise<unknown>,
  probe: () => Promise<unknown>,
  everyMs = 50,
): Promise<{ latencies: number[]; maxLoopDelayMs: number }> {
  let settled = false;
  work.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const latencies: number[] = [];
  try {
    while (!settled) {
      const started = performance.now();
      await probe();
      latencies.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  } finally {
    loop.disable();
  }
  return { latencies, maxLoopDelayMs: loop.max / 1e6 };
}

/** Samples the resident set size every 20 ms until `work` settles; returns the highest seen (bytes). */
export async function peakRssDuring(work: Promise<unknown>): Promise<number> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  try {
    await work;
  } finally {
    clearInterval(timer);
  }
  return Math.max(peak, process.memoryUsage().rss);
}
