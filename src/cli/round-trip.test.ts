import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EKU, makeSigner } from '../../test/helpers/certificates.ts';
import { templateDataDir } from '../../test/helpers/data-dir.ts';
import { PG_TEMPLATE, PG_TEST_PREFIX, pgUrlFor, TEST_ENGINES } from '../../test/helpers/engines.ts';
import { runSskdt } from '../../test/helpers/processes.ts';
import { openConfiguredDatabase } from '../server/db/configured.ts';
import { keySealer } from '../server/key-seal.ts';
import { revokeIssued } from '../server/modules/certificates/certificates.repository.ts';
import {
  certificateSettings,
  type SignedCertificate,
  signCertificates,
} from '../server/modules/certificates/certificates.service.ts';
import type { CertifiedDose } from '../server/modules/certificates/dcc-content.ts';
import { currentSigner, rotateKeys, type Signer } from '../server/modules/certificates/keys.service.ts';
import { writeLocalTrust } from '../server/modules/certificates/local-trust.ts';
import { shcCrl } from '../server/modules/certificates/trust-lists.ts';
import { base45Decode, base45Encode } from '../shared/certificate/base45.ts';
import { fromBase64, toBase64Url, utf8Decode, utf8Encode } from '../shared/certificate/bytes.ts';
import { parseCoseSign1 } from '../shared/certificate/cose.ts';
import { signDcc } from '../shared/certificate/issue-dcc.ts';
import { nodePlatform } from '../shared/certificate/platform.node.ts';
import { shcNumericDecode, shcNumericEncode } from '../shared/certificate/shc-numeric.ts';

/**
 * Issue 5 acceptance, through the real binary: a certificate issued by sskdt verifies with
 * `sskdt verify --trust F` for F from `sskdt keys export`; one flipped payload byte fails `signature`,
 * another instance's DSC fails `kid`, an expired DSC (or --at after its end) fails `expiry`, a revoked
 * UVCI (or SHC rid) fails `revocation`. Exit status 0 valid, 1 not valid, 2 usage or I/O error.
 */

const SECRET = 'round-trip-test-secret-0123456789abcdef';
const DAY = 86_400_000;
const PERSON = { fullName: 'Trần Thị Bích Ngọc', birthDate: '1985-07-14' };
const DOSES: CertifiedDose[] = [1, 2, 3].map((n) => ({
  id: `dose-${n}`,
  vaccineCode: 'PFIZER',
  productName: 'Comirnaty',
  manufacturer: 'Pfizer/BioNTech',
  euMp: 'EU/1/20/1528',
  euMa: 'ORG-100030215',
  euVp: 'J07BX03',
  dosesInSeries: 2,
  doseNumber: n,
  givenOn: ['2021-08-02', '2021-08-23', '2022-02-10'][n - 1],
  country: 'VN',
  lotNumber: `FF${n}234`,
  facilityName: 'Trạm Y tế phường Điện Biên',
}));
const FORMATS = ['dcc-trust-list', 'jwks', 'pem', 'revocations'] as const;

async function adminQuery(text: string) {
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** The EU DCC with one byte of its signed CWT payload changed (birth year 1985 → 1986), repacked. */
function flipDccPayloadByte(qr: string): string {
  const cose = nodePlatform.compression.inflate(base45Decode(qr.slice(4))) as Uint8Array;
  const at = Buffer.from(cose).indexOf('1985-07-14');
  expect(at).toBeGreaterThan(0);
  const changed = new Uint8Array(cose);
  changed[at + 3] ^= 0x07; // '5' → '2'
  return `HC1:${base45Encode(nodePlatform.compression.deflate(changed) as Uint8Array)}`;
}

/** The SMART Health Card with one byte of its JSON payload changed, re-deflated, signature kept. */
function flipShcPayloadByte(qr: string): string {
  const [header, payload, signature] = shcNumericDecode(qr).split('.');
  const json = utf8Decode(nodePlatform.compression.inflateRaw(fromBase64(payload)) as Uint8Array);
  expect(json).toContain('1985-07-14');
  const changed = utf8Encode(json.replace('1985-07-14', '1982-07-14'));
  const body = toBase64Url(nodePlatform.compression.deflateRaw(changed) as Uint8Array);
  return shcNumericEncode(`${header}.${body}.${signature}`);
}

/** Each step spawns the CLI (about 2 s, far more on a busy shared machine). */
const SLOW = 300_000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  result: {
    valid: boolean;
    format: string | null;
    checks: Record<string, string>;
    errors: { code: string }[];
  } & Record<string, unknown>;
}

