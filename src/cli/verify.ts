import fs from 'node:fs/promises';
import type { Command } from 'commander';
import { nodePlatform } from '../shared/certificate/platform.node.ts';
import { CHECK_NAMES, type VerificationResult } from '../shared/certificate/result.ts';
import { TrustInputError } from '../shared/certificate/trust-store.ts';
import { verifyQr } from '../shared/certificate/verify.ts';
import { runBatch } from './verify-batch.ts';
import {
  ImageError,
  loadLocalTrust,
  parseValidationTime,
  qrFromImageFile,
  TrustCache,
} from './verify-input.ts';
import { contractResult, failedResult } from './verify-output.ts';

/** `sskdt verify`: the offline certificate verifier (EU DCC and SMART Health Cards). */

interface VerifyOpts {
  trust: string[];
  at?: string;
  image?: string;
  json?: boolean;
  batch?: boolean;
  strictValueSets?: boolean;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function printHuman(result: VerificationResult) {
  const format =
    result.format === 'eu-dcc' ? 'EU DCC' : result.format === 'shc' ? 'SMART Health Card' : 'unknown format';
  console.log(`${result.valid ? 'VALID' : 'NOT VALID'} (${format})`);
  const h = result.holder;
  if (h) {
    const name = [h.familyName, h.givenName].filter(Boolean).join(' ');
    console.log(`Holder: ${name}${h.birthDate ? `, born ${h.birthDate}` : ''}`);
  }
  for (const v of result.vaccinations) {
    const dose = v.doseNumber ? ` dose ${v.doseNumber}${v.totalDoses ? `/${v.totalDoses}` : ''}` : '';
    console.log(`Vaccination: ${v.date ?? '?'} ${v.productName ?? v.product ?? ''}${dose}`.trimEnd());
  }
  console.log(`Checks: ${CHECK_NAMES.map((c) => `${c} ${result.checks[c]}`).join(', ')}`);
  for (const e of result.errors) console.log(`Error ${e.code}: ${e.message}`);
}

export function registerVerify(program: Command) {
  program
    .command('verify')
    .description('Verify a vaccination certificate QR offline: EU DCC (HC1:) or SMART Health Card (shc:/)')
    .argument('[qr]', 'the QR text; "-" or nothing reads it from standard input')
    .option(
      '--trust <file>',
      'trusted keys and revocations: PEM/DER X.509 (one or many), JWKS, SHC CRL, a revocation list, or any `sskdt keys export` file (repeatable)',
      (file: string, all: string[]) => [...all, file],
      [] as string[],
    )
    .option('--at <time>', 'validation time, ISO 8601 (default now)')
    .option('--image <file>', 'read the QR code from a PNG or JPEG photo')
    .option('--json', 'print the result as JSON')
    .option('--strict-value-sets', 'also fail certificates whose codes are outside the EU DCC value sets')
    .option(
      '--batch',
      'read JSON lines {id, qr|image, trust, at} from stdin, write one result line per input',
    )
    .addHelpText(
      'after',
      '\nChecks: prefix, base45, decompress, cose, kid, signature, schema, expiry, keyUsage, revocation\n' +
        '(each pass, fail or skip). Exit status: 0 valid, 1 not valid, 2 usage or I/O error.\n' +
        '\nExamples:\n' +
        '  $ sskdt verify --trust dsc.pem --json "HC1:6BF…"\n' +
        '  $ sskdt verify --trust dsc.pem --at 2021-06-01T12:00:00Z --image passport.png\n' +
        '  $ sskdt verify --trust jwks.json --trust crl.json - < card.txt\n' +
        '  $ sskdt verify --batch --trust trust-list.json < border-list.jsonl > results.jsonl',
    )
    .exitOverride((error) => {
      process.exit(error.exitCode === 0 ? 0 : 2);
    })
    .action(async (qrArg: string | undefined, opts: VerifyOpts) => {
      const at = parseValidationTime(opts.at);
      const trustFiles = await Promise.all(opts.trust.map((file) => fs.readFile(file)));
      const defaultTrust = trustFiles.length
        ? trustFiles.map((bytes) => new Uint8Array(bytes))
        : await loadLocalTrust();
      const cache = new TrustCache();
      if (trustFiles.length) {
        try {
          await cache.load(defaultTrust);
        } catch (error) {
          if (error instanceof TrustInputError) throw new Error(`--trust: ${error.message}`);
          throw error;
        }
      }
      if (opts.batch) {
        process.exitCode = await runBatch({ cache, defaultTrust, at, strictValueSets: opts.strictValueSets });
        return;
      }
      let result: VerificationResult;
      try {
        const qr = opts.image
          ? await qrFromImageFile(opts.image)
          : qrArg === undefined || qrArg === '-'
            ? (await readStdin()).trim()
            : qrArg.trim();
        const trust = await cache.load(defaultTrust);
        result = await verifyQr(qr, {
          trust,
          at,
          platform: nodePlatform,
          strictValueSets: opts.strictValueSets,
        });
      } catch (error) {
        if (!(error instanceof ImageError)) throw error;
        result = failedResult(error.code, error.message);
      }
      if (opts.json) console.log(JSON.stringify(contractResult(result)));
      else printHuman(result);
      process.exitCode = result.valid ? 0 : 1;
    });
}
