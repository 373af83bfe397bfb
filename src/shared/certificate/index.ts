/** The certificate core (EU DCC and SMART Health Cards): runs in Node and in the browser. */
export { base45Decode, base45Encode } from './base45.ts';
export { encodeCoseSign1, encodeProtectedHeader, parseCoseSign1, sigStructure } from './cose.ts';
export { parseCwtClaims } from './cwt.ts';
export { schemaVersionFor, validateDcc } from './dcc-schema.ts';
export { signDcc } from './issue-dcc.ts';
export type {
  CertificatePlatform,
  Jwk,
  PublicKeyHandle,
  SignatureAlg,
  SignatureProvider,
} from './platform.ts';
export * from './result.ts';
export { jwkThumbprint, parseCompactJws, signShcJws } from './shc-jws.ts';
export { shcNumericDecode, shcNumericEncode, shcQrTexts } from './shc-numeric.ts';
export { type ShcCrl, type TrustedKey, TrustInputError, TrustStore } from './trust-store.ts';
export { type VerifyOptions, verifyQr } from './verify.ts';
