import fs from 'node:fs/promises';
import path from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { nodePlatform } from '../shared/certificate/platform.node.ts';
import { decodeQrFromImage } from '../shared/certificate/qr-image.ts';
import { TrustStore } from '../shared/certificate/trust-store.ts';

/** Inputs of `sskdt verify`: QR photos, trust files and the validation time. */

export class ImageError extends Error {
  constructor(
    readonly code: 'IMAGE_UNREADABLE' | 'IMAGE_NO_QR',
    message: string,
  ) {
    super(message);
  }
}

/** Decodes a PNG or JPEG photo and reads the QR code in it. */
export async function qrFromImageFile(file: string): Promise<string> {
  const bytes = await fs.readFile(file);
  let image: { data: Uint8Array; width: number; height: number };
  try {
    if (bytes[0] === 0x89 && bytes[1] === 0x50) image = PNG.sync.read(bytes);
    else if (bytes[0] === 0xff && bytes[1] === 0xd8)
      image = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 1024 });
    else throw new Error('not a PNG or JPEG file');
  } catch (error) {
    throw new ImageError('IMAGE_UNREADABLE', (error as Error).message);
  }
  const text = decodeQrFromImage(image);
  if (!text) throw new ImageError('IMAGE_NO_QR', 'no QR code found');
  return text;
}

/** Parses --at / "at": ISO 8601; a time without a zone is UTC. */
export function parseValidationTime(value: string | undefined): Date {
  if (value === undefined || value === '') return new Date();
  let text = value.trim().replace(' ', 'T');
  if (/^\d{4}-\d{2}-\d{2}T[\d:.]+$/.test(text)) text += 'Z';
  const time = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(time.getTime()))
    throw new Error(`--at must be an ISO 8601 time (got "${value}")`);
  return time;
}

/**
 * The local instance's trust store, used without --trust: the keys and revocations of the instance in
 * SSKDT_DATA_DIR (default ./.sskdt), from the trust files `sskdt keys` and the server keep there, or from
 * PostgreSQL when DATABASE_URL is set. No instance: empty (every certificate fails the kid check).
 */
export async function loadLocalTrust(env = process.env): Promise<(string | Uint8Array)[]> {
  if (env.DATABASE_URL) {
    const { openDatabase } = await import('../server/db/database.ts');
    const { exportTrust } = await import('../server/modules/certificates/trust-lists.ts');
    const database = await openDatabase({ engine: 'postgres', url: env.DATABASE_URL });
    try {
      const now = new Date();
      return [
        await exportTrust(database.db, 'dcc-trust-list', now),
        await exportTrust(database.db, 'jwks', now),
      ];
    } catch (error) {
      // A database without the certificate tables is an instance without keys; anything else (the
      // server unreachable, refused) is an I/O error, never an empty trust store.
      if ((error as { code?: unknown }).code === '42P01') return [];
      throw new Error(
        `cannot read the trust store from DATABASE_URL (${error instanceof Error ? error.message : error})`,
      );
    } finally {
      await database.close();
    }
  }
  const { readLocalTrustFiles } = await import('../server/modules/certificates/local-trust.ts');
  return readLocalTrustFiles(path.resolve(env.SSKDT_DATA_DIR || './.sskdt'));
}

/** Trust stores by their inputs, so a batch that repeats the same trust files parses them once. */
export class TrustCache {
  private readonly stores = new Map<string, Promise<TrustStore>>();

  /** Strict: a bad input rejects (--trust). Lenient: bad inputs are listed in the store's problems. */
  load(inputs: (string | Uint8Array)[], lenient = false): Promise<TrustStore> {
    const key =
      (lenient ? 'L' : 'S') +
      inputs.map((i) => (typeof i === 'string' ? i : Buffer.from(i).toString('base64'))).join('\u0000');
    let store = this.stores.get(key);
    if (!store) {
      if (this.stores.size >= 64) this.stores.delete(this.stores.keys().next().value as string);
      store = lenient ? TrustStore.loadLenient(inputs, nodePlatform) : TrustStore.load(inputs, nodePlatform);
      this.stores.set(key, store);
    }
    return store;
  }
}
