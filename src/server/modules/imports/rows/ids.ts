import { createHash, randomBytes } from 'node:crypto';

/** A UUID derived from a text: the same import run in two databases gives the same ids. */
export function uuidFrom(text: string): string {
  const hex = createHash('sha256').update(text).digest('hex');
  const variant = ((Number.parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

let pool = Buffer.alloc(0);
let offset = 0;

/**
 * A time-ordered UUID (version 7): the ids of one import sort by time, so the primary-key index grows
 * at its right edge instead of touching a random page per row.
 */
export function uuidv7(now = Date.now()): string {
  if (offset + 10 > pool.length) {
    pool = randomBytes(20_000);
    offset = 0;
  }
  const time = now.toString(16).padStart(12, '0');
  const random = pool.toString('hex', offset, offset + 10);
  offset += 10;
  const variant = ((Number.parseInt(random[3], 16) & 0x3) | 0x8).toString(16);
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${random.slice(0, 3)}-${variant}${random.slice(4, 7)}-${random.slice(7, 19)}`;
}
