import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { nodePlatform } from './platform.node.ts';
import type { Jwk } from './platform.ts';
import { shcCrlPaths } from './published-lists.ts';
import { jwkThumbprint, signShcJws } from './shc-jws.ts';
import { SHC_CHUNK_MAX, shcNumericDecode, shcNumericEncode, shcQrTexts } from './shc-numeric.ts';
import { TrustInputError, TrustStore } from './trust-store.ts';
import { verifyQr } from './verify.ts';

const platform = nodePlatform;
const AT = new Date('2024-01-01T00:00:00Z');

function card(rid?: string) {
  return {
    iss: 'https://sskdt.example/issuer',
    nbf: 1700000000,
    vc: {
      type: ['https://smarthealth.cards#health-card', 'https://smarthealth.cards#immunization'],
      ...(rid ? { rid } : {}),
      credentialSubject: {
        fhirVersion: '4.0.1',
        fhirBundle: {
          resourceType: 'Bundle',
          type: 'collection',
          entry: [
            {
              fullUrl: 'resource:0',
              resource: {
                resourceType: 'Patient',
                name: [{ family: 'Trần', given: ['Thị', 'Bình'] }],
                birthDate: '1985-05-06',
              },
            },
            {
              fullUrl: 'resource:1',
              resource: {
                resourceType: 'Immunization',
                status: 'completed',
                vaccineCode: { coding: [{ system: 'http://hl7.org/fhir/sid/cvx', code: '208' }] },
                patient: { reference: 'resource:0' },
                occurrenceDateTime: '2021-08-10',
                lotNumber: 'LOT1',
              },
            },
          ],
        },
      },
    },
  };
}

async function issuerKey() {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' }) as Jwk;
  const kid = await jwkThumbprint(jwk, platform);
  const key = platform.signatures.importPrivateKey(privateKey.export({ format: 'jwk' }) as Jwk);
  return { jwks: JSON.stringify({ keys: [{ ...jwk, kid, use: 'sig', alg: 'ES256' }] }), kid, key: await key };
}

async function verify(qr: string | string[], trust: string[]) {
  return verifyQr(qr, { trust: await TrustStore.load(trust, platform), at: AT, platform });
}

