/**
 * SMART Health Card QR text: `shc:/` then two digits per character (char code − 45), or chunked as
 * `shc:/i/n/…` over several QR codes.
 */

export class ShcNumericError extends Error {
  override name = 'ShcNumericError';
}

export const SHC_PREFIX = 'shc:/';

export function shcNumericEncode(jws: string): string {
  let out = SHC_PREFIX;
  for (let i = 0; i < jws.length; i++) {
    const v = jws.charCodeAt(i) - 45;
    if (v < 0 || v > 77) throw new ShcNumericError('character outside the SHC numeric range');
    out += v < 10 ? `0${v}` : String(v);
  }
  return out;
}

/** The longest JWS one QR code holds (SMART Health Cards: QR version 22, numeric mode). */
export const SHC_SINGLE_QR_MAX = 1195;
/** The longest JWS part of one chunk of a chunked card (`shc:/i/n/` takes the room of 4 characters). */
export const SHC_CHUNK_MAX = 1191;

/**
 * The QR texts of a card: one `shc:/…` when its JWS fits one QR code (≤ 1195 characters), else the
 * specification's chunks `shc:/1/n/…` … `shc:/n/n/…`, n = ⌈length / 1191⌉, of balanced size.
 */
export function shcQrTexts(jws: string): string[] {
  if (jws.length <= SHC_SINGLE_QR_MAX) return [shcNumericEncode(jws)];
  const count = Math.ceil(jws.length / SHC_CHUNK_MAX);
  const size = Math.ceil(jws.length / count);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const digits = shcNumericEncode(jws.slice(i * size, (i + 1) * size)).slice(SHC_PREFIX.length);
    out.push(`${SHC_PREFIX}${i + 1}/${count}/${digits}`);
  }
  return out;
}

function decodeDigits(digits: string): string {
  if (!/^\d*$/.test(digits) || digits.length % 2 !== 0 || digits.length === 0)
    throw new ShcNumericError('SHC numeric data must be an even, non-empty run of digits');
  let out = '';
  for (let i = 0; i < digits.length; i += 2) {
    const v = (digits.charCodeAt(i) - 48) * 10 + (digits.charCodeAt(i + 1) - 48);
    if (v > 77) throw new ShcNumericError('SHC numeric pair over 77');
    out += String.fromCharCode(v + 45);
  }
  return out;
}

/** Decodes one QR text or the chunks of a chunked card (any order) into the compact JWS. */
export function shcNumericDecode(qr: string | string[]): string {
  const parts = (Array.isArray(qr) ? qr : [qr]).map((p) => p.trim());
  if (parts.length === 0) throw new ShcNumericError('no SHC data');
  const chunks: { index: number; total: number; digits: string }[] = [];
  for (const part of parts) {
    if (!part.toLowerCase().startsWith(SHC_PREFIX)) throw new ShcNumericError('not an shc:/ QR');
    const body = part.slice(SHC_PREFIX.length);
    const chunk = /^(\d+)\/(\d+)\/(\d*)$/.exec(body);
    if (chunk) chunks.push({ index: Number(chunk[1]), total: Number(chunk[2]), digits: chunk[3] });
    else chunks.push({ index: 1, total: 1, digits: body });
  }
  const total = chunks[0].total;
  if (total < 1 || chunks.some((c) => c.total !== total))
    throw new ShcNumericError('SHC chunks disagree on their count');
  if (chunks.length !== total)
    throw new ShcNumericError(`expected ${total} SHC chunks, got ${chunks.length}`);
  chunks.sort((a, b) => a.index - b.index);
  if (chunks.some((c, i) => c.index !== i + 1))
    throw new ShcNumericError('SHC chunks are missing or repeated');
  return chunks.map((c) => decodeDigits(c.digits)).join('');
}
