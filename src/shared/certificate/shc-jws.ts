import { fromBase64, toBase64Url, utf8Decode, utf8Encode } from './bytes.ts';
import type { CertificatePlatform, Jwk, PrivateKeyHandle } from './platform.ts';

/** Compact JWS as SMART Health Cards use it: ES256, `zip: DEF` (raw DEFLATE payload), kid. */

export class JwsError extends Error {
  override name = 'JwsError';
}

export interface CompactJws {
  header: { alg?: unknown; zip?: unknown; kid?: unknown; [k: string]: unknown };
  /** The payload bytes as signed (still compressed when zip is DEF). */
  payload: Uint8Array;
  signature: Uint8Array;
  /** ASCII(header.payload): the signed bytes. */
  signingInput: Uint8Array;
}

const B64URL = /^[A-Za-z0-9_-]*$/;

export function parseCompactJws(jws: string): CompactJws {
  const parts = jws.split('.');
  if (parts.length !== 3 || !parts.every((p) => B64URL.test(p))) throw new JwsError('not a compact JWS');
  let header: unknown;
  try {
    header = JSON.parse(utf8Decode(fromBase64(parts[0])));
  } catch {
    throw new JwsError('JWS header is not JSON');
  }
  if (!header || typeof header !== 'object' || Array.isArray(header))
    throw new JwsError('JWS header is not an object');
  try {
    return {
      header: header as CompactJws['header'],
      payload: fromBase64(parts[1]),
      signature: fromBase64(parts[2]),
      signingInput: utf8Encode(`${parts[0]}.${parts[1]}`),
    };
  } catch {
    throw new JwsError('JWS part is not base64url');
  }
}

/** RFC 7638 JWK thumbprint (SHA-256, base64url): the SHC kid. */
export async function jwkThumbprint(jwk: Jwk, platform: CertificatePlatform): Promise<string> {
  let canonical: string;
  if (jwk.kty === 'EC') canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
  else if (jwk.kty === 'RSA') canonical = JSON.stringify({ e: jwk.e, kty: jwk.kty, n: jwk.n });
  else throw new JwsError(`no thumbprint for key type ${jwk.kty}`);
  return toBase64Url(await platform.sha256(utf8Encode(canonical)));
}

/** Signs a SMART Health Card payload (issuance): minified JSON, raw DEFLATE, ES256. */
export async function signShcJws(
  payload: object,
  key: PrivateKeyHandle,
  kid: string,
  platform: CertificatePlatform,
): Promise<string> {
  const header = toBase64Url(utf8Encode(JSON.stringify({ zip: 'DEF', alg: 'ES256', kid })));
  const body = toBase64Url(await platform.compression.deflateRaw(utf8Encode(JSON.stringify(payload))));
  const signature = await platform.signatures.sign('ES256', key, utf8Encode(`${header}.${body}`));
  return `${header}.${body}.${toBase64Url(signature)}`;
}