describe('SMART Health Cards', () => {
  it('numeric encoding round-trips, and chunks reassemble in any order', () => {
    const jws = 'eyJ6aXAiOiJERUYifQ.abc_-.xyz';
    const qr = shcNumericEncode(jws);
    expect(qr.startsWith('shc:/')).toBe(true);
    expect(shcNumericDecode(qr)).toBe(jws);
    const digits = qr.slice(5);
    const chunks = [`shc:/2/2/${digits.slice(20)}`, `shc:/1/2/${digits.slice(0, 20)}`];
    expect(shcNumericDecode(chunks)).toBe(jws);
    expect(() => shcNumericDecode([chunks[0]])).toThrow(/chunks/);
    expect(() => shcNumericDecode('shc:/123')).toThrow();
    expect(() => shcNumericDecode('shc:/99')).toThrow();
  });

  it('a JWS over 1195 characters is split into balanced chunks of at most 1191 (one QR code each)', () => {
    const body = (n: number) => 'a'.repeat(n);
    expect(shcQrTexts(body(1195))).toEqual([shcNumericEncode(body(1195))]);
    for (const [length, sizes] of [
      [1196, [598, 598]],
      [2382, [1191, 1191]],
      [2383, [795, 795, 793]],
    ] as const) {
      const jws = body(length);
      const texts = shcQrTexts(jws);
      expect(texts.map((t) => (t.length - t.indexOf('/', 7) - 1) / 2)).toEqual(sizes);
      texts.forEach((t, i) => {
        expect(t.startsWith(`shc:/${i + 1}/${sizes.length}/`)).toBe(true);
      });
      expect(Math.max(...sizes)).toBeLessThanOrEqual(SHC_CHUNK_MAX);
      expect(shcNumericDecode([...texts].reverse())).toBe(jws);
    }
  });

  it('a large card is issued as chunks that verify together, in any order, and not one short', async () => {
    const issuer = await issuerKey();
    const big = card();
    const entries = big.vc.credentialSubject.fhirBundle.entry as { fullUrl: string; resource: object }[];
    for (let i = 0; i < 24; i++)
      entries.push({
        fullUrl: `resource:${i + 2}`,
        resource: { ...entries[1].resource, lotNumber: crypto.randomBytes(12).toString('hex') },
      });
    const jws = await signShcJws(big, issuer.key, issuer.kid, platform);
    expect(jws.length).toBeGreaterThan(1195);
    const texts = shcQrTexts(jws);
    expect(texts.length).toBeGreaterThan(1);
    const result = await verify([...texts].reverse(), [issuer.jwks]);
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
    expect(result.vaccinations).toHaveLength(25);
    const short = await verify(texts.slice(1), [issuer.jwks]);
    expect(short).toMatchObject({ valid: false, checks: { prefix: 'fail' } });
    expect(short.errors[0].code).toBe('SHC_NUMERIC_INVALID');
  });

  it('signs and verifies a card (kid = JWK thumbprint), holder and immunizations shown', async () => {
    const issuer = await issuerKey();
    const qr = shcNumericEncode(await signShcJws(card(), issuer.key, issuer.kid, platform));
    const result = await verify(qr, [issuer.jwks]);
    expect(result.errors).toEqual([]);
    expect(result).toMatchObject({
      valid: true,
      format: 'shc',
      checks: {
        prefix: 'pass',
        base45: 'skip',
        cose: 'pass',
        decompress: 'pass',
        kid: 'pass',
        signature: 'pass',
        schema: 'pass',
        expiry: 'pass',
        keyUsage: 'skip',
        revocation: 'skip',
      },
      holder: { familyName: 'Trần', givenName: 'Thị Bình', birthDate: '1985-05-06' },
      vaccinations: [{ product: 'http://hl7.org/fhir/sid/cvx|208', date: '2021-08-10', lotNumber: 'LOT1' }],
    });
  });

  it('fails a tampered signature, an unknown key, a kid that is not the thumbprint, and a card not yet valid', async () => {
    const issuer = await issuerKey();
    const jws = await signShcJws(card(), issuer.key, issuer.kid, platform);
    const [h, p, s] = jws.split('.');
    const flipped = `${h}.${p}.${s[0] === 'A' ? 'B' : 'A'}${s.slice(1)}`;
    expect((await verify(shcNumericEncode(flipped), [issuer.jwks])).checks.signature).toBe('fail');
    const other = await issuerKey();
    expect((await verify(shcNumericEncode(jws), [other.jwks])).checks.kid).toBe('fail');
    const renamed = JSON.stringify({
      keys: [{ ...JSON.parse(issuer.jwks).keys[0], kid: 'not-the-thumbprint' }],
    });
    const wrongKid = await signShcJws(card(), issuer.key, 'not-the-thumbprint', platform);
    const result = await verify(shcNumericEncode(wrongKid), [renamed]);
    expect(result.errors[0].code).toBe('KID_NOT_THUMBPRINT');
    const future = await signShcJws(
      { ...card(), nbf: AT.getTime() / 1000 + 10 },
      issuer.key,
      issuer.kid,
      platform,
    );
    expect((await verify(shcNumericEncode(future), [issuer.jwks])).errors[0].code).toBe('NOT_YET_VALID');
  });

  it('revokes by rid from the CRL (with and without a timestamp)', async () => {
    const issuer = await issuerKey();
    const qr = shcNumericEncode(await signShcJws(card('rid1'), issuer.key, issuer.kid, platform));
    const crl = (rids: string[]) => JSON.stringify({ kid: issuer.kid, method: 'rid', ctr: 1, rids });
    expect((await verify(qr, [issuer.jwks, crl(['rid1'])])).checks.revocation).toBe('fail');
    expect((await verify(qr, [issuer.jwks, crl(['rid1.1700000001'])])).checks.revocation).toBe('fail');
    const later = await verify(qr, [issuer.jwks, crl(['rid1.1600000000', 'other'])]);
    expect(later.checks.revocation).toBe('pass');
    expect(later.valid).toBe(true);
  });

  it("checks the rid against its key's CRL only: an empty CRL passes the check, a rid with an unreadable time revokes", async () => {
    const issuer = await issuerKey();
    const qr = shcNumericEncode(await signShcJws(card('rid1'), issuer.key, issuer.kid, platform));
    const crl = (kid: string, rids: string[]) =>
      JSON.stringify({ kid, method: 'rid', ctr: rids.length, rids });
    // The issuer's list was loaded and does not hold the card: the step ran and passed (not "skip").
    const empty = await verify(qr, [issuer.jwks, crl(issuer.kid, [])]);
    expect(empty).toMatchObject({ valid: true, checks: { revocation: 'pass' } });
    // Another key's CRL says nothing about this card.
    const other = await issuerKey();
    const elsewhere = await verify(qr, [issuer.jwks, crl(other.kid, ['rid1'])]);
    expect(elsewhere).toMatchObject({ valid: true, checks: { revocation: 'skip' } });
    // "rid.<not a number>" cannot prove the card newer than the revocation: revoked.
    const odd = await verify(qr, [issuer.jwks, crl(issuer.kid, ['rid1.soon'])]);
    expect(odd).toMatchObject({
      valid: false,
      checks: { revocation: 'fail' },
      errors: [{ code: 'REVOKED' }],
    });
    // A card without a rid cannot be listed: the loaded CRL does not hold it.
    const noRid = shcNumericEncode(await signShcJws(card(), issuer.key, issuer.kid, platform));
    expect((await verify(noRid, [issuer.jwks, crl(issuer.kid, ['rid1'])])).checks.revocation).toBe('pass');
  });

  it('a JWKS names the CRL of every key announcing a crlVersion', () => {
    const jwks = JSON.stringify({
      keys: [
        { kty: 'EC', kid: 'A'.repeat(43), crlVersion: 2 },
        { kty: 'EC', kid: 'B'.repeat(43) },
        { kty: 'EC', kid: 'C'.repeat(43), crlVersion: 0 },
        { kty: 'EC', kid: '../../etc/passwd', crlVersion: 1 },
      ],
    });
    expect(shcCrlPaths(jwks)).toEqual([
      `/.well-known/crl/${'A'.repeat(43)}.json`,
      `/.well-known/crl/${'C'.repeat(43)}.json`,
    ]);
    expect(shcCrlPaths('not json')).toEqual([]);
    expect(shcCrlPaths('{"keys": 3}')).toEqual([]);
  });
});

describe('trust inputs', () => {
  it('refuses what is not PEM, DER, JWKS, CRL or a trust list', async () => {
    for (const bad of [
      'hello world',
      '{"foo":1}',
      '[{"kid":"x"}]',
      '{"keys":[{"kty":"EC"}]}',
      'not json {',
      Uint8Array.of(1, 2, 3),
    ])
      await expect(TrustStore.load([bad], platform)).rejects.toBeInstanceOf(TrustInputError);
  });
});
