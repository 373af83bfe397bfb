import { webPlatform } from '../../../shared/certificate/platform.web.ts';
import { JWKS_PATH, PUBLISHED_LISTS, shcCrlPaths } from '../../../shared/certificate/published-lists.ts';
import { TrustInputError, TrustStore } from '../../../shared/certificate/trust-store.ts';

/**
 * The verifier's trust: this instance's published lists — DSC trust list, JWKS, EU DCC revocation
 * list and the CRL of each SMART Health Card key (fetched when online, cached on the device) — and
 * lists the user imported (foreign DSC lists, PEM bundles, JWKS, SHC CRLs, revocation lists).
 * Everything lives in localStorage as text, so the page verifies offline after one load.
 */

/** The instance's fixed lists; each SMART Health Card key's CRL comes on top (`shcCrlPaths`). */
export const INSTANCE_LISTS = PUBLISHED_LISTS;

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

async function fetchList(url: string): Promise<TrustSource | undefined> {
  try {
    const response = await fetch(url, { cache: 'no-cache', headers: { accept: 'application/json' } });
    if (!response.ok) return undefined;
    const text = await response.text();
    JSON.parse(text); // the app shell answers unknown paths with HTML: only JSON counts
    return { id: url, name: url, text, origin: 'instance', savedAt: new Date().toISOString() };
  } catch {
    return undefined; // offline or not published yet: the cached copy stays
  }
}

/**
 * Fetches the instance's lists: the DSC trust list, the JWKS and the EU DCC revocation list, then the
 * CRL of every SMART Health Card key the JWKS announces (the fetched JWKS, else the cached one).
 * Returns what could be fetched; a list that could not keeps its cached copy (the caller merges).
 */
export async function fetchInstanceLists(cached: TrustSource[]): Promise<TrustSource[]> {
  const fixed = (await Promise.all(INSTANCE_LISTS.map(fetchList))).filter((s) => s !== undefined);
  const jwks = fixed.find((s) => s.id === JWKS_PATH) ?? cached.find((s) => s.id === JWKS_PATH);
  const crls = jwks ? await Promise.all(shcCrlPaths(jwks.text).map(fetchList)) : [];
  return [...fixed, ...crls.filter((s) => s !== undefined)];
}

/** The sources with the fetched lists in place of their cached copies (imported files stay). */
export function mergeFetched(current: TrustSource[], fetched: TrustSource[]): TrustSource[] {
  const byId = new Map(fetched.map((s) => [s.id, s]));
  const kept = current.map((s) => byId.get(s.id) ?? s);
  return [...kept, ...fetched.filter((f) => !kept.some((s) => s.id === f.id))];
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
      store.addRevokedUvciHashes(hashes);
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
