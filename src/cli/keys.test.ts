import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { templateDataDir } from '../../test/helpers/data-dir.ts';
import { PG_TEMPLATE, PG_TEST_PREFIX, pgUrlFor, TEST_ENGINES } from '../../test/helpers/engines.ts';
import { runSskdt } from '../../test/helpers/processes.ts';
import { openConfiguredDatabase } from '../server/db/configured.ts';
import { keySealer } from '../server/key-seal.ts';
import {
  certificateSettings,
  signCertificates,
} from '../server/modules/certificates/certificates.service.ts';
import type { CertifiedDose } from '../server/modules/certificates/dcc-content.ts';
import { currentSigner } from '../server/modules/certificates/keys.service.ts';
import { shcNumericEncode } from '../shared/certificate/shc-numeric.ts';

/**
 * `sskdt keys` through the real commands: `keys init` on a fresh instance (sealed keys), a certificate
 * issued with the instance's key, `keys export` in every format read back by `sskdt verify --trust`,
 * `keys rotate`. The acceptance round trip (tampering, foreign and expired DSCs, revocation, exit
 * codes) is round-trip.test.ts.
 */

const SECRET = 'keys-cli-test-secret-0123456789abcdef';
const PERSON = { fullName: 'Nguyễn Văn Đức Anh', birthDate: '1985-07-14' };
const DOSES: CertifiedDose[] = [1, 2].map((n) => ({
  id: `dose-${n}`,
  vaccineCode: 'PFIZER',
  productName: 'Comirnaty',
  manufacturer: 'Pfizer/BioNTech',
  euMp: 'EU/1/20/1528',
  euMa: 'ORG-100030215',
  euVp: 'J07BX03',
  dosesInSeries: 2,
  doseNumber: n,
  givenOn: n === 1 ? '2021-08-02' : '2021-08-23',
  country: 'VN',
  lotNumber: `FF${n}234`,
  facilityName: 'Trạm Y tế phường Điện Biên',
}));

