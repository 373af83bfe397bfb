import { type ErrorCode, ResultBuilder, type VerificationResult } from '../shared/certificate/result.ts';

/** Exactly the fields of the CLI contract, in its order. */
export function contractResult(result: VerificationResult) {
  return {
    valid: result.valid,
    format: result.format,
    checks: result.checks,
    holder: result.holder,
    vaccinations: result.vaccinations,
    errors: result.errors,
  };
}

/** A result for an input that never reached the verifier (unreadable image, trust or line). */
export function failedResult(code: ErrorCode, detail?: string) {
  return new ResultBuilder().fail(null, code, detail);
}
