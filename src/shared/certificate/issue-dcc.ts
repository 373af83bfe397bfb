import { base45Encode } from './base45.ts';
import { cborEncode } from './cbor.ts';
import { encodeCoseSign1, encodeProtectedHeader, sigStructure } from './cose.ts';
import { CWT_EXP, CWT_HCERT, CWT_IAT, CWT_ISS, HCERT_EU_DCC_V1 } from './cwt.ts';
import type { CertificatePlatform, PrivateKeyHandle, SignatureAlg } from './platform.ts';
import { DCC_PREFIX } from './verify-dcc.ts';

/** EU DCC issuance: CWT claims → COSE_Sign1 (tag 18) → zlib → base45 → `HC1:`. */

export interface DccSigningInput {
  /** The EU DCC JSON (ver, nam, dob, v|t|r). */
  dcc: object;
  issuer: string;
  /** Seconds since the epoch (whole seconds). */
  issuedAt: number;
  expiresAt: number;
  alg: SignatureAlg;
  /** 8 bytes: the first 8 bytes of SHA-256 of the DSC DER. */
  kid: Uint8Array;
  key: PrivateKeyHandle;
}

function toCborValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toCborValue);
  if (value && typeof value === 'object')
    return new Map(Object.entries(value).map(([k, v]) => [k, toCborValue(v)] as [string, unknown]));
  return value;
}

export async function signDcc(input: DccSigningInput, platform: CertificatePlatform): Promise<string> {
  const claims = new Map<number, unknown>([
    [CWT_ISS, input.issuer],
    [CWT_IAT, Math.floor(input.issuedAt)],
    [CWT_EXP, Math.floor(input.expiresAt)],
    [CWT_HCERT, new Map([[HCERT_EU_DCC_V1, toCborValue(input.dcc)]])],
  ]);
  const payload = cborEncode(claims);
  const protectedBytes = encodeProtectedHeader(input.alg, input.kid);
  const signature = await platform.signatures.sign(
    input.alg,
    input.key,
    sigStructure(protectedBytes, payload),
  );
  const cose = encodeCoseSign1(protectedBytes, payload, signature);
  return DCC_PREFIX + base45Encode(await platform.compression.deflate(cose));
}