async function adminQuery(text: string) {
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** Each step spawns the CLI (about 2 s, far more on a busy shared machine). */
const SLOW = 300_000;

describe.each(TEST_ENGINES)('sskdt keys → issue → export → verify (%s)', (engine) => {
  let dir: string;
  let dbName: string | undefined;
  let env: Record<string, string>;
  /** The offline CSCA private key: outside the data directory, as an operator keeps it. */
  let cscaFile: string;
  let euDcc: string;
  let shc: string;
  const trustFile = (format: string) => path.join(dir, `trust.${format}`);
  const verify = (qr: string, args: string[] = [], extra: Record<string, string> = {}) =>
    runSskdt(['verify', ...args, '--json', qr], { ...env, ...extra }).then((run) => ({
      ...run,
      result: JSON.parse(run.stdout || 'null'),
    }));

  beforeAll(async () => {
    dir =
      engine === 'pglite'
        ? await templateDataDir('sskdt-keys-cli-')
        : fs.mkdtempSync(path.join(os.tmpdir(), 'sskdt-keys-cli-'));
    env = { SSKDT_DATA_DIR: dir, SSKDT_KEY_SECRET: SECRET, DATABASE_URL: '' };
    cscaFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sskdt-keys-csca-')), 'csca.key.pem');
    if (engine === 'postgres') {
      dbName = `${PG_TEST_PREFIX}${randomBytes(6).toString('hex')}`;
      await adminQuery(`create database "${dbName}" template "${PG_TEMPLATE}"`);
      env.DATABASE_URL = pgUrlFor(dbName);
    }
  }, SLOW);
  afterAll(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(path.dirname(cscaFile), { recursive: true, force: true });
    if (dbName) await adminQuery(`drop database if exists "${dbName}" with (force)`);
  });

  it(
    'keys init creates a CSCA (its key offline) and a DSC (sealed at rest); a second init is refused',
    async () => {
      const init = await runSskdt(['keys', 'init', '--csca-key-out', cscaFile], env);
      expect(init.code, init.stderr).toBe(0);
      expect(init.stdout).toMatch(/^Created CSCA \S+ and DSC \S+ \(ES256, until \d{4}-\d{2}-\d{2}\)/);
      expect(init.stdout).toContain(`NOT in the database: it is in ${cscaFile}`);
      const again = await runSskdt(['keys', 'init', '--csca-online'], env);
      expect(again.code).not.toBe(0);
      expect(again.stderr).toContain('keys rotate');
      const list = await runSskdt(['keys', 'list'], env);
      expect(
        list.stdout
          .trim()
          .split('\n')
          .map((l) => l.split(' ')[0]),
      ).toEqual(['CSCA', 'DSC']);

      // Issue with the instance's current DSC, as the server does (the database is free: the CLI exited).
      const database = await openConfiguredDatabase({
        dataDir: dir,
        databaseUrl: env.DATABASE_URL || undefined,
      });
      try {
        const rows = await database.db
          .selectFrom('certificate_key')
          .select(['role', 'private_key'])
          .orderBy('role')
          .execute();
        expect(rows.map((r) => r.role)).toEqual(['csca', 'dsc']);
        expect(rows[0].private_key).toBeNull();
        expect(rows[1].private_key).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
        // The wrong secret cannot open the keys.
        await expect(
          currentSigner(database.db, keySealer('another-secret-0123456789'), new Date()),
        ).rejects.toThrow(/SSKDT_KEY_SECRET/);
        const signer = await currentSigner(database.db, keySealer(SECRET), new Date());
        if (!signer) throw new Error('no signer after keys init');
        const signed = await signCertificates(PERSON, DOSES, signer, certificateSettings({}), new Date());
        euDcc = signed.euDcc;
        shc = shcNumericEncode(signed.shcJws);
      } finally {
        await database.close();
      }
    },
    SLOW,
  );

  it(
    'keys export writes each format; verify --trust FILE accepts the certificate with every one',
    async () => {
      for (const format of ['dcc-trust-list', 'jwks', 'pem']) {
        const exported = await runSskdt(
          ['keys', 'export', '--format', format, '--out', trustFile(format)],
          env,
        );
        expect(exported.code, exported.stderr).toBe(0);
        const run = await verify(euDcc, ['--trust', trustFile(format)]);
        expect(run.code, `${format}: ${run.stdout}${run.stderr}`).toBe(0);
        expect(run.result).toMatchObject({
          valid: true,
          format: 'eu-dcc',
          errors: [],
          holder: { familyName: 'Nguyễn', givenName: 'Văn Đức Anh', familyNameStandard: 'NGUYEN' },
          vaccinations: [{ doseNumber: 2, totalDoses: 2, date: '2021-08-23', country: 'VN' }],
        });
        expect(run.result.checks).toMatchObject({
          signature: 'pass',
          schema: 'pass',
          expiry: 'pass',
          keyUsage: 'pass',
        });
      }
      expect(fs.readFileSync(trustFile('pem'), 'utf8').match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
      // The SMART Health Card of the same doses verifies against the JWKS.
      const card = await verify(shc, ['--trust', trustFile('jwks')]);
      expect(card.code, card.stdout).toBe(0);
      expect(card.result).toMatchObject({ valid: true, format: 'shc' });
      // Exports print to standard output without --out.
      const stdout = await runSskdt(['keys', 'export'], env);
      expect(
        JSON.parse(stdout.stdout).certificates.map((c: { certificateType: string }) => c.certificateType),
      ).toEqual(['CSCA', 'DSC']);
    },
    SLOW,
  );

  it(
    'keys rotate with the offline CSCA key adds a DSC; certificates signed by the old one keep verifying',
    async () => {
      const rotated = await runSskdt(['keys', 'rotate', '--csca-key', cscaFile], env);
      expect(rotated.code, rotated.stderr).toBe(0);
      const list = await runSskdt(['keys', 'list'], env);
      expect(
        list.stdout
          .trim()
          .split('\n')
          .map((l) => l.split(' ')[0]),
      ).toEqual(['CSCA', 'DSC', 'DSC']);
      const exported = await runSskdt(['keys', 'export', '--out', trustFile('rotated')], env);
      expect(exported.code).toBe(0);
      const old = await verify(euDcc, ['--trust', trustFile('rotated')]);
      expect(old.result.valid).toBe(true);
      expect((await verify(euDcc)).result.valid).toBe(true);
    },
    SLOW,
  );
});

describe('a PS256 instance (RSA DSC; engine-independent)', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    dir = await templateDataDir('sskdt-keys-ps256-');
    env = { SSKDT_DATA_DIR: dir, SSKDT_KEY_SECRET: SECRET, DATABASE_URL: '' };
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it(
    'keys export --format jwks carries the RSA DSC under its EU kid with x5c: PS256 certificates verify with it',
    async () => {
      // An RSA CSCA key, encrypted with a passphrase, goes out as an encrypted PKCS#8 PEM.
      const cscaFile = path.join(
        fs.mkdtempSync(path.join(os.tmpdir(), 'sskdt-keys-ps256-csca-')),
        'csca.pem',
      );
      const init = await runSskdt(['keys', 'init', '--alg', 'PS256', '--csca-key-out', cscaFile], {
        ...env,
        SSKDT_CSCA_PASSPHRASE: 'a passphrase for the CSCA',
      });
      expect(init.code, init.stderr).toBe(0);
      expect(init.stdout).toContain('(PS256,');
      expect(fs.readFileSync(cscaFile, 'utf8')).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----/);
      const noPassphrase = await runSskdt(['keys', 'rotate', '--csca-key', cscaFile], env);
      expect(noPassphrase.code).not.toBe(0);
      expect(noPassphrase.stderr).toContain('SSKDT_CSCA_PASSPHRASE');
      let euDcc: string;
      let shc: string;
      let kid: string;
      const database = await openConfiguredDatabase({ dataDir: dir });
      try {
        const signer = await currentSigner(database.db, keySealer(SECRET), new Date());
        if (!signer) throw new Error('no signer after keys init');
        kid = signer.kid;
        const signed = await signCertificates(PERSON, DOSES, signer, certificateSettings({}), new Date());
        euDcc = signed.euDcc;
        shc = shcNumericEncode(signed.shcJws);
      } finally {
        await database.close();
      }
      const file = path.join(dir, 'jwks.json');
      const exported = await runSskdt(['keys', 'export', '--format', 'jwks', '--out', file], env);
      expect(exported.code, exported.stderr).toBe(0);
      const set = JSON.parse(fs.readFileSync(file, 'utf8'));
      const dsc = set.keys.find((k: { kid: string }) => k.kid === kid);
      expect(dsc).toMatchObject({ kty: 'RSA', alg: 'PS256', e: 'AQAB' });
      expect(dsc.x5c).toHaveLength(1);
      // The SMART Health Card key is a separate P-256 key named by its thumbprint.
      expect(set.keys.filter((k: { kty: string }) => k.kty === 'EC')).toHaveLength(1);
      for (const [qr, keyUsage] of [
        [euDcc, 'pass'], // the DSC (from x5c) allows vaccinations
        [shc, 'skip'],
      ]) {
        const run = await runSskdt(['verify', '--trust', file, '--json', qr], env);
        expect(run.code, run.stdout + run.stderr).toBe(0);
        expect(JSON.parse(run.stdout).checks).toMatchObject({ signature: 'pass', expiry: 'pass', keyUsage });
      }
      // With its passphrase the RSA CSCA key signs the next DSC.
      const rotated = await runSskdt(['keys', 'rotate', '--csca-key', cscaFile], {
        ...env,
        SSKDT_CSCA_PASSPHRASE: 'a passphrase for the CSCA',
      });
      expect(rotated.code, rotated.stderr).toBe(0);
      expect(rotated.stdout).toContain('(PS256,');
      fs.rmSync(path.dirname(cscaFile), { recursive: true, force: true });
    },
    SLOW,
  );
});
