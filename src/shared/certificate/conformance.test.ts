import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { qrFromImageFile } from '../../cli/verify-input.ts';
import { nodePlatform } from './platform.node.ts';
import type { CheckName, VerificationResult } from './result.ts';
import { TrustStore } from './trust-store.ts';
import { verifyQr } from './verify.ts';

/**
 * Conformance over the vectors kept in test/fixtures (copied from the EU dgc-testdata, the SMART
 * Health Cards examples and the EU QR quality-assurance photos), scored as the shared acceptance
 * harness scores `sskdt verify --batch`: every EXPECTED* flag must agree (vectors in known_issues.csv
 * are excused for that flag only), and no vector with an expected failure may be reported valid.
 */

const FIXTURES = path.resolve(import.meta.dirname, '../../../test/fixtures');
const DCC_DIR = path.join(FIXTURES, 'eu-dcc-testdata');
const SHC_DIR = path.join(FIXTURES, 'shc-examples');
const PHOTOS_DIR = path.join(FIXTURES, 'eu-dcc-qr-images');

const FLAG_TO_CHECK: Record<string, CheckName[]> = {
  EXPECTEDUNPREFIX: ['prefix'],
  EXPECTEDB45DECODE: ['base45'],
  EXPECTEDCOMPRESSION: ['decompress'],
  EXPECTEDDECODE: ['cose'],
  EXPECTEDVERIFY: ['kid', 'signature'],
  EXPECTEDSCHEMAVALIDATION: ['schema'],
  EXPECTEDEXPIRATIONCHECK: ['expiry'],
  EXPECTEDKEYUSAGE: ['keyUsage'],
};
const KNOWN_TEST_TO_FLAG: Record<string, string> = {
  test_cose_schema: 'EXPECTEDSCHEMAVALIDATION',
  test_cose_json: 'EXPECTEDDECODE',
  test_cbor_json: 'EXPECTEDDECODE',
  test_verification_check: 'EXPECTEDVERIFY',
  test_expiration_check: 'EXPECTEDEXPIRATIONCHECK',
  test_expected_key_usage: 'EXPECTEDKEYUSAGE',
};

function walk(dir: string, match: (file: string) => boolean): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => {
      const p = path.join(dir, e.name);
      return e.isDirectory() ? walk(p, match) : match(p) ? [p] : [];
    })
    .sort();
}

/** VALIDATIONCLOCK comes in many spellings: ISO 8601 with a zone (UTC where none). */
function clock(value: unknown): Date {
  let t = String(value)
    .trim()
    .replace(' ', 'T')
    .replace(/(\.\d{3})\d+/, '$1')
    .replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  if (!/(Z|[+-]\d{2}:\d{2})$/.test(t)) t += 'Z';
  return new Date(t);
}

const pem = (b64: string) =>
  `-----BEGIN CERTIFICATE-----\n${b64.replace(/\s+/g, '')}\n-----END CERTIFICATE-----\n`;

function knownIssues(): [string, string, string][] {
  const csv = fs.readFileSync(path.join(DCC_DIR, 'known_issues.csv'), 'utf8');
  return csv
    .split('\n')
    .slice(1)
    .map((line) => line.split(','))
    .filter(([test]) => KNOWN_TEST_TO_FLAG[test])
    .map(([test, country, set]) => [country, set, KNOWN_TEST_TO_FLAG[test]]);
}

