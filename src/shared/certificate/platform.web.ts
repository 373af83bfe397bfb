import type {
  CertificatePlatform,
  Jwk,
  PrivateKeyHandle,
  PublicKeyHandle,
  SignatureAlg,
  SignatureProvider,
} from './platform.ts';

/**
 * Browser implementation of the certificate platform: WebCrypto (ECDSA P-256 with raw r‖s signatures,
 * which is WebCrypto's native ECDSA format, and RSA-PSS with a 32-byte salt) and the Compression
 * Streams API (`deflate` is zlib, `deflate-raw` is raw DEFLATE). Everything answers with a promise.
 * Also runs in Node ≥ 20 (global WebCrypto and DecompressionStream), which is how it is tested.
 */

const subtle = () => globalThis.crypto.subtle;

type Buffered = Uint8Array<ArrayBuffer>;
/** WebCrypto wants a BufferSource over an ArrayBuffer (not a SharedArrayBuffer view). */
const buf = (data: Uint8Array): Buffered =>
  data.buffer instanceof ArrayBuffer ? (data as Buffered) : new Uint8Array(data);

async function pipe(data: Uint8Array, stream: GenericTransformStream): Promise<Uint8Array> {
  const response = new Response(new Blob([buf(data)]).stream().pipeThrough(stream));
  return new Uint8Array(await response.arrayBuffer());
}

const ECDSA_P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const RSA_PSS = { name: 'RSA-PSS', hash: 'SHA-256' } as const;
const OTHER_CURVES = ['P-384', 'P-521'] as const;

/** Imports a key trying P-256 ECDSA, then RSA-PSS, then the other curves (kept, never verifying). */
async function importWith(
  format: 'spki' | 'pkcs8',
  data: Uint8Array,
  usage: KeyUsage,
): Promise<{ key: CryptoKey | null; kind: PublicKeyHandle['kind'] }> {
  try {
    return { key: await subtle().importKey(format, buf(data), ECDSA_P256, false, [usage]), kind: 'ec-p256' };
  } catch {}
  try {
    return { key: await subtle().importKey(format, buf(data), RSA_PSS, false, [usage]), kind: 'rsa' };
  } catch {}
  for (const namedCurve of OTHER_CURVES) {
    try {
      await subtle().importKey(format, buf(data), { name: 'ECDSA', namedCurve }, false, [usage]);
      return { key: null, kind: 'ec-other' };
    } catch {}
  }
  throw new Error(`unsupported or malformed ${format} key`);
}

/** Only the key material: WebCrypto refuses a JWK whose `alg`/`use`/`key_ops` differ from the import. */
function keyMaterial(jwk: Jwk, withPrivate: boolean): JsonWebKey {
  const picked: JsonWebKey = { kty: jwk.kty };
  const fields = ['crv', 'x', 'y', 'n', 'e', ...(withPrivate ? ['d', 'p', 'q', 'dp', 'dq', 'qi'] : [])];
  for (const field of fields) {
    const value = jwk[field];
    if (typeof value === 'string') (picked as Record<string, string>)[field] = value;
  }
  return picked;
}

async function importJwk(
  jwk: Jwk,
  usage: KeyUsage,
): Promise<{ key: CryptoKey | null; kind: PublicKeyHandle['kind'] }> {
  const material = keyMaterial(jwk, usage === 'sign');
  if (jwk.kty === 'EC') {
    if (jwk.crv === 'P-256')
      return { key: await subtle().importKey('jwk', material, ECDSA_P256, false, [usage]), kind: 'ec-p256' };
    if (jwk.crv === 'P-384' || jwk.crv === 'P-521') {
      await subtle().importKey('jwk', material, { name: 'ECDSA', namedCurve: jwk.crv }, false, [usage]);
      return { key: null, kind: 'ec-other' };
    }
    throw new Error('unsupported EC curve');
  }
  if (jwk.kty === 'RSA')
    return { key: await subtle().importKey('jwk', material, RSA_PSS, false, [usage]), kind: 'rsa' };
  throw new Error('unsupported key type');
}

export const webSignatures: SignatureProvider = {
  async importSpki(der) {
    const { key, kind } = await importWith('spki', der, 'verify');
    return { platformKey: key, kind };
  },
  async importPublicJwk(jwk) {
    const { key, kind } = await importJwk(jwk, 'verify');
    return { platformKey: key, kind };
  },
  async verify(alg: SignatureAlg, handle: PublicKeyHandle, data, signature) {
    const key = handle.platformKey as CryptoKey | null;
    if (!key) return false;
    try {
      if (alg === 'ES256') {
        if (handle.kind !== 'ec-p256' || signature.length !== 64) return false;
        return await subtle().verify({ name: 'ECDSA', hash: 'SHA-256' }, key, buf(signature), buf(data));
      }
      if (alg === 'PS256') {
        if (handle.kind !== 'rsa') return false;
        return await subtle().verify({ name: 'RSA-PSS', saltLength: 32 }, key, buf(signature), buf(data));
      }
    } catch {
      return false;
    }
    return false;
  },
  async importPrivateKey(input: Uint8Array | Jwk): Promise<PrivateKeyHandle> {
    const { key, kind } =
      input instanceof Uint8Array ? await importWith('pkcs8', input, 'sign') : await importJwk(input, 'sign');
    return { platformKey: key, kind };
  },
  async sign(alg, handle, data) {
    const key = handle.platformKey as CryptoKey | null;
    if (alg === 'ES256') {
      if (handle.kind !== 'ec-p256' || !key) throw new Error('ES256 needs a P-256 key');
      return new Uint8Array(await subtle().sign({ name: 'ECDSA', hash: 'SHA-256' }, key, buf(data)));
    }
    if (handle.kind !== 'rsa' || !key) throw new Error('PS256 needs an RSA key');
    return new Uint8Array(await subtle().sign({ name: 'RSA-PSS', saltLength: 32 }, key, buf(data)));
  },
};

export const webPlatform: CertificatePlatform = {
  compression: {
    inflate: (data) => pipe(data, new DecompressionStream('deflate')),
    inflateRaw: (data) => pipe(data, new DecompressionStream('deflate-raw')),
    deflate: (data) => pipe(data, new CompressionStream('deflate')),
    deflateRaw: (data) => pipe(data, new CompressionStream('deflate-raw')),
  },
  signatures: webSignatures,
  sha256: async (data) => new Uint8Array(await subtle().digest('SHA-256', buf(data))),
};
