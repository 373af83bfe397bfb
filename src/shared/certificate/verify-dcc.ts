import { base45Decode } from './base45.ts';
import { toBase64, zlibEndsWithChecksum } from './bytes.ts';
import { cborToJson } from './cbor.ts';
import { COSE_ALG, parseCoseSign1, sigStructure } from './cose.ts';
import { type CwtClaims, parseCwtClaims } from './cwt.ts';
import { validateDcc } from './dcc-schema.ts';
import { displayName } from './dcc-value-sets.ts';
import type { CertificatePlatform, PublicKeyHandle, SignatureAlg } from './platform.ts';
import type { CheckName, Holder, ResultBuilder, Vaccination, VerificationResult } from './result.ts';
import type { TrustedKey, TrustStore } from './trust-store.ts';
import { type DccType, keyUsageAllows } from './x509.ts';

/** EU DCC verification: HC1: → base45 → zlib → COSE_Sign1/CWT → kid → signature → schema → times → EKU. */

export const DCC_PREFIX = 'HC1:';

export interface VerifyOptions {
  trust: TrustStore | undefined;
  /** Validation time. */
  at: Date;
  platform: CertificatePlatform;
  /** Fail the schema check on codes outside the EU DCC value sets (default off). */
  strictValueSets?: boolean;
}

const REQUIRED: CheckName[] = [
  'prefix',
  'base45',
  'decompress',
  'cose',
  'kid',
  'signature',
  'schema',
  'expiry',
];

type Dcc = {
  nam?: { fn?: unknown; gn?: unknown; fnt?: unknown; gnt?: unknown };
  dob?: unknown;
  v?: Record<string, unknown>[];
  t?: unknown[];
  r?: unknown[];
};

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const num = (v: unknown) => (typeof v === 'number' ? v : undefined);

export function dccHolder(dcc: Dcc): Holder {
  const nam = dcc.nam && typeof dcc.nam === 'object' ? dcc.nam : {};
  return {
    familyName: str(nam.fn),
    givenName: str(nam.gn),
    familyNameStandard: str(nam.fnt),
    givenNameStandard: str(nam.gnt),
    birthDate: str(dcc.dob),
  };
}

export function dccVaccinations(dcc: Dcc): Vaccination[] {
  if (!Array.isArray(dcc.v)) return [];
  return dcc.v
    .filter((v) => v && typeof v === 'object')
    .map((v) => ({
      disease: str(v.tg),
      vaccine: str(v.vp),
      product: str(v.mp),
      productName: typeof v.mp === 'string' ? displayName('mp', v.mp) : undefined,
      manufacturer: str(v.ma),
      manufacturerName: typeof v.ma === 'string' ? displayName('ma', v.ma) : undefined,
      doseNumber: num(v.dn),
      totalDoses: num(v.sd),
      date: str(v.dt),
      country: str(v.co),
      issuer: str(v.is),
      certificateId: str(v.ci),
    }));
}

export function dccType(dcc: Dcc): DccType | undefined {
  if (Array.isArray(dcc.v) && dcc.v.length) return 'vaccination';
  if (Array.isArray(dcc.t) && dcc.t.length) return 'test';
  if (Array.isArray(dcc.r) && dcc.r.length) return 'recovery';
  return undefined;
}

/**
 * An EU DCC carries exactly one entry (one vaccination, test or recovery): one of `v`, `t`, `r` present
 * (even empty, a second one counts), holding one item.
 */
function entryCount(dcc: Dcc): number {
  const present = (['v', 't', 'r'] as const).filter((k) => dcc[k] !== undefined);
  if (present.length !== 1) return present.length;
  const list = dcc[present[0]];
  return Array.isArray(list) ? list.length : 0;
}

/** The key a COSE algorithm needs. */
const KEY_KIND: Record<SignatureAlg, PublicKeyHandle['kind']> = { ES256: 'ec-p256', PS256: 'rsa' };

