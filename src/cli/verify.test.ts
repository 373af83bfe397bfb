import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EKU, makeSigner, SAMPLE_DCC, type TestSigner } from '../../test/helpers/certificates.ts';
import { ROOT, runSskdt, SSKDT_BIN } from '../../test/helpers/processes.ts';
import { signDcc } from '../shared/certificate/issue-dcc.ts';
import { nodePlatform } from '../shared/certificate/platform.node.ts';
import { CHECK_NAMES } from '../shared/certificate/result.ts';

/** `sskdt verify`: the CLI contract of issue 5 (result shape, check names, exit codes, batch). */

const SHC = path.join(ROOT, 'test/fixtures/shc-examples');
const JWKS = path.join(SHC, 'issuer/.well-known/jwks.json');
const CRL = path.join(SHC, 'issuer/.well-known/crl/3Kfdg-XwP-7gXyywtUfUADwBumDOPKMQx-iELL11W9s.json');
const PHOTO = path.join(ROOT, 'test/fixtures/eu-dcc-qr-images/VN/1.3.0/VAC_VN.png');
const AT = '2021-10-01T00:00:00Z';

function runWithInput(args: string[], input: string) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [SSKDT_BIN, ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

let dir: string;
let signer: TestSigner;
let pemFile: string;
let qr: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sskdt-verify-'));
  signer = await makeSigner({ eku: [EKU.vaccination] });
  pemFile = path.join(dir, 'dsc.pem');
  fs.writeFileSync(pemFile, signer.pem);
  fs.writeFileSync(path.join(dir, 'dsc.der'), signer.der);
  const iat = Date.parse('2021-09-02T00:00:00Z') / 1000;
  qr = await signDcc(
    {
      dcc: SAMPLE_DCC,
      issuer: 'VN',
      issuedAt: iat,
      expiresAt: iat + 365 * 86400,
      alg: 'ES256',
      kid: signer.kid,
      key: signer.key,
    },
    nodePlatform,
  );
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('sskdt verify', () => {
  it('--json prints exactly the contract shape and exits 0 for a valid certificate', async () => {
    const run = await runSskdt(['verify', '--trust', pemFile, '--at', AT, '--json', qr]);
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(Object.keys(result)).toEqual(['valid', 'format', 'checks', 'holder', 'vaccinations', 'errors']);
    expect(Object.keys(result.checks)).toEqual([...CHECK_NAMES]);
    expect(result).toMatchObject({ valid: true, format: 'eu-dcc', errors: [] });
    expect(result.holder.familyName).toBe('Nguyễn');
    // a DER trust file works too, and the QR can come from stdin
    const der = await runWithInput(
      ['verify', '--trust', path.join(dir, 'dsc.der'), '--at', AT, '--json', '-'],
      `${qr}\n`,
    );
    expect(der.code, der.stderr).toBe(0);
  });

  it('exits 1 when not valid (expired, no trust store, garbage) with stable error codes', async () => {
    const expired = await runSskdt([
      'verify',
      '--trust',
      pemFile,
      '--at',
      '2030-01-01T00:00:00Z',
      '--json',
      qr,
    ]);
    expect(expired.code).toBe(1);
    expect(JSON.parse(expired.stdout)).toMatchObject({
      valid: false,
      checks: { expiry: 'fail' },
      errors: [{ code: 'EXPIRED' }],
    });
    // No --trust and an instance with no keys: an empty data directory (never a developer's ./.sskdt).
    const emptyInstance = fs.mkdtempSync(path.join(dir, 'empty-instance-'));
    const noTrust = await runSskdt(['verify', '--json', qr], {
      SSKDT_DATA_DIR: emptyInstance,
      DATABASE_URL: '',
    });
    expect(noTrust.code).toBe(1);
    expect(JSON.parse(noTrust.stdout).errors[0].code).toBe('TRUST_STORE_EMPTY');
    const garbage = await runSskdt(['verify', '--json', 'hello']);
    expect(garbage.code).toBe(1);
    expect(JSON.parse(garbage.stdout)).toMatchObject({ format: null, checks: { prefix: 'fail' } });
    const human = await runSskdt(['verify', '--trust', pemFile, '--at', AT, qr]);
    expect(human.stdout).toMatch(/^VALID \(EU DCC\)/);
  });

  it('exits 2 on usage and I/O errors', async () => {
    for (const args of [
      ['verify', '--bogus'],
      ['verify', '--at', 'last tuesday', qr],
      ['verify', '--trust', path.join(dir, 'missing.pem'), qr],
      ['verify', '--trust', SSKDT_BIN, qr],
    ]) {
      const run = await runSskdt(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).not.toBe('');
    }
    const help = await runSskdt(['verify', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Examples:');
    expect(help.stdout).toContain('$ sskdt verify');
  });

  it('--image reads the QR from a photo', async () => {
    const run = await runSskdt(['verify', '--json', '--image', PHOTO]);
    expect(JSON.parse(run.stdout).checks).toMatchObject({
      prefix: 'pass',
      base45: 'pass',
      decompress: 'pass',
      cose: 'pass',
    });
    const notImage = await runSskdt(['verify', '--json', '--image', pemFile]);
    expect(notImage.code).toBe(1);
    expect(JSON.parse(notImage.stdout).errors[0].code).toBe('IMAGE_UNREADABLE');
  });

  it('--batch answers one line per input with its id, in one process', async () => {
    const shc = fs.readFileSync(path.join(SHC, 'example-00-f-qr-code-numeric-value-0.txt'), 'utf8').trim();
    const lines = [
      { id: 'ok', qr, trust: [signer.pem], at: AT },
      { id: 'expired', qr, trust: [signer.pem], at: '2030-01-01T00:00:00Z' },
      {
        id: 7,
        qr: [shc],
        trust: [fs.readFileSync(JWKS, 'utf8'), fs.readFileSync(CRL, 'utf8')],
        at: '2024-01-01T00:00:00Z',
      },
      { id: 'photo', image: PHOTO, trust: [] },
      { id: 'bad-trust', qr, trust: ['nonsense', signer.pem], at: AT },
      { id: 'nothing' },
    ];
    const input = `${lines.map((l) => JSON.stringify(l)).join('\n')}\nnot json\n`;
    const run = await runWithInput(['verify', '--batch'], input);
    expect(run.code, run.stderr).toBe(1);
    const out = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(out.map((r) => r.id)).toEqual(['ok', 'expired', 7, 'photo', 'bad-trust', 'nothing', null]);
    expect(out.map((r) => r.valid)).toEqual([true, false, true, false, false, false, false]);
    expect(out[2].format).toBe('shc');
    expect(out[3].checks.cose).toBe('pass');
    // the readable trust input still verifies; the unreadable one is reported and blocks "valid"
    expect(out[4].checks.signature).toBe('pass');
    expect(out[4].errors.map((e: { code: string }) => e.code)).toEqual(['TRUST_INPUT_INVALID']);
    expect(out[6].errors[0].code).toBe('INPUT_INVALID');
    // --trust on the command line is the default for lines without their own
    const shared = await runWithInput(
      ['verify', '--batch', '--trust', pemFile, '--at', AT],
      `${JSON.stringify({ id: 1, qr })}\n`,
    );
    expect(shared.code).toBe(0);
    expect(JSON.parse(shared.stdout).valid).toBe(true);
  });
});
