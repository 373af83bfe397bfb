import { beforeAll, describe, expect, it } from 'vitest';
import { EKU, makeSigner, SAMPLE_DCC, type TestSigner } from '../../../test/helpers/certificates.ts';
import { base45Encode } from './base45.ts';
import { concatBytes } from './bytes.ts';
import { cborEncode, Tag } from './cbor.ts';
import { sigStructure } from './cose.ts';
import { nodePlatform } from './platform.node.ts';
import type { CertificatePlatform } from './platform.ts';
import { webPlatform } from './platform.web.ts';
import type { CheckName, ErrorCode } from './result.ts';
import { TrustStore } from './trust-store.ts';
import { verifyQr } from './verify.ts';

/**
 * EU DCC cases the official vectors may not cover, built and signed here with test keys, each checked
 * against the EU DCC specification and RFC 9052/8392/9285/1950 — on the node platform and the web one
 * (which must agree). Every case names the check that must fail, with its error code, or passes.
 */

const ISSUED = Date.parse('2021-09-02T00:00:00Z') / 1000;
const EXPIRES = ISSUED + 365 * 86400;
const AT = new Date('2021-10-01T00:00:00Z');
const ALG = { ES256: -7, PS256: -37, ES384: -35 };

let es: TestSigner;
let ps: TestSigner;
let other: TestSigner;
let lateDsc: TestSigner;

type Claims = Map<number, unknown>;
interface Vector {
  /** Protected header map (encoded), raw bytes, or absent (empty bstr). */
  protected?: Map<number, unknown> | Uint8Array;
  unprotected?: Map<number, unknown>;
  /** The CWT claims (default: iss, iat, exp, hcert of SAMPLE_DCC), or raw payload bytes. */
  claims?: Claims | Uint8Array;
  signer?: TestSigner;
  /** Sign as this algorithm (default the signer's). */
  signAs?: 'ES256' | 'PS256';
  /** Replace the signature bytes. */
  signature?: (sig: Uint8Array) => Uint8Array;
  /** The COSE_Sign1 array → the CBOR item (tags). */
  wrap?: (array: unknown[]) => unknown;
  /** zlib (default), none, or zlib with bytes after the stream. */
  compress?: 'zlib' | 'none' | 'trailing' | 'truncated';
  /** Bytes after the COSE item, inside the compressed data. */
  coseTail?: Uint8Array;
  /** The QR text from the base45 text. */
  text?: (base45: string) => string;
  /** The trusted keys (default: the signer's DSC). */
  trust?: () => string[];
}

function claims(overrides: [number, unknown][] = [], dcc: object = SAMPLE_DCC): Claims {
  const map: Claims = new Map<number, unknown>([
    [1, 'VN'],
    [6, ISSUED],
    [4, EXPIRES],
    [-260, new Map([[1, dcc]])],
  ]);
  for (const [k, v] of overrides) {
    if (v === undefined) map.delete(k);
    else map.set(k, v);
  }
  return map;
}
const header = (alg: unknown, kid?: unknown) => {
  const map = new Map<number, unknown>();
  if (alg !== undefined) map.set(1, alg);
  if (kid !== undefined) map.set(4, kid);
  return map;
};

async function build(v: Vector): Promise<string> {
  const signer = v.signer ?? es;
  const protectedBytes =
    v.protected instanceof Uint8Array
      ? v.protected
      : cborEncode(v.protected ?? header(ALG[signer.alg], signer.kid));
  const payload = v.claims instanceof Uint8Array ? v.claims : cborEncode(v.claims ?? claims());
  let signature = nodePlatform.signatures.sign(
    v.signAs ?? signer.alg,
    signer.key,
    sigStructure(protectedBytes, payload),
  ) as Uint8Array;
  if (v.signature) signature = v.signature(signature);
  const array = [protectedBytes, v.unprotected ?? new Map(), payload, signature];
  let cose = cborEncode(v.wrap ? v.wrap(array) : new Tag(array, 18));
  if (v.coseTail) cose = concatBytes(cose, v.coseTail);
  const zlib = nodePlatform.compression.deflate(cose) as Uint8Array;
  const compressed =
    v.compress === 'none'
      ? cose
      : v.compress === 'trailing'
        ? concatBytes(zlib, Uint8Array.of(0x00, 0x01))
        : v.compress === 'truncated'
          ? zlib.subarray(0, zlib.length - 3)
          : zlib;
  const b45 = base45Encode(compressed);
  return v.text ? v.text(b45) : `HC1:${b45}`;
}

interface Case {
  name: string;
  vector: () => Vector;
  /** undefined: valid. */
  fails?: [CheckName, ErrorCode];
  /** Checks that must pass (besides the ones before the failure). */
  passes?: CheckName[];
}

