import { createRequire } from 'node:module';
import { pipeline, type Readable, type Transform } from 'node:stream';
import {
  ImportLimitError,
  inKiB,
  inMiB,
  LongRunFinder,
  type UploadInspector,
  XLSX_LIMITS,
  type XlsxLimits,
} from './file-limits.ts';

/**
 * Zip-bomb checks of XLSX files. An XLSX is a zip archive whose sizes are only claims: the central
 * directory and the local headers may say 4 KB for a sheet that inflates to gigabytes. So the real check
 * inflates the archive and counts what comes out, before exceljs reads it; the central directory is only
 * used to refuse an upload early when it already admits to too much.
 */

interface ZipEntryStream extends Readable {
  path: string;
}

/**
 * exceljs walks an archive with its own copy of unzipper (local headers in order, central directory
 * ignored). The check must see the very entries and bytes exceljs will, so it asks for that copy
 * rather than a zip reader that could split a crafted archive differently.
 */
function exceljsUnzipper(): { Parse(options: { forceStream: boolean }): Transform } {
  const fromHere = createRequire(import.meta.url);
  return createRequire(fromHere.resolve('exceljs'))('unzipper');
}

const WORKSHEET = /xl\/worksheets\/sheet\d+[.]xml/; // exceljs's own test (unanchored, as there)
const TEXT_PARTS = (path: string) => WORKSHEET.test(path) || path === 'xl/sharedStrings.xml';

/**
 * Inflates every part of an archive and throws ImportLimitError when the parts together pass
 * `totalBytes`, a part other than a worksheet passes `partBytes`, or worksheet / shared-string XML has
 * a run of `xmlRunBytes` without a tag. Stops at the first limit: a bomb costs at most the limit.
 *
 * It runs in the API process, in a stream: zlib inflates on the libuv thread pool and hands back 16 KiB
 * at a time, and the JavaScript per piece is a counter and a few byte searches, so the event loop is
 * free between pieces (the attack test measures /healthz during a 2 GiB bomb). A worker thread would add
 * a copy of every byte and a second database reader for the stored pieces, for no gain in latency.
 */
export async function checkXlsxInflation(input: Readable, limits: XlsxLimits = XLSX_LIMITS): Promise<void> {
  const zip = exceljsUnzipper().Parse({ forceStream: true });
  // An error of either stream (unreadable input, not a zip) ends the walk below with that error.
  pipeline(input, zip, () => undefined);
  let total = 0;
  let entry: ZipEntryStream | undefined;
  try {
    for await (const next of zip as AsyncIterable<ZipEntryStream>) {
      entry = next;
      const path = entry.path;
      const partCap = WORKSHEET.test(path) ? Number.POSITIVE_INFINITY : limits.partBytes;
      const runs = TEXT_PARTS(path) ? new LongRunFinder(limits.xmlRunBytes, [0x3c]) : null;
      let size = 0;
      for await (const chunk of entry as AsyncIterable<Buffer>) {
        size += chunk.length;
        total += chunk.length;
        if (total > limits.totalBytes)
          throw new ImportLimitError('import.xlsx_too_large', {
            maximum: inMiB(limits.totalBytes),
            entry: path,
          });
        if (size > partCap)
          throw new ImportLimitError('import.xlsx_too_large', { maximum: inMiB(partCap), entry: path });
        if (runs?.push(chunk))
          throw new ImportLimitError('import.xlsx_cell_too_large', {
            maximum: inKiB(limits.xmlRunBytes),
            entry: path,
          });
      }
    }
  } finally {
    // Late errors of the destroyed streams (an inflater cut short) have nowhere to go: swallowed here.
    for (const stream of [entry, zip, input]) {
      stream?.on('error', () => undefined);
      stream?.destroy();
    }
  }
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
/** Bytes kept from the end of an upload: the central directory of any real workbook fits. */
const TAIL_BYTES = 1024 * 1024;

/**
 * What the central directory at the end of an archive claims: each entry's name and uncompressed size.
 * Null when the end record or the directory is not within `tail` (or is ZIP64): then nothing is claimed.
 */
function claimedSizes(tail: Buffer, fileSize: number): { path: string; size: number }[] | null {
  const from = Math.max(0, tail.length - 22 - 65_535);
  for (let at = tail.length - 22; at >= from; at--) {
    if (tail.readUInt32LE(at) !== EOCD) continue;
    const count = tail.readUInt16LE(at + 10);
    const offset = tail.readUInt32LE(at + 16);
    let pos = offset - (fileSize - tail.length);
    if (pos < 0 || count === 0xffff || offset === 0xffffffff) return null;
    const entries: { path: string; size: number }[] = [];
    for (let i = 0; i < count; i++) {
      if (pos + 46 > tail.length || tail.readUInt32LE(pos) !== CENTRAL) return null;
      const size = tail.readUInt32LE(pos + 24);
      const nameLength = tail.readUInt16LE(pos + 28);
      const skip = 46 + nameLength + tail.readUInt16LE(pos + 30) + tail.readUInt16LE(pos + 32);
      if (size === 0xffffffff) return null;
      entries.push({ path: tail.toString('utf8', pos + 46, pos + 46 + nameLength), size });
      pos += skip;
    }
    return entries;
  }
  return null;
}

/**
 * The arrival check of an XLSX upload: once the last piece is in, the central directory's own claims
 * are held to the limits (a claim can be a lie that hides a bomb, which the job's inflation check finds;
 * but a file that admits to too much is refused at once). Keeps the last MiB of the upload only.
 */
export function xlsxArrivalCheck(limits: XlsxLimits = XLSX_LIMITS): UploadInspector {
  let recent: Buffer[] = [];
  let recentLength = 0;
  return {
    push(chunk) {
      recent.push(chunk);
      recentLength += chunk.length;
      while (recent.length > 1 && recentLength - recent[0].length >= TAIL_BYTES)
        recentLength -= recent.shift()!.length;
    },
    end(size) {
      const tail = Buffer.concat(recent, recentLength);
      recent = [];
      const entries = claimedSizes(tail, size);
      if (!entries) return;
      let total = 0;
      for (const { path, size: claimed } of entries) {
        total += claimed;
        const cap = WORKSHEET.test(path) ? Number.POSITIVE_INFINITY : limits.partBytes;
        if (claimed > cap)
          throw new ImportLimitError('import.xlsx_too_large', { maximum: inMiB(cap), entry: path });
        if (total > limits.totalBytes)
          throw new ImportLimitError('import.xlsx_too_large', {
            maximum: inMiB(limits.totalBytes),
            entry: path,
          });
      }
    },
  };
}