describe('EU DCC conformance (dgc-testdata)', () => {
  it('agrees with every EXPECTED* flag of every vector', { timeout: 60_000 }, async () => {
    const known = knownIssues();
    const agreement: Record<string, [number, number]> = {};
    const misses: string[] = [];
    let vectors = 0;
    let fullyAgreed = 0;
    for (const file of walk(DCC_DIR, (f) => f.endsWith('.json'))) {
      let t: {
        PREFIX?: string;
        TESTCTX?: Record<string, unknown>;
        EXPECTEDRESULTS?: Record<string, unknown>;
      };
      try {
        t = JSON.parse(fs.readFileSync(file, 'utf8'));
      } catch {
        continue;
      }
      if (!t?.PREFIX || !t.TESTCTX || !t.EXPECTEDRESULTS) continue;
      const rel = path.relative(DCC_DIR, file);
      const country = rel.split(path.sep)[0];
      const stem = path.basename(rel, '.json');
      const expected: Record<string, boolean> = {};
      let excused = false;
      for (const [flag, want] of Object.entries(t.EXPECTEDRESULTS)) {
        if (!FLAG_TO_CHECK[flag] || typeof want !== 'boolean') continue;
        if (known.some(([c, s, f]) => c === country && f === flag && (!s || s === stem))) excused = true;
        else expected[flag] = want;
      }
      if (!Object.keys(expected).length) continue;
      vectors++;
      const certificate = t.TESTCTX.CERTIFICATE;
      const trust = await TrustStore.load(
        typeof certificate === 'string' ? [pem(certificate)] : [],
        nodePlatform,
      );
      const r: VerificationResult = await verifyQr(t.PREFIX, {
        trust,
        at: clock(t.TESTCTX.VALIDATIONCLOCK),
        platform: nodePlatform,
      });
      const expectsFailure = Object.values(expected).includes(false);
      let ok = true;
      for (const [flag, want] of Object.entries(expected)) {
        const got = FLAG_TO_CHECK[flag].map((c) => r.checks[c]);
        const allSkipped = !r.valid && got.every((g) => g === 'skip');
        const agree = want
          ? got.every((g) => g === 'pass') || ((expectsFailure || excused) && allSkipped)
          : got.includes('fail') || allSkipped;
        agreement[flag] ??= [0, 0];
        agreement[flag][1]++;
        if (agree) agreement[flag][0]++;
        else {
          ok = false;
          misses.push(`${rel} ${flag}=${want} got ${got.join(',')} ${r.errors.map((e) => e.code).join(',')}`);
        }
      }
      if (r.valid && expectsFailure) {
        ok = false;
        misses.push(`${rel} reported valid, but a check is expected to fail`);
      }
      if (ok) fullyAgreed++;
    }
    for (const [flag, [a, n]] of Object.entries(agreement)) console.log(`${flag.padEnd(26)} ${a}/${n}`);
    console.log(`eu-dcc vectors fully agreed: ${fullyAgreed}/${vectors}`);
    expect(vectors).toBeGreaterThan(150);
    expect(misses).toEqual([]);
  });
});

describe('SMART Health Card examples', () => {
  it('00 and 01 are valid, 03 is revoked by the issuer CRL (at a time before 03 expires)', async () => {
    const wellKnown = path.join(SHC_DIR, 'issuer', '.well-known');
    const trust = await TrustStore.load(
      [
        fs.readFileSync(path.join(wellKnown, 'jwks.json'), 'utf8'),
        ...walk(path.join(wellKnown, 'crl'), (f) => f.endsWith('.json')).map((f) =>
          fs.readFileSync(f, 'utf8'),
        ),
      ],
      nodePlatform,
    );
    const results: Record<string, VerificationResult> = {};
    for (const n of ['00', '01', '03']) {
      const chunks = walk(SHC_DIR, (f) =>
        path.basename(f).startsWith(`example-${n}-f-qr-code-numeric-value-`),
      );
      results[n] = await verifyQr(
        chunks.map((f) => fs.readFileSync(f, 'utf8').trim()),
        { trust, at: new Date('2024-01-01T00:00:00Z'), platform: nodePlatform },
      );
    }
    const agreed = [results['00'].valid, results['01'].valid, !results['03'].valid].filter(Boolean).length;
    console.log(`smart health cards agreed: ${agreed}/3`);
    expect(results['00'].valid, JSON.stringify(results['00'].errors)).toBe(true);
    expect(results['01'].valid).toBe(true);
    expect(results['03'].valid).toBe(false);
    expect(results['03'].checks.revocation).toBe('fail');
    expect(results['03'].errors.map((e) => e.code)).toEqual(['REVOKED']);
    expect(results['00'].holder?.birthDate).toBe('1951-01-20');
    expect(results['00'].vaccinations).toHaveLength(3);
  });
});

describe('QR photos (EU quality-assurance set)', () => {
  it('every photo decodes to a COSE payload', async () => {
    const photos = walk(PHOTOS_DIR, (f) => /\.(png|jpe?g)$/i.test(f));
    let decoded = 0;
    const failed: string[] = [];
    for (const photo of photos) {
      const r = await verifyQr(await qrFromImageFile(photo).catch(() => ''), {
        trust: undefined,
        at: new Date(),
        platform: nodePlatform,
      });
      if (r.checks.cose === 'pass') decoded++;
      else failed.push(path.relative(PHOTOS_DIR, photo));
    }
    console.log(`qr photos decoded to a COSE payload: ${decoded}/${photos.length}`);
    expect(photos.length).toBeGreaterThanOrEqual(11);
    expect(failed).toEqual([]);
  });
});
