/**
 * What the certificate core needs from its platform: compression, hashing and signatures. Node plugs in
 * `nodePlatform` (platform.node.ts: node:zlib and node:crypto, the fast path); a browser build can plug
 * in DecompressionStream/pako and WebCrypto. Every operation may answer synchronously or with a
 * promise, so both fit one interface.
 */

export type MaybePromise<T> = T | Promise<T>;

/** The signature algorithms the core speaks (COSE ids: ES256 -7, PS256 -37). */
export type SignatureAlg = 'ES256' | 'PS256';

/** A JSON Web Key, as much of it as the core reads. */
export interface Jwk {
  kty: string;
  kid?: string;
  crv?: string;
  x?: string;
  y?: string;
  n?: string;
  e?: string;
  d?: string;
  alg?: string;
  x5c?: string[];
  [key: string]: unknown;
}

/** An imported public key; opaque outside its platform. */
export interface PublicKeyHandle {
  readonly platformKey: unknown;
  /** 'ec-p256', 'ec-other', 'rsa' or 'other': lets the verifier refuse an algorithm/key mismatch. */
  readonly kind: 'ec-p256' | 'ec-other' | 'rsa' | 'other';
}

/** An imported private key; opaque outside its platform. */
export interface PrivateKeyHandle {
  readonly platformKey: unknown;
  readonly kind: PublicKeyHandle['kind'];
}

export interface CompressionProvider {
  /** zlib (RFC 1950) inflate; throws on broken or missing zlib framing. */
  inflate(data: Uint8Array): MaybePromise<Uint8Array>;
  /** raw DEFLATE (RFC 1951) inflate. */
  inflateRaw(data: Uint8Array): MaybePromise<Uint8Array>;
  deflate(data: Uint8Array): MaybePromise<Uint8Array>;
  deflateRaw(data: Uint8Array): MaybePromise<Uint8Array>;
}

export interface SignatureProvider {
  /** Imports a SubjectPublicKeyInfo (DER). */
  importSpki(der: Uint8Array): MaybePromise<PublicKeyHandle>;
  importPublicJwk(jwk: Jwk): MaybePromise<PublicKeyHandle>;
  /**
   * Verifies a signature. ES256 signatures are raw r‖s (64 bytes) over P-256 only; PS256 uses a
   * 32-byte salt. Answers false (never throws) for a wrong key type or a malformed signature.
   */
  verify(
    alg: SignatureAlg,
    key: PublicKeyHandle,
    data: Uint8Array,
    signature: Uint8Array,
  ): MaybePromise<boolean>;
  /** Signs (issuance); ES256 answers raw r‖s. */
  sign(alg: SignatureAlg, key: PrivateKeyHandle, data: Uint8Array): MaybePromise<Uint8Array>;
  /** Imports a PKCS#8 private key (DER) or a private JWK. */
  importPrivateKey(key: Uint8Array | Jwk): MaybePromise<PrivateKeyHandle>;
}

export interface CertificatePlatform {
  compression: CompressionProvider;
  signatures: SignatureProvider;
  sha256(data: Uint8Array): MaybePromise<Uint8Array>;
}
