import { Decoder, Encoder, Tag } from 'cbor-x';

/**
 * CBOR through cbor-x, with maps decoded as Map so integer keys (COSE headers, CWT claims) stay
 * integers, and no cbor-x extensions (records, typed-array tags) on encode.
 */
const decoder = new Decoder({ mapsAsObjects: false, useRecords: false });
const encoder = new Encoder({
  mapsAsObjects: false,
  useRecords: false,
  tagUint8Array: false,
  variableMapSize: true,
});

export { Tag };

export class CborError extends Error {
  override name = 'CborError';
}

/** Decodes exactly one CBOR item; trailing bytes are an error. */
export function cborDecode(data: Uint8Array): unknown {
  try {
    const items = decoder.decodeMultiple(data) as unknown[] | undefined;
    if (items?.length !== 1) throw new CborError('expected exactly one CBOR item');
    return items[0];
  } catch (error) {
    if (error instanceof CborError) throw error;
    throw new CborError(`invalid CBOR: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export function cborEncode(value: unknown): Uint8Array {
  const out = encoder.encode(value);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

export function isBytes(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array;
}

/**
 * Turns decoded CBOR into JSON-like data (for the EU DCC payload, whose keys are strings): maps become
 * objects (a non-string key is an error), byte strings become base64, dates ISO strings.
 */
export function cborToJson(value: unknown, depth = 0): unknown {
  if (depth > 32) throw new CborError('CBOR nested too deeply');
  if (value instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of value) {
      if (typeof k !== 'string') throw new CborError('a map in the certificate has a non-text key');
      out[k] = cborToJson(v, depth + 1);
    }
    return out;
  }
  if (Array.isArray(value)) return value.map((v) => cborToJson(v, depth + 1));
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Tag) return cborToJson(value.value, depth + 1);
  if (value instanceof Uint8Array) throw new CborError('unexpected byte string in the certificate');
  if (value === undefined) throw new CborError('undefined value in the certificate');
  if (typeof value === 'bigint') return Number(value);
  return value;
}
