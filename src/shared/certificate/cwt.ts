import { cborDecode } from './cbor.ts';

/** CWT claims (RFC 8392) with the EU DCC hcert claim (-260 → 1 → the DCC payload). */

export const CWT_ISS = 1;
export const CWT_EXP = 4;
export const CWT_IAT = 6;
export const CWT_HCERT = -260;
export const HCERT_EU_DCC_V1 = 1;

export interface CwtClaims {
  issuer: string | undefined;
  /** Seconds since the epoch (CBOR integers or floats). */
  issuedAt: number | undefined;
  expiresAt: number | undefined;
  /** The EU DCC payload as decoded CBOR (a Map), when present. */
  hcert: unknown;
}

export class CwtError extends Error {
  override name = 'CwtError';
}

const asTime = (value: unknown): number | undefined => {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'bigint') return Number(value);
  return undefined;
};

export function parseCwtClaims(payload: Uint8Array): CwtClaims {
  const claims = cborDecode(payload);
  if (!(claims instanceof Map)) throw new CwtError('CWT payload is not a map');
  const iss = claims.get(CWT_ISS);
  const iat = claims.get(CWT_IAT);
  const exp = claims.get(CWT_EXP);
  if (iss !== undefined && typeof iss !== 'string') throw new CwtError('CWT iss is not text');
  if (iat !== undefined && asTime(iat) === undefined) throw new CwtError('CWT iat is not a number');
  if (exp !== undefined && asTime(exp) === undefined) throw new CwtError('CWT exp is not a number');
  const hcert = claims.get(CWT_HCERT);
  if (!(hcert instanceof Map)) throw new CwtError('CWT has no hcert claim (-260)');
  const dcc = hcert.get(HCERT_EU_DCC_V1);
  if (!(dcc instanceof Map)) throw new CwtError('hcert has no EU DCC (1)');
  // The hcert claim holds one health certificate: {1: eu_dcc_v1} (as the EU reference tests require).
  if (hcert.size !== 1) throw new CwtError('hcert holds more than the EU DCC (1)');
  return { issuer: iss, issuedAt: asTime(iat), expiresAt: asTime(exp), hcert: dcc };
}