const CASES: Case[] = [
  { name: 'baseline: kid and alg in the protected header', vector: () => ({}) },
  {
    name: 'kid only in the unprotected header (EU CO19)',
    vector: () => ({ protected: header(ALG.ES256), unprotected: header(undefined, es.kid) }),
  },
  {
    name: 'alg and kid only in the unprotected header, empty protected bstr',
    vector: () => ({ protected: new Uint8Array(0), unprotected: header(ALG.ES256, es.kid) }),
  },
  {
    name: 'protected header map in another key order (signed bytes as received)',
    vector: () => ({
      protected: new Map<number, unknown>([
        [4, es.kid],
        [1, ALG.ES256],
      ]),
    }),
  },
  {
    name: 'protected kid right, unprotected kid wrong: the protected one wins (EU CO21)',
    vector: () => ({ unprotected: header(undefined, other.kid) }),
  },
  {
    name: 'protected kid wrong, unprotected kid right: the protected one wins (EU CO22)',
    vector: () => ({ protected: header(ALG.ES256, other.kid), unprotected: header(undefined, es.kid) }),
    fails: ['kid', 'KID_UNKNOWN'],
  },
  {
    name: 'no kid anywhere, the signer among the trusted keys: every key of the algorithm is tried',
    vector: () => ({ protected: header(ALG.ES256), trust: () => [other.pem, ps.pem, es.pem] }),
    passes: ['kid', 'signature', 'expiry', 'keyUsage'],
  },
  {
    name: 'no kid anywhere, PS256: only RSA keys are tried',
    vector: () => ({ signer: ps, protected: header(ALG.PS256), trust: () => [es.pem, other.pem, ps.pem] }),
  },
  {
    name: 'no kid anywhere and no trusted key verifies: kid fails',
    vector: () => ({ protected: header(ALG.ES256), trust: () => [other.pem, ps.pem] }),
    fails: ['kid', 'KID_MISSING'],
  },
  {
    name: 'no kid and no alg: nothing to try with',
    vector: () => ({ protected: new Map() }),
    fails: ['kid', 'KID_MISSING'],
  },
  {
    name: 'kid of 7 bytes (EU CO25)',
    vector: () => ({ protected: header(ALG.ES256, es.kid.subarray(0, 7)) }),
    fails: ['kid', 'KID_UNKNOWN'],
  },
  {
    name: 'kid of 9 bytes (EU CO26)',
    vector: () => ({ protected: header(ALG.ES256, concatBytes(es.kid, Uint8Array.of(0))) }),
    fails: ['kid', 'KID_UNKNOWN'],
  },
  {
    name: 'empty kid is not "no kid"',
    vector: () => ({ protected: header(ALG.ES256, new Uint8Array(0)) }),
    fails: ['kid', 'KID_UNKNOWN'],
  },
  {
    name: 'kid as text',
    vector: () => ({ protected: header(ALG.ES256, Buffer.from(es.kid).toString('base64')) }),
    fails: ['cose', 'COSE_INVALID'],
  },
  {
    name: 'alg missing',
    vector: () => ({ protected: header(undefined, es.kid) }),
    fails: ['signature', 'ALG_UNSUPPORTED'],
  },
  {
    name: 'alg ES384 (unsupported; EU CO4)',
    vector: () => ({ protected: header(ALG.ES384, es.kid) }),
    fails: ['signature', 'ALG_UNSUPPORTED'],
  },
  {
    name: 'alg as a text label',
    vector: () => ({ protected: header('ES256', es.kid) }),
    fails: ['signature', 'ALG_UNSUPPORTED'],
  },
  {
    name: 'alg as a byte string',
    vector: () => ({ protected: header(Uint8Array.of(0x26), es.kid) }),
    fails: ['cose', 'COSE_INVALID'],
  },
  {
    name: 'PS256 header over an ECDSA key and signature (EU CO27)',
    vector: () => ({ protected: header(ALG.PS256, es.kid) }),
    fails: ['signature', 'SIGNATURE_INVALID'],
  },
  {
    name: 'ECDSA signature DER-encoded, over 70 bytes (EU CO24): no crash',
    vector: () => ({
      signature: derSignature,
    }),
    fails: ['signature', 'SIGNATURE_INVALID'],
  },
  {
    name: 'signature truncated to 63 bytes',
    vector: () => ({ signature: (raw) => raw.subarray(0, 63) }),
    fails: ['signature', 'SIGNATURE_INVALID'],
  },
  {
    name: 'a critical header (crit) the verifier does not process',
    vector: () => ({
      protected: new Map<number, unknown>([
        [1, ALG.ES256],
        [4, es.kid],
        [2, [-70000]],
        [-70000, 1],
      ]),
    }),
    fails: ['cose', 'COSE_INVALID'],
  },
  {
    name: 'COSE array of 5',
    vector: () => ({ wrap: (a) => new Tag([...a, null], 18) }),
    fails: ['cose', 'COSE_INVALID'],
  },
  { name: 'untagged COSE_Sign1', vector: () => ({ wrap: (a) => a }) },
  { name: 'tag 61 around tag 18 (EU CO28)', vector: () => ({ wrap: (a) => new Tag(new Tag(a, 18), 61) }) },
  {
    name: 'tag 18 around tag 61 (wrong nesting)',
    vector: () => ({ wrap: (a) => new Tag(new Tag(a, 61), 18) }),
    fails: ['cose', 'COSE_INVALID'],
  },
  {
    name: 'COSE_Sign (tag 98), not COSE_Sign1',
    vector: () => ({ wrap: (a) => new Tag(a, 98) }),
    fails: ['cose', 'COSE_INVALID'],
  },
  {
    name: 'bytes after the COSE item',
    vector: () => ({ coseTail: Uint8Array.of(0x00) }),
    fails: ['cose', 'COSE_INVALID'],
  },
  {
    name: 'payload nil (detached content)',
    vector: () => ({ wrap: (a) => new Tag([a[0], a[1], null, a[3]], 18) }),
    fails: ['cose', 'COSE_INVALID'],
  },
  {
    name: 'payload is not a map',
    vector: () => ({ claims: cborEncode([1, 'VN']) }),
    fails: ['cose', 'CWT_INVALID'],
  },
  {
    name: 'hcert claim (-260) missing',
    vector: () => ({ claims: claims([[-260, undefined]]) }),
    fails: ['cose', 'CWT_INVALID'],
  },
  {
    name: 'hcert without its EU DCC (1)',
    vector: () => ({ claims: claims([[-260, new Map([[2, SAMPLE_DCC]])]]) }),
    fails: ['cose', 'CWT_INVALID'],
  },
  {
    name: 'hcert with a second certificate beside 1',
    vector: () => ({
      claims: claims([
        [
          -260,
          new Map<number, unknown>([
            [1, SAMPLE_DCC],
            [2, SAMPLE_DCC],
          ]),
        ],
      ]),
    }),
    fails: ['cose', 'CWT_INVALID'],
  },
  {
    name: 'iat as a string',
    vector: () => ({ claims: claims([[6, '2021-09-02']]) }),
    fails: ['cose', 'CWT_INVALID'],
  },
  {
    name: 'iat tagged as an epoch date (RFC 8392: NumericDate is untagged)',
    vector: () => ({ claims: claims([[6, new Tag(ISSUED, 1)]]) }),
    fails: ['cose', 'CWT_INVALID'],
  },
  {
    name: 'iat and exp as floats',
    vector: () => ({
      claims: claims([
        [6, ISSUED + 0.5],
        [4, EXPIRES + 0.25],
      ]),
    }),
  },
  {
    name: 'two vaccination entries (EU DGC2)',
    vector: () => ({
      claims: claims([], { ...SAMPLE_DCC, v: [SAMPLE_DCC.v[0], { ...SAMPLE_DCC.v[0], dn: 1 }] }),
    }),
    fails: ['schema', 'SCHEMA_INVALID'],
  },
  {
    name: 'a vaccination and an empty test list',
    vector: () => ({ claims: claims([], { ...SAMPLE_DCC, t: [] }) }),
    fails: ['schema', 'SCHEMA_INVALID'],
  },
  {
    name: 'no entry at all',
    vector: () => ({ claims: claims([], { ...SAMPLE_DCC, v: [] }) }),
    fails: ['schema', 'SCHEMA_INVALID'],
  },
  {
    name: 'exp before iat',
    vector: () => ({ claims: claims([[4, ISSUED - 86400]]) }),
    fails: ['expiry', 'EXPIRED'],
  },
  {
    name: 'iat missing',
    vector: () => ({ claims: claims([[6, undefined]]) }),
    fails: ['expiry', 'TIMES_MISSING'],
  },
  {
    name: 'DSC not yet valid when the certificate was issued',
    vector: () => ({ signer: lateDsc }),
    fails: ['expiry', 'DSC_VALIDITY'],
  },
  {
    name: 'negative iat',
    vector: () => ({ claims: claims([[6, -86400]]) }),
    fails: ['expiry', 'DSC_VALIDITY'],
  },
  {
    name: 'huge iat and exp (beyond 2^53, as bigint)',
    vector: () => ({
      claims: claims([
        [6, 2n ** 62n],
        [4, 2n ** 63n],
      ]),
    }),
    fails: ['expiry', 'DSC_VALIDITY'],
  },
  {
    name: 'trailing newline (text from a file): surrounding whitespace is not QR content',
    vector: () => ({ text: (b) => `HC1:${b}\n` }),
  },
  { name: 'trailing CRLF and spaces', vector: () => ({ text: (b) => `HC1:${b}  \r\n` }) },
  {
    name: 'line-wrapped text (a newline inside)',
    vector: () => ({ text: (b) => `HC1:${b.slice(0, 30)}\n${b.slice(30)}` }),
    fails: ['base45', 'BASE45_INVALID'],
  },
  {
    name: 'lower-case base45 (outside the alphabet)',
    vector: () => ({ text: (b) => `HC1:${b.toLowerCase()}` }),
    fails: ['base45', 'BASE45_INVALID'],
  },
  {
    name: 'HC1 without the colon (EU H3)',
    vector: () => ({ text: (b) => `HC1${b}` }),
    fails: ['prefix', 'PREFIX_UNKNOWN'],
  },
  {
    name: 'lower-case prefix hc1:',
    vector: () => ({ text: (b) => `hc1:${b}` }),
    fails: ['prefix', 'PREFIX_UNKNOWN'],
  },
  {
    name: 'context HC2: (EU H2)',
    vector: () => ({ text: (b) => `HC2:${b}` }),
    fails: ['prefix', 'PREFIX_UNKNOWN'],
  },
  {
    name: 'not compressed (EU Z2: zlib is required)',
    vector: () => ({ compress: 'none' }),
    fails: ['decompress', 'ZLIB_INVALID'],
  },
  {
    name: 'zlib stream with bytes after its end',
    vector: () => ({ compress: 'trailing' }),
    fails: ['decompress', 'ZLIB_INVALID'],
  },
  {
    name: 'zlib stream cut short',
    vector: () => ({ compress: 'truncated' }),
    fails: ['decompress', 'ZLIB_INVALID'],
  },
];