describe.each(TEST_ENGINES)('round trip: sskdt issues → keys export → verify (%s)', (engine) => {
  let dir: string;
  let otherDir: string;
  let dbName: string | undefined;
  let env: Record<string, string>;
  /** Signed by the instance's first DSC; `revoked` is then revoked (issued in error). */
  let valid: SignedCertificate;
  let revoked: SignedCertificate;
  /** Signed 200 days ago by a DSC that expired 30 days ago. */
  let byExpiredDsc: SignedCertificate;
  let expiredDscEnd: Date;
  let dscEnd: Date;
  /** A certificate signed by another key that claims the instance's kid. */
  let forged: string;
  const file = (name: string) => path.join(dir, name);
  const shc = (c: SignedCertificate) => shcNumericEncode(c.shcJws);

  const verify = async (qr: string, args: string[], extra: Record<string, string> = {}): Promise<Run> => {
    const run = await runSskdt(['verify', ...args, '--json', qr], { ...env, ...extra });
    return { ...run, result: JSON.parse(run.stdout || 'null') };
  };
  const trust = (...names: string[]) => names.flatMap((n) => ['--trust', file(n)]);

  beforeAll(async () => {
    dir =
      engine === 'pglite'
        ? await templateDataDir('sskdt-round-trip-')
        : fs.mkdtempSync(path.join(os.tmpdir(), 'sskdt-round-trip-'));
    otherDir = await templateDataDir('sskdt-round-trip-other-');
    env = { SSKDT_DATA_DIR: dir, SSKDT_KEY_SECRET: SECRET, DATABASE_URL: '' };
    if (engine === 'postgres') {
      dbName = `${PG_TEST_PREFIX}${randomBytes(6).toString('hex')}`;
      await adminQuery(`create database "${dbName}" template "${PG_TEMPLATE}"`);
      env.DATABASE_URL = pgUrlFor(dbName);
    }
    // CSCAs online: the DSCs below are rotated in this process (the offline CSCA is keys.test.ts's).
    const [init, otherInit] = await Promise.all([
      runSskdt(['keys', 'init', '--csca-online'], env),
      // Another instance (always on its own embedded database), with its own CSCA and DSC.
      runSskdt(['keys', 'init', '--csca-online'], {
        SSKDT_DATA_DIR: otherDir,
        SSKDT_KEY_SECRET: SECRET,
        DATABASE_URL: '',
      }),
    ]);
    expect(init.code, init.stderr).toBe(0);
    expect(otherInit.code, otherInit.stderr).toBe(0);

    // Issue as the server does, with the instance's keys (the CLI has exited: the database is free).
    const now = new Date();
    const sealer = keySealer(SECRET);
    const settings = certificateSettings({});
    const database = await openConfiguredDatabase({
      dataDir: dir,
      databaseUrl: env.DATABASE_URL || undefined,
    });
    try {
      const db = database.db;
      const signer = (await currentSigner(db, sealer, now)) as Signer;
      dscEnd = signer.notAfter;
      valid = await signCertificates(PERSON, DOSES, signer, settings, now);
      revoked = await signCertificates(PERSON, DOSES, signer, settings, now);
      // Revoked as `POST /api/staff/certificates/revocations` does (UVCI hash + the SHC rid in its key's CRL).
      await revokeIssued(
        db,
        { id: randomUUID(), uvci: revoked.uvci, kid: signer.kid, shc_rid: revoked.shcRid },
        'issued_in_error',
        now,
      );
      // A DSC that was current from 400 to 30 days ago, and a certificate it signed 200 days ago.
      expiredDscEnd = new Date(Math.floor((now.getTime() - 30 * DAY) / 1000) * 1000); // X.509: seconds
      await rotateKeys(db, sealer, {
        now: new Date(now.getTime() - 400 * DAY),
        dscNotBefore: new Date(now.getTime() - 400 * DAY),
        dscNotAfter: expiredDscEnd,
      });
      const then = new Date(now.getTime() - 200 * DAY);
      const old = (await currentSigner(db, sealer, then)) as Signer;
      expect(old.notAfter).toEqual(expiredDscEnd);
      byExpiredDsc = await signCertificates(PERSON, DOSES, old, settings, then);
      await rotateKeys(db, sealer, { now });
      await writeLocalTrust(db, dir, now);
      // The CRL of the first DSC's SHC key, as /.well-known/crl/<kid>.json serves it.
      fs.writeFileSync(file('shc-crl.json'), JSON.stringify(await shcCrl(db, signer.shcKid)));

      const stranger = await makeSigner({ eku: [EKU.vaccination] });
      const cose = parseCoseSign1(
        nodePlatform.compression.inflate(base45Decode(valid.euDcc.slice(4))) as Uint8Array,
      );
      expect(cose.kid).toEqual(signer.kidBytes);
      const iat = Math.floor(now.getTime() / 1000);
      forged = await signDcc(
        {
          dcc: { ver: '1.3.0', nam: { fn: 'X', fnt: 'X' }, dob: '1990-01-01', v: [] },
          issuer: 'VN',
          issuedAt: iat,
          expiresAt: iat + 86400,
          alg: 'ES256',
          kid: signer.kidBytes,
          key: stranger.key,
        },
        nodePlatform,
      );
    } finally {
      await database.close();
    }

    // One command at a time per instance (an embedded database is held by one process).
    const exportAll = async (
      formats: readonly string[],
      prefix: string,
      instanceEnv: Record<string, string>,
    ) => {
      for (const format of formats) {
        const out = file(`${prefix}${format}`);
        const run = await runSskdt(['keys', 'export', '--format', format, '--out', out], instanceEnv);
        expect(run.code, run.stderr).toBe(0);
      }
    };
    await Promise.all([
      exportAll(FORMATS, '', env),
      exportAll(['dcc-trust-list', 'jwks'], 'other-', {
        SSKDT_DATA_DIR: otherDir,
        SSKDT_KEY_SECRET: SECRET,
        DATABASE_URL: '',
      }),
    ]);
    // The JWKS's keys alone (its CRLs removed), to load the CRLs from their own files.
    const { crls: _crls, ...keysOnly } = JSON.parse(fs.readFileSync(file('jwks'), 'utf8'));
    fs.writeFileSync(file('jwks-keys'), JSON.stringify(keysOnly));
  }, SLOW);

  afterAll(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(otherDir, { recursive: true, force: true });
    if (dbName) await adminQuery(`drop database if exists "${dbName}" with (force)`);
  });

  it(
    'the certificate verifies (exit 0) with each exported trust file, and without --trust',
    async () => {
      const runs = await Promise.all([
        verify(valid.euDcc, trust('dcc-trust-list')),
        verify(valid.euDcc, trust('jwks')),
        verify(valid.euDcc, trust('pem')),
        verify(valid.euDcc, trust('pem', 'revocations')),
        verify(shc(valid), trust('jwks')),
        verify(valid.euDcc, []),
        verify(shc(valid), []),
      ]);
      for (const run of runs) {
        expect(run.code, run.stdout + run.stderr).toBe(0);
        expect(run.result).toMatchObject({ valid: true, errors: [] });
        for (const check of ['prefix', 'decompress', 'cose', 'kid', 'signature', 'schema', 'expiry'])
          expect(run.result.checks[check], check).toBe('pass');
      }
      const [list, , pem, withRevocations, card] = runs;
      expect(list.result).toMatchObject({
        format: 'eu-dcc',
        checks: { base45: 'pass', keyUsage: 'pass', revocation: 'pass' },
        holder: { familyName: 'Trần', givenName: 'Thị Bích Ngọc', familyNameStandard: 'TRAN' },
        vaccinations: [{ doseNumber: 3, totalDoses: 3, date: '2022-02-10', certificateId: valid.uvci }],
      });
      // A bare PEM bundle holds no revocation list: the check does not apply.
      expect(pem.result.checks.revocation).toBe('skip');
      expect(withRevocations.result.checks.revocation).toBe('pass');
      expect(card.result).toMatchObject({ format: 'shc', checks: { revocation: 'pass' } });
      expect(card.result.vaccinations).toHaveLength(3);
    },
    SLOW,
  );

  it(
    'one flipped payload byte fails the signature (exit 1)',
    async () => {
      const [dcc, card] = await Promise.all([
        verify(flipDccPayloadByte(valid.euDcc), trust('dcc-trust-list')),
        verify(flipShcPayloadByte(shc(valid)), trust('jwks')),
      ]);
      for (const run of [dcc, card]) {
        expect(run.code).toBe(1);
        expect(run.result).toMatchObject({
          valid: false,
          checks: { decompress: 'pass', cose: 'pass', kid: 'pass', signature: 'fail', schema: 'skip' },
          errors: [{ code: 'SIGNATURE_INVALID' }],
        });
      }
    },
    SLOW,
  );

  it(
    "another instance's DSC fails the kid; another key claiming our kid fails the signature",
    async () => {
      const [list, set, card, claimed] = await Promise.all([
        verify(valid.euDcc, trust('other-dcc-trust-list')),
        verify(valid.euDcc, trust('other-jwks')),
        verify(shc(valid), trust('other-jwks')),
        verify(forged, trust('dcc-trust-list')),
      ]);
      for (const run of [list, set, card]) {
        expect(run.code).toBe(1);
        expect(run.result).toMatchObject({
          valid: false,
          checks: { cose: 'pass', kid: 'fail', signature: 'skip' },
          errors: [{ code: 'KID_UNKNOWN' }],
        });
      }
      expect(claimed.code).toBe(1);
      expect(claimed.result).toMatchObject({ checks: { kid: 'pass', signature: 'fail' } });
    },
    SLOW,
  );

  it(
    '--at after the DSC ends, or a certificate of a DSC that expired, fails expiry',
    async () => {
      const after = new Date(dscEnd.getTime() + DAY).toISOString();
      const during = new Date(expiredDscEnd.getTime() - 10 * DAY).toISOString();
      const [late, lateCard, expiredDsc, expiredDscCard, thenValid] = await Promise.all([
        verify(valid.euDcc, [...trust('dcc-trust-list'), '--at', after]),
        verify(shc(valid), [...trust('jwks'), '--at', after]),
        verify(byExpiredDsc.euDcc, trust('dcc-trust-list')),
        verify(shc(byExpiredDsc), trust('jwks')),
        // At a time inside its validity the same certificate is good: only time fails it.
        verify(byExpiredDsc.euDcc, [...trust('pem'), '--at', during]),
      ]);
      for (const run of [late, lateCard, expiredDsc, expiredDscCard]) {
        expect(run.code).toBe(1);
        expect(run.result).toMatchObject({
          valid: false,
          checks: { kid: 'pass', signature: 'pass', schema: 'pass', expiry: 'fail' },
          errors: [{ code: 'EXPIRED' }],
        });
      }
      expect(thenValid.code, thenValid.stdout).toBe(0);
      // The expired DSC is still published (for a year), so the answer is "expired", not "unknown key".
      const list = JSON.parse(fs.readFileSync(file('dcc-trust-list'), 'utf8'));
      expect(list.certificates.map((c: { certificateType: string }) => c.certificateType)).toEqual([
        'CSCA',
        'DSC',
        'DSC',
        'DSC',
      ]);
    },
    SLOW,
  );

  it(
    'a revoked UVCI fails revocation with the trust list, the revocation export or the local store',
    async () => {
      const [list, revocations, local, other] = await Promise.all([
        verify(revoked.euDcc, trust('dcc-trust-list')),
        verify(revoked.euDcc, trust('pem', 'revocations')),
        verify(revoked.euDcc, []),
        // The revocation list alone holds no key: nothing verifies against it.
        verify(revoked.euDcc, trust('revocations')),
      ]);
      for (const run of [list, revocations, local]) {
        expect(run.code).toBe(1);
        expect(run.result).toMatchObject({
          valid: false,
          checks: { signature: 'pass', schema: 'pass', expiry: 'pass', keyUsage: 'pass', revocation: 'fail' },
          errors: [{ code: 'REVOKED' }],
        });
      }
      expect(other.result).toMatchObject({
        checks: { kid: 'fail' },
        errors: [{ code: 'TRUST_STORE_EMPTY' }],
      });
      const exported = JSON.parse(fs.readFileSync(file('revocations'), 'utf8'));
      expect(exported).toMatchObject({
        format: 'sskdt-dcc-revocations/1',
        hashType: 'SHA256-first16-base64',
      });
      expect(exported.revokedUvciHashes).toHaveLength(1);
    },
    SLOW,
  );

  it(
    "a revoked SMART Health Card fails revocation by its rid in the key's CRL",
    async () => {
      const [jwks, crl, revocations, local, keysOnly, fine] = await Promise.all([
        verify(shc(revoked), trust('jwks')),
        verify(shc(revoked), trust('jwks-keys', 'shc-crl.json')),
        verify(shc(revoked), trust('jwks-keys', 'revocations')),
        verify(shc(revoked), []),
        verify(shc(revoked), trust('jwks-keys')),
        verify(shc(valid), trust('jwks-keys', 'shc-crl.json')),
      ]);
      for (const run of [jwks, crl, revocations, local]) {
        expect(run.code).toBe(1);
        expect(run.result).toMatchObject({
          valid: false,
          format: 'shc',
          checks: { signature: 'pass', expiry: 'pass', revocation: 'fail' },
          errors: [{ code: 'REVOKED' }],
        });
      }
      // Without a CRL the check does not apply; a card the CRL does not list passes it.
      expect(keysOnly.result).toMatchObject({ valid: true, checks: { revocation: 'skip' } });
      expect(fine.result).toMatchObject({ valid: true, checks: { revocation: 'pass' } });
    },
    SLOW,
  );

  it(
    'exit status 2 for an unreadable --trust file, a bad --at or an unknown option',
    async () => {
      const runs = await Promise.all([
        runSskdt(['verify', '--trust', file('missing.json'), '--json', valid.euDcc], env),
        runSskdt(['verify', ...trust('pem'), '--at', 'next tuesday', '--json', valid.euDcc], env),
        runSskdt(['verify', '--trusted', file('pem'), valid.euDcc], env),
      ]);
      for (const run of runs) {
        expect(run.code, run.stdout).toBe(2);
        expect(run.stdout).toBe('');
      }
    },
    SLOW,
  );
});
