import { webPlatform } from '../../../shared/certificate/platform.web.ts';
import { TrustInputError, TrustStore } from '../../../shared/certificate/trust-store.ts';

/**
 * The verifier's trust: this instance's published lists (fetched when online, cached on the device)
 * and lists the user imported (foreign DSC lists, PEM bundles, JWKS, SHC CRLs, revocation lists).
 * Everything lives in localStorage as text, so the page verifies offline after one load.
 */

export const INSTANCE_LISTS = [
  '/.well-known/sskdt/dcc-trust-list.json',
  '/.well-known/jwks.json',
  '/.well-known/sskdt/dcc-revocations.json',
] as const;

export interface TrustSource {
  id: string;
  /** A file name, or the URL of an instance list. */
  name: string;
  text: string;
  origin: 'instance' | 'imported';
  /** ISO time it was fetched or imported. */
  savedAt: string;
}

const STORAGE_KEY = 'sskdt.verifier.trust';

export function loadSources(): TrustSource[] {
  try {
    const parsed = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((s) => typeof s?.text === 'string') : [];
  } catch {
    return [];
  }
}

export function saveSources(sources: TrustSource[]) {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(sources));
  } catch {
    // Storage full or disabled: the lists still count for this visit.
  }
}

/** Fetches the instance's lists; a list that cannot be fetched keeps its cached copy. */
export async function refreshInstanceLists(current: TrustSource[]): Promise<TrustSource[]> {
  const next = [...current];
  await Promise.all(
    INSTANCE_LISTS.map(async (url) => {
      try {
        const response = await fetch(url, { cache: 'no-cache', headers: { accept: 'application/json' } });
        if (!response.ok) return;
        const text = await response.text();
        JSON.parse(text); // the app shell answers unknown paths with HTML: only JSON counts
        const entry: TrustSource = {
          id: url,
          name: url,
          text,
          origin: 'instance',
          savedAt: new Date().toISOString(),
        };
        const index = next.findIndex((s) => s.id === url);
        if (index >= 0) next[index] = entry;
        else next.push(entry);
      } catch {
        // Offline or not published yet: keep what is cached.
      }
    }),
  );
  return next;
}

/** Hashed UVCIs (base64 of the first 16 bytes of SHA-256) from a revocation list, if it is one. */
export function revocationHashes(text: string): string[] | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) return undefined;
  const obj = json as Record<string, unknown>;
  const list = obj.revokedUvciHashes ?? obj.hashes;
  if (!Array.isArray(list)) return undefined;
  return list.filter((h): h is string => typeof h === 'string');
}

/** Whether a JSON list also holds keys (a DSC trust list or a JWKS), not only revoked hashes. */
function carriesKeys(text: string): boolean {
  const obj = JSON.parse(text) as Record<string, unknown>;
  return Array.isArray(obj.certificates) || Array.isArray(obj.keys);
}

export interface LoadedTrust {
  store: TrustStore;
  /** Sources that could not be read, by name. */
  problems: string[];
}

/** Builds the trust store from every source: keys, SHC CRLs and hashed-UVCI revocation lists. */
export async function buildTrust(sources: TrustSource[]): Promise<LoadedTrust> {
  const store = new TrustStore(webPlatform);
  const problems: string[] = [];
  for (const source of sources) {
    const hashes = revocationHashes(source.text);
    // A trust list may carry revoked hashes next to its keys: the store reads both from it.
    if (hashes && !carriesKeys(source.text)) {
      for (const hash of hashes) store.revokedUvciHashes.add(hash);
      continue;
    }
    try {
      await store.addInput(source.text);
    } catch (error) {
      if (!(error instanceof TrustInputError)) throw error;
      problems.push(source.name);
    }
  }
  return { store, problems };
}
