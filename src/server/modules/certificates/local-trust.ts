import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { ensureDataDir } from '../../data-dir.ts';
import type { DB } from '../../db/schema.ts';
import { exportTrust } from './trust-lists.ts';

/**
 * The local instance's trust files: `<dataDir>/trust/dcc-trust-list.json` (DSCs and revoked UVCI
 * hashes) and `<dataDir>/trust/jwks.json` (SHC keys and CRLs), rewritten whenever keys or revocations
 * change. `sskdt verify` without --trust reads them (never the embedded database itself, which a running
 * server may hold open); with DATABASE_URL set it asks PostgreSQL instead.
 */

export const LOCAL_TRUST_FILES = ['dcc-trust-list.json', 'jwks.json'] as const;

export async function writeLocalTrust(db: Kysely<DB>, dataDir: string, now: Date) {
  const dir = path.join(dataDir, 'trust');
  ensureDataDir(dataDir);
  fs.mkdirSync(dir, { recursive: true });
  const [list, set] = [await exportTrust(db, 'dcc-trust-list', now), await exportTrust(db, 'jwks', now)];
  for (const [name, text] of [
    ['dcc-trust-list.json', list],
    ['jwks.json', set],
  ]) {
    const file = path.join(dir, name);
    fs.writeFileSync(`${file}.tmp`, text);
    fs.renameSync(`${file}.tmp`, file);
  }
}

export function readLocalTrustFiles(dataDir: string): string[] {
  const out: string[] = [];
  for (const name of LOCAL_TRUST_FILES) {
    const file = path.join(dataDir, 'trust', name);
    if (fs.existsSync(file)) out.push(fs.readFileSync(file, 'utf8'));
  }
  // A JWKS with no key (no DSC yet) is not a trust input.
  return out.filter((text) => !/^\{\s*"keys": \[\]/.test(text));
}

/**
 * Rewrites the local trust files in the background after issuance revoked something (a superseded
 * certificate, on a view or in the re-issue pass): one write at a time; calls while one runs make one
 * more write after it, so a pass revoking many certificates writes the files once or twice.
 */
export function localTrustRewriter(write: () => Promise<void>, onError: (error: unknown) => void) {
  let running: Promise<void> | undefined;
  let again = false;
  const run = () => {
    running = write()
      .catch(onError)
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          run();
        }
      });
  };
  return {
    schedule() {
      if (running) again = true;
      else run();
    },
    /** Resolves when no write runs or waits (server shutdown, tests). */
    async idle() {
      while (running) await running;
    },
  };
}
