import { utf8Decode } from './bytes.ts';
import type { CheckName, ResultBuilder, VerificationResult } from './result.ts';
import { bundleResources, isHealthCard, type ShcPayload, shcHolder, shcVaccinations } from './shc-fhir.ts';
import { type CompactJws, parseCompactJws } from './shc-jws.ts';
import { shcNumericDecode } from './shc-numeric.ts';
import type { TrustedKey } from './trust-store.ts';
import type { VerifyOptions } from './verify-dcc.ts';

/**
 * SMART Health Card verification. Checks map as the CLI contract says: `prefix` the shc:/ text and
 * its chunks, `cose` the JWS parse, `decompress` the raw-DEFLATE payload, `kid`/`signature` the JWS key
 * (kid = its JWK thumbprint) and signature, `schema` the health-card FHIR bundle, `expiry` nbf/exp,
 * `revocation` the issuer's CRL (rid); `base45` and `keyUsage` do not apply.
 */

const REQUIRED: CheckName[] = ['prefix', 'cose', 'decompress', 'kid', 'signature', 'schema', 'expiry'];

export async function verifyShc(
  qr: string | string[],
  options: VerifyOptions,
  out: ResultBuilder,
): Promise<VerificationResult> {
  out.result.format = 'shc';
  let jwsText: string;
  try {
    jwsText = shcNumericDecode(qr);
  } catch (error) {
    return out.fail('prefix', 'SHC_NUMERIC_INVALID', (error as Error).message);
  }
  out.pass('prefix');

  let jws: CompactJws;
  try {
    jws = parseCompactJws(jwsText);
  } catch (error) {
    return out.fail('cose', 'JWS_INVALID', (error as Error).message);
  }
  out.pass('cose');

  let payload: ShcPayload;
  try {
    const json =
      jws.header.zip === 'DEF' ? await options.platform.compression.inflateRaw(jws.payload) : jws.payload;
    payload = JSON.parse(utf8Decode(json));
    if (!payload || typeof payload !== 'object') throw new Error('payload is not an object');
  } catch {
    return out.fail('decompress', 'SHC_PAYLOAD_INVALID');
  }
  out.pass('decompress');
  const resources = bundleResources(payload);
  if (resources) {
    out.result.holder = shcHolder(resources);
    out.result.vaccinations = shcVaccinations(resources);
  }

  const { trust } = options;
  if (!trust || trust.size === 0) return out.fail('kid', 'TRUST_STORE_EMPTY');
  const kid = jws.header.kid;
  if (typeof kid !== 'string' || !kid) return out.fail('kid', 'KID_MISSING');
  const candidates = trust.shc.get(kid);
  if (!candidates?.length) return out.fail('kid', 'KID_UNKNOWN');
  const keys = candidates.filter((c) => c.thumbprint === kid);
  if (!keys.length) return out.fail('kid', 'KID_NOT_THUMBPRINT');
  out.pass('kid');

  if (jws.header.alg !== 'ES256') return out.fail('signature', 'ALG_UNSUPPORTED');
  let signer: TrustedKey | undefined;
  for (const candidate of keys) {
    if (await options.platform.signatures.verify('ES256', candidate.key, jws.signingInput, jws.signature)) {
      signer = candidate;
      break;
    }
  }
  if (!signer) return out.fail('signature', 'SIGNATURE_INVALID');
  out.pass('signature');

  if (!isHealthCard(payload)) return out.fail('schema', 'SHC_CONTENT_INVALID');
  out.pass('schema');

  const at = options.at.getTime() / 1000;
  const { nbf, exp } = payload;
  if (typeof nbf !== 'number') return out.fail('expiry', 'TIMES_MISSING');
  if (at < nbf) return out.fail('expiry', 'NOT_YET_VALID');
  if (exp !== undefined && (typeof exp !== 'number' || at > exp)) return out.fail('expiry', 'EXPIRED');
  out.pass('expiry');

  const crl = trust.shcCrls.get(kid);
  if (crl) {
    const rid = payload.vc?.rid;
    if (typeof rid === 'string' && crl.rids.has(rid)) {
      const before = crl.rids.get(rid);
      if (before === undefined || nbf < before) return out.fail('revocation', 'REVOKED');
    }
    out.pass('revocation');
  }
  return out.finish(REQUIRED);
}
