import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodePlatform } from './platform.node.ts';
import { webPlatform } from './platform.web.ts';
import { TrustStore } from './trust-store.ts';
import { verifyQr } from './verify.ts';

/**
 * The WebCrypto/Compression Streams platform (the web verifier's) must answer exactly like the
 * node:crypto one: every EU DCC test vector and the SMART Health Card examples are verified with both
 * and the results compared field by field.
 */

const FIXTURES = path.resolve(import.meta.dirname, '../../../test/fixtures');

function walk(dir: string, match: (file: string) => boolean): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => {
      const p = path.join(dir, e.name);
      return e.isDirectory() ? walk(p, match) : match(p) ? [p] : [];
    })
    .sort();
}

function clock(value: unknown): Date {
  let t = String(value)
    .trim()
    .replace(' ', 'T')
    .replace(/(\.\d{3})\d+/, '$1')
    .replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  if (!/(Z|[+-]\d{2}:\d{2})$/.test(t)) t += 'Z';
  const date = new Date(t);
  return Number.isNaN(date.getTime()) ? new Date('2021-06-01T00:00:00Z') : date;
}

const pem = (b64: string) =>
  `-----BEGIN CERTIFICATE-----\n${b64.replace(/\s+/g, '')}\n-----END CERTIFICATE-----\n`;

