import crypto from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { EKU, makeSigner, SAMPLE_DCC, type TestSigner } from '../../../test/helpers/certificates.ts';
import { base45Decode, base45Encode } from './base45.ts';
import { toBase64 } from './bytes.ts';
import { cborEncode, Tag } from './cbor.ts';
import { encodeCoseSign1, parseCoseSign1, sigStructure } from './cose.ts';
import { signDcc } from './issue-dcc.ts';
import { nodePlatform } from './platform.node.ts';
import { TrustStore } from './trust-store.ts';
import { verifyQr } from './verify.ts';

const platform = nodePlatform;
const ISSUED = Date.parse('2021-09-02T00:00:00Z') / 1000;
const EXPIRES = ISSUED + 365 * 86400;
const AT = new Date('2021-10-01T00:00:00Z');

async function issue(signer: TestSigner, dcc: object = SAMPLE_DCC, times = { iat: ISSUED, exp: EXPIRES }) {
  return signDcc(
    {
      dcc,
      issuer: 'VN',
      issuedAt: times.iat,
      expiresAt: times.exp,
      alg: signer.alg,
      kid: signer.kid,
      key: signer.key,
    },
    platform,
  );
}

async function verify(qr: string, trust: (string | Uint8Array)[], at = AT) {
  return verifyQr(qr, { trust: await TrustStore.load(trust, platform), at, platform });
}

/** Re-wraps a COSE structure (for header and tag variants), compressed and base45 encoded. */
function wrap(cose: Uint8Array) {
  return `HC1:${base45Encode(platform.compression.deflate(cose) as Uint8Array)}`;
}
function unwrap(qr: string) {
  return platform.compression.inflate(base45Decode(qr.slice(4))) as Uint8Array;
}

let es256: TestSigner;
let ps256: TestSigner;
beforeAll(async () => {
  es256 = await makeSigner({ eku: [EKU.vaccination] });
  ps256 = await makeSigner({ alg: 'PS256' });
});

