/**
 * Where an sskdt instance publishes what its verifiers need (their endpoints:
 * src/shared/contracts/certificates.ts): the EU DCC trust list, the SMART Health
 * Card JWKS, the hashed-UVCI revocation list and, per SHC key, its revocation list (CRL). The web
 * verifier fetches them all when it updates its lists; tests fetch them the same way.
 */

export const DCC_TRUST_LIST_PATH = '/.well-known/sskdt/dcc-trust-list.json';
export const JWKS_PATH = '/.well-known/jwks.json';
export const DCC_REVOCATIONS_PATH = '/.well-known/sskdt/dcc-revocations.json';
export const PUBLISHED_LISTS = [DCC_TRUST_LIST_PATH, JWKS_PATH, DCC_REVOCATIONS_PATH] as const;

/** The CRL of one SMART Health Card key (`{kid, method: "rid", ctr, rids}`). */
export const shcCrlPath = (kid: string) => `/.well-known/crl/${kid}.json`;

/** A JWK thumbprint (RFC 7638, SHA-256 in base64url): the only kids a CRL path is built from. */
const THUMBPRINT = /^[A-Za-z0-9_-]{43}$/;

/**
 * The CRL paths a JWKS announces: every key with a `crlVersion` (SMART Health Cards: the issuer keeps
 * a revocation list for that kid; the number grows with every change to it).
 */
export function shcCrlPaths(jwksText: string): string[] {
  let json: unknown;
  try {
    json = JSON.parse(jwksText);
  } catch {
    return [];
  }
  const keys = (json as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys)) return [];
  const paths = new Set<string>();
  for (const key of keys) {
    const { kid, crlVersion } = (key ?? {}) as { kid?: unknown; crlVersion?: unknown };
    if (typeof kid === 'string' && THUMBPRINT.test(kid) && typeof crlVersion === 'number')
      paths.add(shcCrlPath(kid));
  }
  return [...paths];
}
