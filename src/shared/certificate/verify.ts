import { ResultBuilder, type VerificationResult } from './result.ts';
import { SHC_PREFIX } from './shc-numeric.ts';
import { type VerifyOptions, verifyDcc } from './verify-dcc.ts';
import { verifyShc } from './verify-shc.ts';

export type { VerifyOptions } from './verify-dcc.ts';

/**
 * Verifies a certificate QR text: an EU DCC (`HC1:…`) or a SMART Health Card (`shc:/…`, or the chunks
 * of a chunked card). Never throws on bad input: every problem is a failed check with an error code.
 */
export async function verifyQr(qr: string | string[], options: VerifyOptions): Promise<VerificationResult> {
  const out = new ResultBuilder();
  const first = Array.isArray(qr) ? qr[0] : qr;
  if (first === undefined || first.trim() === '') return out.fail('prefix', 'INPUT_EMPTY');
  if (Array.isArray(qr) || first.trim().toLowerCase().startsWith(SHC_PREFIX)) {
    if (Array.isArray(qr) && qr.length === 1 && !first.trim().toLowerCase().startsWith(SHC_PREFIX))
      return verifyDcc(first.trim(), options, out);
    return verifyShc(qr, options, out);
  }
  return verifyDcc(first.trim(), options, out);
}