describe('EU DCC issue → verify round trip', () => {
  it('verifies an ES256 certificate with every check passing, holder and doses shown', async () => {
    const qr = await issue(es256);
    expect(qr.startsWith('HC1:')).toBe(true);
    const result = await verify(qr, [es256.pem]);
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
    expect(result.format).toBe('eu-dcc');
    expect(result.checks).toEqual({
      prefix: 'pass',
      base45: 'pass',
      decompress: 'pass',
      cose: 'pass',
      kid: 'pass',
      signature: 'pass',
      schema: 'pass',
      expiry: 'pass',
      keyUsage: 'pass',
      revocation: 'skip',
    });
    expect(result.holder).toMatchObject({
      familyName: 'Nguyễn',
      givenNameStandard: 'VAN<AN',
      birthDate: '1990-01-02',
    });
    expect(result.vaccinations[0]).toMatchObject({ productName: 'Comirnaty', doseNumber: 2, totalDoses: 2 });
  });

  it('verifies PS256 (RSA, salt 32) from a DER trust input', async () => {
    const result = await verify(await issue(ps256), [ps256.der]);
    expect(result.valid, JSON.stringify(result.errors)).toBe(true);
  });

  it('fails the signature when one payload byte is flipped', async () => {
    const cose = parseCoseSign1(unwrap(await issue(es256)));
    const payload = cose.payload.slice();
    payload[payload.length - 3] ^= 0x01;
    const forged = wrap(encodeCoseSign1(cose.protectedBytes, payload, cose.signature));
    const result = await verify(forged, [es256.pem]);
    expect(result.valid).toBe(false);
    expect(result.checks.signature).toBe('fail');
  });

  it('fails kid with another DSC, and with no trust store at all', async () => {
    const other = await makeSigner();
    const qr = await issue(es256);
    const result = await verify(qr, [other.pem]);
    expect(result.checks.kid).toBe('fail');
    expect(result.errors[0].code).toBe('KID_UNKNOWN');
    const none = await verify(qr, []);
    expect(none.checks.kid).toBe('fail');
    expect(none.errors[0].code).toBe('TRUST_STORE_EMPTY');
  });

  it('fails expiry after exp, before iat and when the DSC expires before the certificate', async () => {
    const qr = await issue(es256);
    expect((await verify(qr, [es256.pem], new Date((EXPIRES + 1) * 1000))).errors[0].code).toBe('EXPIRED');
    expect((await verify(qr, [es256.pem], new Date((ISSUED - 1) * 1000))).errors[0].code).toBe(
      'NOT_YET_VALID',
    );
    const shortDsc = await makeSigner({ notAfter: new Date('2022-01-01T00:00:00Z') });
    const short = await verify(await issue(shortDsc), [shortDsc.pem]);
    expect(short.checks.expiry).toBe('fail');
    expect(short.errors[0].code).toBe('DSC_VALIDITY');
  });

  it('fails keyUsage for a test-only DSC signing a vaccination; either OID spelling allows', async () => {
    const testOnly = await makeSigner({ eku: [EKU.test] });
    const result = await verify(await issue(testOnly), [testOnly.pem]);
    expect(result.checks.keyUsage).toBe('fail');
    expect(result.valid).toBe(false);
    const alt = await makeSigner({ eku: [EKU.vaccinationAlt] });
    expect((await verify(await issue(alt), [alt.pem])).checks.keyUsage).toBe('pass');
  });

  it('fails revocation when the UVCI hash is on the revocation list', async () => {
    const qr = await issue(es256);
    const trust = await TrustStore.load([es256.pem], platform);
    const hash = crypto.createHash('sha256').update(SAMPLE_DCC.v[0].ci).digest().subarray(0, 16);
    trust.revokedUvciHashes.add(toBase64(hash));
    const result = await verifyQr(qr, { trust, at: AT, platform });
    expect(result.checks.revocation).toBe('fail');
    expect(result.valid).toBe(false);
  });

  it('passes revocation when a revocation list was loaded, even an empty one; skips it when none was', async () => {
    const qr = await issue(es256);
    const list = (hashes: string[]) =>
      JSON.stringify({ format: 'sskdt-dcc-revocations/1', revokedUvciHashes: hashes });
    const empty = await verify(qr, [es256.pem, list([])]);
    expect(empty).toMatchObject({ valid: true, checks: { revocation: 'pass' } });
    const hash = crypto.createHash('sha256').update(SAMPLE_DCC.v[0].ci).digest().subarray(0, 16);
    const listed = await verify(qr, [es256.pem, list([toBase64(hash)])]);
    expect(listed).toMatchObject({ valid: false, checks: { revocation: 'fail' } });
    expect((await verify(qr, [es256.pem])).checks.revocation).toBe('skip');
  });

  it('fails the schema on a broken DCC, and on value sets only when asked', async () => {
    const broken = await verify(await issue(es256, { ...SAMPLE_DCC, dob: 'yesterday' }), [es256.pem]);
    expect(broken.checks.schema).toBe('fail');
    const odd = { ...SAMPLE_DCC, v: [{ ...SAMPLE_DCC.v[0], mp: 'NATIONAL-1' }] };
    const qr = await issue(es256, odd);
    expect((await verify(qr, [es256.pem])).valid).toBe(true);
    const strict = await verifyQr(qr, {
      trust: await TrustStore.load([es256.pem], platform),
      at: AT,
      platform,
      strictValueSets: true,
    });
    expect(strict.checks.schema).toBe('fail');
  });

  it('reads tag 61 around 18, untagged COSE and a kid in the unprotected header', async () => {
    const cose = parseCoseSign1(unwrap(await issue(es256)));
    const parts = [cose.protectedBytes, new Map(), cose.payload, cose.signature];
    for (const variant of [new Tag(new Tag(parts, 18), 61), parts]) {
      expect((await verify(wrap(cborEncode(variant)), [es256.pem])).valid).toBe(true);
    }
    // kid only in the unprotected header, alg protected
    const protectedBytes = cborEncode(new Map([[1, -7]]));
    const signature = platform.signatures.sign(
      'ES256',
      es256.key,
      sigStructure(protectedBytes, cose.payload),
    );
    const unprotected = cborEncode(
      new Tag([protectedBytes, new Map([[4, es256.kid]]), cose.payload, signature as Uint8Array], 18),
    );
    expect((await verify(wrap(unprotected), [es256.pem])).valid).toBe(true);
  });

  it('refuses ES256 with a P-384 key', async () => {
    const p384 = await makeSigner({ curve: 'P-384' });
    const payload = parseCoseSign1(unwrap(await issue(es256))).payload;
    const protectedBytes = cborEncode(
      new Map<number, unknown>([
        [1, -7],
        [4, p384.kid],
      ]),
    );
    const key = p384.key.platformKey as crypto.KeyObject;
    const signature = crypto.sign('sha256', sigStructure(protectedBytes, payload), {
      key,
      dsaEncoding: 'ieee-p1363',
    });
    const result = await verify(wrap(encodeCoseSign1(protectedBytes, payload, signature)), [p384.pem]);
    expect(result.checks.kid).toBe('pass');
    expect(result.checks.signature).toBe('fail');
  });

  it('fails early stages with later checks skipped', async () => {
    const qr = await issue(es256);
    const noPrefix = await verify(qr.slice(4), [es256.pem]);
    expect(noPrefix).toMatchObject({
      valid: false,
      format: null,
      checks: { prefix: 'fail', base45: 'skip' },
    });
    expect((await verify(`${qr.slice(0, -1)}#`, [es256.pem])).checks.base45).toBe('fail');
    const notZlib = `HC1:${base45Encode(unwrap(qr))}`;
    expect((await verify(notZlib, [es256.pem])).checks).toMatchObject({ decompress: 'fail', cose: 'skip' });
    const notCose = wrap(cborEncode([1, 2, 3]));
    expect((await verify(notCose, [es256.pem])).checks).toMatchObject({ cose: 'fail', kid: 'skip' });
    expect((await verify('', [es256.pem])).errors[0].code).toBe('INPUT_EMPTY');
  });
});