export async function verifyDcc(
  qr: string,
  options: VerifyOptions,
  out: ResultBuilder,
): Promise<VerificationResult> {
  if (!qr.startsWith(DCC_PREFIX)) return out.fail('prefix', 'PREFIX_UNKNOWN');
  out.result.format = 'eu-dcc';
  out.pass('prefix');

  let compressed: Uint8Array;
  try {
    compressed = base45Decode(qr.slice(DCC_PREFIX.length));
  } catch (error) {
    return out.fail('base45', 'BASE45_INVALID', (error as Error).message);
  }
  out.pass('base45');

  // zlib (RFC 1950) and nothing else: a payload that is not compressed fails (EU test Z2), and so do
  // bytes after the end of the stream.
  let coseBytes: Uint8Array;
  try {
    coseBytes = await options.platform.compression.inflate(compressed);
  } catch {
    return out.fail('decompress', 'ZLIB_INVALID');
  }
  if (!zlibEndsWithChecksum(compressed, coseBytes))
    return out.fail('decompress', 'ZLIB_INVALID', 'data after the end of the zlib stream');
  out.pass('decompress');

  let cose: ReturnType<typeof parseCoseSign1>;
  let claims: CwtClaims;
  let dcc: Dcc;
  try {
    cose = parseCoseSign1(coseBytes);
  } catch (error) {
    return out.fail('cose', 'COSE_INVALID', (error as Error).message);
  }
  try {
    claims = parseCwtClaims(cose.payload);
    const json = cborToJson(claims.hcert);
    if (!json || typeof json !== 'object' || Array.isArray(json)) throw new Error('EU DCC is not a map');
    dcc = json as Dcc;
  } catch (error) {
    return out.fail('cose', 'CWT_INVALID', (error as Error).message);
  }
  out.pass('cose');
  out.result.holder = dccHolder(dcc);
  out.result.vaccinations = dccVaccinations(dcc);

  const { trust } = options;
  if (!trust || trust.size === 0) return out.fail('kid', 'TRUST_STORE_EMPTY');
  const alg = cose.algId === undefined ? undefined : COSE_ALG[cose.algId];
  const signed = sigStructure(cose.protectedBytes, cose.payload);
  const verifies = (key: TrustedKey) =>
    options.platform.signatures.verify(alg as SignatureAlg, key.key, signed, cose.signature);
  let signer: TrustedKey | undefined;

  if (!cose.kid) {
    // No kid in either header: try every trusted key of the certificate's algorithm, as the EU
    // reference apps do; the kid check passes only when one of them verifies the signature.
    if (!alg)
      return out.fail('kid', 'KID_MISSING', 'and no supported algorithm to try the trusted keys with');
    for (const key of new Set([...trust.dcc.values()].flat())) {
      if (key.key.kind !== KEY_KIND[alg]) continue;
      if (await verifies(key)) {
        signer = key;
        break;
      }
    }
    if (!signer) return out.fail('kid', 'KID_MISSING', 'and no trusted key verifies the signature');
    out.pass('kid', 'signature');
  } else {
    // A DCC kid is the first 8 bytes of the DSC's SHA-256 (EU tests CO25/CO26: shorter or longer fail).
    if (cose.kid.length !== 8)
      return out.fail('kid', 'KID_UNKNOWN', `kid is ${cose.kid.length} bytes, not 8`);
    const candidates = trust.dcc.get(toBase64(cose.kid));
    if (!candidates?.length) return out.fail('kid', 'KID_UNKNOWN');
    out.pass('kid');
    if (!alg) return out.fail('signature', 'ALG_UNSUPPORTED');
    for (const candidate of candidates) {
      if (await verifies(candidate)) {
        signer = candidate;
        break;
      }
    }
    if (!signer) return out.fail('signature', 'SIGNATURE_INVALID');
    out.pass('signature');
  }

  const schema = validateDcc(dcc, options.strictValueSets);
  if (!schema.ok) return out.fail('schema', 'SCHEMA_INVALID', schema.problems.slice(0, 3).join('; '));
  if (entryCount(dcc) !== 1) return out.fail('schema', 'SCHEMA_INVALID', 'not exactly one v, t or r entry');
  out.pass('schema');

  const { issuedAt, expiresAt } = claims;
  if (issuedAt === undefined || expiresAt === undefined) return out.fail('expiry', 'TIMES_MISSING');
  if (expiresAt < issuedAt)
    return out.fail('expiry', 'EXPIRED', 'it expires (exp) before it was issued (iat)');
  const at = options.at.getTime() / 1000;
  const dsc = signer.certificate;
  if (dsc && (dsc.notBefore.getTime() / 1000 > issuedAt || dsc.notAfter.getTime() / 1000 < expiresAt))
    return out.fail('expiry', 'DSC_VALIDITY');
  if (at < issuedAt) return out.fail('expiry', 'NOT_YET_VALID');
  if (at > expiresAt) return out.fail('expiry', 'EXPIRED');
  out.pass('expiry');

  if (dsc) {
    const type = dccType(dcc);
    if (!type || !keyUsageAllows(dsc.extendedKeyUsages, type)) return out.fail('keyUsage', 'KEY_USAGE');
    out.pass('keyUsage');
  }

  if (trust.dccRevocationListLoaded || trust.revokedUvciHashes.size > 0) {
    const ids = [dcc.v, dcc.t, dcc.r].flatMap((list) =>
      Array.isArray(list) ? list.map((e) => str((e as { ci?: unknown })?.ci)) : [],
    );
    for (const id of ids) {
      if (!id) continue;
      const hash = toBase64((await options.platform.sha256(new TextEncoder().encode(id))).subarray(0, 16));
      if (trust.revokedUvciHashes.has(hash)) return out.fail('revocation', 'REVOKED');
    }
    out.pass('revocation');
  }
  return out.finish(REQUIRED);
}
