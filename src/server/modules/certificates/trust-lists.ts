import { X509Certificate } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { type PublishedKey, publishedKeys } from './keys.service.ts';
import { revokedShcRids, revokedUvciHashes, shcCrlVersions, shcKeyExists } from './revocations.repository.ts';

/**
 * The trust lists the instance publishes for verifiers (and `sskdt keys export` writes): the DSC trust
 * list, the JWKS, a PEM bundle, the hashed-UVCI revocation list and the SMART Health Card CRLs. Every
 * format here is one `TrustStore` (src/shared/certificate/trust-store.ts) reads.
 */

export const TRUST_LIST_FORMAT = 'sskdt-dcc-trust-list/1';
export const REVOCATION_LIST_FORMAT = 'sskdt-dcc-revocations/1';

const pemOf = (der: string) =>
  `-----BEGIN CERTIFICATE-----\n${der.match(/.{1,64}/g)?.join('\n')}\n-----END CERTIFICATE-----\n`;

/** The published DSC trust list, as `/.well-known/sskdt/dcc-trust-list.json` serves it. */
export async function publishedTrustList(db: Kysely<DB>, now: Date) {
  return dccTrustList(await publishedKeys(db, now), await revokedUvciHashes(db), now);
}

/** The published JWKS (SMART Health Card keys with their CRL versions), as `/.well-known/jwks.json` serves it. */
export async function publishedJwks(db: Kysely<DB>, now: Date) {
  return jwks(await publishedKeys(db, now), { crlVersions: await shcCrlVersions(db) });
}

/** The DSC trust list (EU style entries `{kid, rawData, certificateType}`) plus the revoked UVCI hashes. */
export function dccTrustList(keys: PublishedKey[], revokedUvciHashes: string[], now: Date) {
  return {
    format: TRUST_LIST_FORMAT,
    country: 'VN',
    generatedAt: now.toISOString(),
    certificates: keys.map((k) => ({
      certificateType: k.role === 'csca' ? 'CSCA' : 'DSC',
      country: 'VN',
      kid: k.kid,
      alg: k.alg,
      rawData: k.der,
      notBefore: k.notBefore.toISOString(),
      notAfter: k.notAfter.toISOString(),
    })),
    revokedUvciHashes,
  };
}

/** The public key of a DSC as a JWK (RSA `n`/`e` or EC `crv`/`x`/`y`), read from its certificate. */
function dscPublicJwk(der: string): Record<string, string> {
  const { kty, n, e, crv, x, y } = new X509Certificate(Buffer.from(der, 'base64')).publicKey.export({
    format: 'jwk',
  });
  const jwk: Record<string, string | undefined> = kty === 'RSA' ? { kty, n, e } : { kty, crv, x, y };
  return Object.fromEntries(Object.entries(jwk).filter(([, v]) => v !== undefined)) as Record<string, string>;
}

/**
 * The JWKS. SHC only (the issuer's /.well-known/jwks.json): one ES256 key per DSC named by its JWK
 * thumbprint. With `dcc`, each DSC's own key also appears under its EU DCC kid with its certificate
 * (x5c) — the P-256 key for ES256, the RSA key for PS256 — so the same file verifies both formats.
 */
export function jwks(
  keys: PublishedKey[],
  options: { dcc?: boolean; crlVersions?: Map<string, number> } = {},
) {
  const out: Record<string, unknown>[] = [];
  for (const k of keys) {
    if (k.role !== 'dsc' || !k.shcJwk || !k.shcKid) continue;
    // SMART Health Cards revocation: `crlVersion` says the key has a CRL at /.well-known/crl/<kid>.json
    // and changes whenever it does (verifiers refetch the CRL when it differs from theirs).
    const crl = options.crlVersions ? { crlVersion: options.crlVersions.get(k.shcKid) ?? 0 } : {};
    out.push({ ...k.shcJwk, kid: k.shcKid, use: 'sig', alg: 'ES256', ...crl });
    if (!options.dcc) continue;
    const dscJwk = k.alg === 'ES256' ? k.shcJwk : dscPublicJwk(k.der);
    out.push({ ...dscJwk, kid: k.kid, alg: k.alg, x5c: [k.der] });
  }
  return { keys: out };
}

/** PEM bundle: the CSCA and every DSC still valid. */
export function pemBundle(keys: PublishedKey[]) {
  return keys.map((k) => pemOf(k.der)).join('');
}

export async function dccRevocationList(db: Kysely<DB>, now: Date) {
  return {
    format: REVOCATION_LIST_FORMAT,
    hashType: 'SHA256-first16-base64',
    generatedAt: now.toISOString(),
    revokedUvciHashes: await revokedUvciHashes(db),
  };
}

/** The SMART Health Card CRL of one key: `{kid, method: 'rid', ctr, rids}` (null: not our key). */
export async function shcCrl(db: Kysely<DB>, shcKid: string) {
  if (!(await shcKeyExists(db, shcKid))) return null;
  const rids = await revokedShcRids(db, shcKid);
  return { kid: shcKid, method: 'rid', ctr: rids.length, rids };
}

/**
 * The SHC CRLs of the published keys, empty ones included: a verifier holding a key's CRL checks its
 * cards' rids (the revocation step passes) instead of skipping the step.
 */
async function shcCrls(db: Kysely<DB>, keys: PublishedKey[]) {
  const crls = [];
  for (const k of keys) if (k.shcKid) crls.push(await shcCrl(db, k.shcKid));
  return crls.filter((c) => c !== null);
}

export const EXPORT_FORMATS = ['dcc-trust-list', 'jwks', 'pem', 'revocations'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * `sskdt keys export`: one of the formats as text. `revocations` is the revocation list alone (no key):
 * the hashed UVCIs of `/.well-known/sskdt/dcc-revocations.json` plus the SHC CRL of every published key
 * (`crls`, each as `/.well-known/crl/<kid>.json` serves it), for a verifier that has the keys already.
 */
export async function exportTrust(db: Kysely<DB>, format: ExportFormat, now: Date) {
  const keys = await publishedKeys(db, now);
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  if (format === 'pem') return pemBundle(keys);
  if (format === 'jwks')
    return json({
      ...jwks(keys, { dcc: true, crlVersions: await shcCrlVersions(db) }),
      crls: await shcCrls(db, keys),
    });
  if (format === 'revocations')
    return json({ ...(await dccRevocationList(db, now)), crls: await shcCrls(db, keys) });
  return json(dccTrustList(keys, await revokedUvciHashes(db), now));
}
