import { concatBytes, utf8Encode } from './bytes.ts';
import { CborError, cborDecode, cborEncode, isBytes, Tag } from './cbor.ts';
import type { SignatureAlg } from './platform.ts';

/** COSE_Sign1 (RFC 9052) as the EU DCC uses it: tag 18, tag 61 around 18, or untagged. */

export const COSE_ALG: Record<number, SignatureAlg> = { [-7]: 'ES256', [-37]: 'PS256' };
export const COSE_ALG_ID: Record<SignatureAlg, number> = { ES256: -7, PS256: -37 };
const HEADER_ALG = 1;
const HEADER_CRIT = 2;
const HEADER_KID = 4;
const TAG_COSE_SIGN1 = 18;
const TAG_CWT = 61;

export interface CoseSign1 {
  /** The protected header exactly as received (signed as is). */
  protectedBytes: Uint8Array;
  protectedHeader: Map<unknown, unknown>;
  unprotectedHeader: Map<unknown, unknown>;
  payload: Uint8Array;
  signature: Uint8Array;
  /** COSE algorithm id, protected header first. */
  algId: number | undefined;
  /** kid from the protected header if it has one, else from the unprotected header; undefined: none. */
  kid: Uint8Array | undefined;
}

export class CoseError extends Error {
  override name = 'CoseError';
}

function untag(value: unknown): unknown {
  let item = value;
  if (item instanceof Tag && item.tag === TAG_CWT) item = item.value;
  if (item instanceof Tag) {
    if (item.tag !== TAG_COSE_SIGN1) throw new CoseError(`unexpected CBOR tag ${item.tag}`);
    item = item.value;
  }
  return item;
}

export function parseCoseSign1(data: Uint8Array): CoseSign1 {
  let decoded: unknown;
  try {
    decoded = untag(cborDecode(data));
  } catch (error) {
    if (error instanceof CoseError) throw error;
    throw new CoseError(error instanceof Error ? error.message : String(error));
  }
  if (!Array.isArray(decoded) || decoded.length !== 4) throw new CoseError('not a COSE_Sign1 array of 4');
  const [protectedBytes, unprotected, payload, signature] = decoded as unknown[];
  if (!isBytes(protectedBytes)) throw new CoseError('protected header is not a byte string');
  if (!(unprotected instanceof Map)) throw new CoseError('unprotected header is not a map');
  if (!isBytes(payload)) throw new CoseError('payload is not a byte string');
  if (!isBytes(signature)) throw new CoseError('signature is not a byte string');
  let protectedHeader: Map<unknown, unknown> = new Map();
  if (protectedBytes.length > 0) {
    let header: unknown;
    try {
      header = cborDecode(protectedBytes);
    } catch (error) {
      throw new CoseError(`protected header: ${error instanceof CborError ? error.message : 'invalid'}`);
    }
    if (!(header instanceof Map)) throw new CoseError('protected header is not a map');
    protectedHeader = header;
  }
  // RFC 9052 §3: a label in both buckets is read from the protected one (the signed one).
  const alg = protectedHeader.has(HEADER_ALG) ? protectedHeader.get(HEADER_ALG) : unprotected.get(HEADER_ALG);
  const kid = protectedHeader.has(HEADER_KID) ? protectedHeader.get(HEADER_KID) : unprotected.get(HEADER_KID);
  // alg is an int or a text label (a text one names no algorithm we support); kid is a byte string.
  if (alg !== undefined && typeof alg !== 'number' && typeof alg !== 'string')
    throw new CoseError('alg header is neither an integer nor text');
  if (kid !== undefined && !isBytes(kid)) throw new CoseError('kid header is not a byte string');
  // RFC 9052 §3.1: a message naming critical headers the recipient does not process MUST be rejected.
  if (protectedHeader.has(HEADER_CRIT)) throw new CoseError('critical headers (crit) are not supported');
  return {
    protectedBytes,
    protectedHeader,
    unprotectedHeader: unprotected,
    payload,
    signature,
    algId: typeof alg === 'number' ? alg : undefined,
    kid,
  };
}

function bstrHeader(length: number): Uint8Array {
  if (length < 24) return Uint8Array.of(0x40 | length);
  if (length < 0x100) return Uint8Array.of(0x58, length);
  if (length < 0x10000) return Uint8Array.of(0x59, length >> 8, length & 0xff);
  return Uint8Array.of(0x5a, length >>> 24, (length >> 16) & 0xff, (length >> 8) & 0xff, length & 0xff);
}

// array(4), text(10) "Signature1"
const SIG1_PREFIX = concatBytes(Uint8Array.of(0x84, 0x6a), utf8Encode('Signature1'));
const EMPTY_BSTR = Uint8Array.of(0x40);

/** The bytes a COSE_Sign1 signs: ["Signature1", protected as received, h'', payload]. */
export function sigStructure(protectedBytes: Uint8Array, payload: Uint8Array): Uint8Array {
  return concatBytes(
    SIG1_PREFIX,
    bstrHeader(protectedBytes.length),
    protectedBytes,
    EMPTY_BSTR,
    bstrHeader(payload.length),
    payload,
  );
}

/** Protected header bytes for an issuer: {1: alg, 4: kid}. */
export function encodeProtectedHeader(alg: SignatureAlg, kid: Uint8Array): Uint8Array {
  return cborEncode(
    new Map<number, unknown>([
      [HEADER_ALG, COSE_ALG_ID[alg]],
      [HEADER_KID, kid],
    ]),
  );
}

/** Encodes a signed COSE_Sign1 with tag 18. */
export function encodeCoseSign1(
  protectedBytes: Uint8Array,
  payload: Uint8Array,
  signature: Uint8Array,
): Uint8Array {
  return cborEncode(new Tag([protectedBytes, new Map(), payload, signature], TAG_COSE_SIGN1));
}