describe('web certificate platform', () => {
  it('verifies every EU DCC test vector exactly as the node platform does', async () => {
    let compared = 0;
    let valid = 0;
    const differences: string[] = [];
    for (const file of walk(path.join(FIXTURES, 'eu-dcc-testdata'), (f) => f.endsWith('.json'))) {
      let t: { PREFIX?: string; TESTCTX?: Record<string, unknown> };
      try {
        t = JSON.parse(fs.readFileSync(file, 'utf8'));
      } catch {
        continue;
      }
      if (typeof t?.PREFIX !== 'string' || !t.TESTCTX) continue;
      const certificate = t.TESTCTX.CERTIFICATE;
      const trustInput = typeof certificate === 'string' ? [pem(certificate)] : [];
      const at = clock(t.TESTCTX.VALIDATIONCLOCK);
      const [node, web] = await Promise.all(
        [nodePlatform, webPlatform].map(async (platform) =>
          verifyQr(t.PREFIX as string, {
            trust: await TrustStore.loadLenient(trustInput, platform),
            at,
            platform,
          }),
        ),
      );
      compared++;
      if (web.valid) valid++;
      const a = JSON.stringify({ ...node, errors: node.errors.map((e) => e.code) });
      const b = JSON.stringify({ ...web, errors: web.errors.map((e) => e.code) });
      if (a !== b) differences.push(`${path.relative(FIXTURES, file)}: node ${a} web ${b}`);
    }
    console.log(`eu-dcc vectors, web platform = node platform: ${compared - differences.length}/${compared}`);
    expect(compared).toBeGreaterThan(150);
    expect(valid).toBeGreaterThan(50);
    expect(differences).toEqual([]);
  }, 60_000); // two platforms over every vector: slow on a busy shared machine

  it('verifies the SMART Health Card examples (JWKS, raw deflate, CRL) like the node platform', async () => {
    const shc = path.join(FIXTURES, 'shc-examples');
    const wellKnown = path.join(shc, 'issuer', '.well-known');
    const inputs = [
      fs.readFileSync(path.join(wellKnown, 'jwks.json'), 'utf8'),
      ...walk(path.join(wellKnown, 'crl'), (f) => f.endsWith('.json')).map((f) => fs.readFileSync(f, 'utf8')),
    ];
    const trust = await TrustStore.load(inputs, webPlatform);
    const verdicts: Record<string, boolean> = {};
    for (const n of ['00', '01', '03']) {
      const chunks = walk(shc, (f) =>
        path.basename(f).startsWith(`example-${n}-f-qr-code-numeric-value-`),
      ).map((f) => fs.readFileSync(f, 'utf8').trim());
      const at = new Date('2024-01-01T00:00:00Z');
      const web = await verifyQr(chunks, { trust, at, platform: webPlatform });
      const node = await verifyQr(chunks, {
        trust: await TrustStore.load(inputs, nodePlatform),
        at,
        platform: nodePlatform,
      });
      expect(web).toEqual(node);
      verdicts[n] = web.valid;
    }
    expect(verdicts).toEqual({ '00': true, '01': true, '03': false });
  });

  it('signs what node verifies and verifies what node signs (ES256 raw r‖s, PS256 salt 32)', async () => {
    const data = new TextEncoder().encode('Signature1 over a payload');
    for (const [alg, pair] of [
      ['ES256', crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' })],
      ['PS256', crypto.generateKeyPairSync('rsa', { modulusLength: 2048 })],
    ] as const) {
      const pkcs8 = new Uint8Array(pair.privateKey.export({ format: 'der', type: 'pkcs8' }));
      const spki = new Uint8Array(pair.publicKey.export({ format: 'der', type: 'spki' }));
      const webPublic = await webPlatform.signatures.importSpki(spki);
      const nodePublic = await nodePlatform.signatures.importSpki(spki);
      const webSig = await webPlatform.signatures.sign(
        alg,
        await webPlatform.signatures.importPrivateKey(pkcs8),
        data,
      );
      const nodeSig = await nodePlatform.signatures.sign(
        alg,
        await nodePlatform.signatures.importPrivateKey(pkcs8),
        data,
      );
      expect(await nodePlatform.signatures.verify(alg, nodePublic, data, webSig)).toBe(true);
      expect(await webPlatform.signatures.verify(alg, webPublic, data, nodeSig)).toBe(true);
      const flipped = data.slice();
      flipped[0] ^= 1;
      expect(await webPlatform.signatures.verify(alg, webPublic, flipped, nodeSig)).toBe(false);
      // The other algorithm with this key answers false, never throws.
      const other = alg === 'ES256' ? 'PS256' : 'ES256';
      expect(await webPlatform.signatures.verify(other, webPublic, data, nodeSig)).toBe(false);
    }
    // A JWK with a foreign `alg` still imports (only the key material counts).
    const ec = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const jwk = { ...ec.publicKey.export({ format: 'jwk' }), alg: 'ES256', use: 'sig', kid: 'k' };
    expect((await webPlatform.signatures.importPublicJwk(jwk as never)).kind).toBe('ec-p256');
    // P-384 imports as a key that never verifies; garbage is refused.
    const p384 = crypto.generateKeyPairSync('ec', { namedCurve: 'secp384r1' });
    const der = new Uint8Array(p384.publicKey.export({ format: 'der', type: 'spki' }));
    expect((await webPlatform.signatures.importSpki(der)).kind).toBe('ec-other');
    await expect(webPlatform.signatures.importSpki(new Uint8Array([0x30, 1, 2]))).rejects.toThrow();
  });

  it('inflates zlib and raw deflate, and refuses broken data', async () => {
    const text = new TextEncoder().encode('HC1 payload '.repeat(50));
    const zlibbed = await webPlatform.compression.deflate(text);
    expect(await nodePlatform.compression.inflate(zlibbed)).toEqual(text);
    expect(await webPlatform.compression.inflate(await nodePlatform.compression.deflate(text))).toEqual(text);
    expect(await webPlatform.compression.inflateRaw(await nodePlatform.compression.deflateRaw(text))).toEqual(
      text,
    );
    await expect(webPlatform.compression.inflate(new Uint8Array([1, 2, 3, 4]))).rejects.toThrow();
    expect(await webPlatform.sha256(new TextEncoder().encode('abc'))).toEqual(
      await nodePlatform.sha256(new TextEncoder().encode('abc')),
    );
  });
});
