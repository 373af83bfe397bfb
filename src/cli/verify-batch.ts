import readline from 'node:readline';
import { nodePlatform } from '../shared/certificate/platform.node.ts';
import { ERROR_MESSAGES, type VerificationResult } from '../shared/certificate/result.ts';
import { TrustInputError, type TrustStore } from '../shared/certificate/trust-store.ts';
import { verifyQr } from '../shared/certificate/verify.ts';
import { ImageError, parseValidationTime, qrFromImageFile, type TrustCache } from './verify-input.ts';
import { contractResult, failedResult } from './verify-output.ts';

/**
 * `sskdt verify --batch`: JSON lines in (`{id, qr | image, trust, at}`; qr may be an array of SHC
 * chunks; trust holds file contents as text), one result line out per input with its id, in order,
 * in one process. Exit 0 when every line was valid, else 1.
 */

interface BatchOptions {
  cache: TrustCache;
  defaultTrust: (string | Uint8Array)[];
  at: Date;
  strictValueSets?: boolean;
}

interface BatchLine {
  id?: unknown;
  qr?: unknown;
  image?: unknown;
  trust?: unknown;
  at?: unknown;
}

async function verifyLine(line: BatchLine, options: BatchOptions): Promise<VerificationResult> {
  let at = options.at;
  if (line.at !== undefined && line.at !== null) {
    try {
      at = parseValidationTime(String(line.at));
    } catch {
      return failedResult('INPUT_INVALID', 'at is not an ISO 8601 time');
    }
  }
  const given = Array.isArray(line.trust) ? line.trust.filter((t): t is string => typeof t === 'string') : [];
  let trust: TrustStore;
  try {
    trust = await options.cache.load(given.length ? given : options.defaultTrust, given.length > 0);
  } catch (error) {
    if (error instanceof TrustInputError) return failedResult('TRUST_INPUT_INVALID', error.message);
    throw error;
  }
  let qr: string | string[];
  if (typeof line.image === 'string') {
    try {
      qr = await qrFromImageFile(line.image);
    } catch (error) {
      if (error instanceof ImageError) return failedResult(error.code, error.message);
      return failedResult('IMAGE_UNREADABLE', (error as NodeJS.ErrnoException).code ?? 'unreadable');
    }
  } else if (typeof line.qr === 'string') qr = line.qr;
  else if (Array.isArray(line.qr) && line.qr.length && line.qr.every((q) => typeof q === 'string'))
    qr = line.qr;
  else return failedResult('INPUT_EMPTY', 'the line has neither qr nor image');
  const result = await verifyQr(qr, {
    trust,
    at,
    platform: nodePlatform,
    strictValueSets: options.strictValueSets,
  });
  // An unreadable trust input never lets a certificate pass, but the readable ones still answer.
  if (trust.problems.length) {
    result.errors.push({
      code: 'TRUST_INPUT_INVALID',
      message: `${ERROR_MESSAGES.TRUST_INPUT_INVALID}: ${trust.problems.join('; ')}`,
    });
    result.valid = false;
  }
  return result;
}

export async function runBatch(options: BatchOptions): Promise<number> {
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  let allValid = true;
  for await (const text of lines) {
    if (!text.trim()) continue;
    let line: unknown;
    try {
      line = JSON.parse(text);
    } catch {
      line = undefined;
    }
    let result: VerificationResult;
    if (line && typeof line === 'object' && !Array.isArray(line)) result = await verifyLine(line, options);
    else {
      line = {};
      result = failedResult('INPUT_INVALID', 'the line is not a JSON object');
    }
    if (!result.valid) allValid = false;
    const out = `${JSON.stringify({ id: (line as BatchLine).id ?? null, ...contractResult(result) })}\n`;
    if (!process.stdout.write(out)) await new Promise((resolve) => process.stdout.once('drain', resolve));
  }
  return allValid ? 0 : 1;
}