/** An ECDSA raw r‖s signature as DER (what some issuers wrongly put in COSE). */
function derSignature(raw: Uint8Array): Uint8Array {
  const int = (b: Uint8Array) => {
    let v = Buffer.from(b);
    while (v.length > 1 && v[0] === 0 && v[1] < 0x80) v = v.subarray(1);
    if (v[0] >= 0x80) v = Buffer.concat([Buffer.of(0), v]);
    return Buffer.concat([Buffer.of(0x02, v.length), v]);
  };
  const body = Buffer.concat([int(raw.subarray(0, 32)), int(raw.subarray(32))]);
  return new Uint8Array(Buffer.concat([Buffer.of(0x30, body.length), body]));
}

beforeAll(async () => {
  [es, ps, other, lateDsc] = await Promise.all([
    makeSigner({ eku: [EKU.vaccination] }),
    makeSigner({ alg: 'PS256' }),
    makeSigner({ eku: [EKU.vaccination], name: 'another DSC' }),
    makeSigner({ notBefore: new Date('2021-09-10T00:00:00Z'), name: 'late DSC' }),
  ]);
});

describe.each([
  ['node', nodePlatform],
  ['web', webPlatform],
] as [string, CertificatePlatform][])(
  'EU DCC cases beyond the official vectors (%s platform)',
  (_, platform) => {
    it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
      const vector = c.vector();
      const qr = await build(vector);
      const trust = await TrustStore.load(
        vector.trust ? vector.trust() : [(vector.signer ?? es).pem],
        platform,
      );
      const result = await verifyQr(qr, { trust, at: AT, platform });
      if (!c.fails) {
        expect(result.errors).toEqual([]);
        expect(result.valid).toBe(true);
      } else {
        const [check, code] = c.fails;
        expect(result.valid).toBe(false);
        expect(result.errors.map((e) => e.code)).toEqual([code]);
        expect(Object.entries(result.checks).filter(([, s]) => s === 'fail')).toEqual([[check, 'fail']]);
      }
      for (const check of c.passes ?? []) expect(result.checks[check], check).toBe('pass');
    });
  },
);

describe('trust inputs as test harnesses hand them over', () => {
  it('reads a DSC whose base64 already carried PEM armour and was wrapped again, whitespace stripped', async () => {
    const inner = es.pem.replace(/\s+/g, '');
    const twice = `-----BEGIN CERTIFICATE-----\n${inner.match(/.{1,64}/g)?.join('\n')}\n-----END CERTIFICATE-----\n`;
    const trust = await TrustStore.load([twice], nodePlatform);
    const result = await verifyQr(await build({}), { trust, at: AT, platform: nodePlatform });
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });
});
