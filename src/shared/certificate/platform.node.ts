import crypto, { type KeyObject } from 'node:crypto';
import zlib from 'node:zlib';
import type {
  CertificatePlatform,
  Jwk,
  PrivateKeyHandle,
  PublicKeyHandle,
  SignatureAlg,
  SignatureProvider,
} from './platform.ts';

/** Node implementation of the certificate platform: node:zlib and node:crypto (synchronous, fast). */

function kindOf(key: KeyObject): PublicKeyHandle['kind'] {
  if (key.asymmetricKeyType === 'ec')
    return key.asymmetricKeyDetails?.namedCurve === 'prime256v1' ? 'ec-p256' : 'ec-other';
  if (key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'rsa-pss') return 'rsa';
  return 'other';
}

const view = (data: Uint8Array) => Buffer.from(data.buffer, data.byteOffset, data.byteLength);
const bytes = (buffer: Buffer) => new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);

export const nodeSignatures: SignatureProvider = {
  importSpki(der) {
    const key = crypto.createPublicKey({ key: view(der), format: 'der', type: 'spki' });
    return { platformKey: key, kind: kindOf(key) };
  },
  importPublicJwk(jwk) {
    const { d: _private, ...publicPart } = jwk;
    const key = crypto.createPublicKey({ key: publicPart as crypto.JsonWebKey, format: 'jwk' });
    return { platformKey: key, kind: kindOf(key) };
  },
  verify(alg: SignatureAlg, handle: PublicKeyHandle, data, signature) {
    const key = handle.platformKey as KeyObject;
    try {
      if (alg === 'ES256') {
        if (handle.kind !== 'ec-p256' || signature.length !== 64) return false;
        return crypto.verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, signature);
      }
      if (alg === 'PS256') {
        if (handle.kind !== 'rsa') return false;
        return crypto.verify(
          'sha256',
          data,
          { key, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
          signature,
        );
      }
    } catch {
      return false;
    }
    return false;
  },
  importPrivateKey(input: Uint8Array | Jwk): PrivateKeyHandle {
    const key =
      input instanceof Uint8Array
        ? crypto.createPrivateKey({ key: view(input), format: 'der', type: 'pkcs8' })
        : crypto.createPrivateKey({ key: input as crypto.JsonWebKey, format: 'jwk' });
    return { platformKey: key, kind: kindOf(key) };
  },
  sign(alg, handle, data) {
    const key = handle.platformKey as KeyObject;
    if (alg === 'ES256') {
      if (handle.kind !== 'ec-p256') throw new Error('ES256 needs a P-256 key');
      return bytes(crypto.sign('sha256', data, { key, dsaEncoding: 'ieee-p1363' }));
    }
    if (handle.kind !== 'rsa') throw new Error('PS256 needs an RSA key');
    return bytes(
      crypto.sign('sha256', data, { key, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }),
    );
  },
};

export const nodePlatform: CertificatePlatform = {
  compression: {
    inflate: (data) => bytes(zlib.inflateSync(data)),
    inflateRaw: (data) => bytes(zlib.inflateRawSync(data)),
    deflate: (data) => bytes(zlib.deflateSync(data, { level: 9 })),
    deflateRaw: (data) => bytes(zlib.deflateRawSync(data, { level: 9 })),
  },
  signatures: nodeSignatures,
  sha256: (data) => bytes(crypto.createHash('sha256').update(data).digest()),
};
