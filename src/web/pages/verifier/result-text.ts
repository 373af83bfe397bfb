import type { TFunction } from 'i18next';
import type { CheckName, Vaccination, VerificationResult } from '../../../shared/certificate/result.ts';

/** Checks a format never runs (the pipeline leaves them "skip"). */
const NOT_FOR_FORMAT: Record<'eu-dcc' | 'shc', CheckName[]> = {
  'eu-dcc': [],
  shc: ['base45', 'keyUsage'],
};

/**
 * Why a check was skipped: an earlier step failed (the pipeline stopped), the step does not apply to
 * this format (or to a bare key), or — for revocation — no revocation list covers the certificate.
 */
export function skipReasonKey(result: VerificationResult, check: CheckName): string {
  if (result.format && NOT_FOR_FORMAT[result.format].includes(check)) return 'verifier.skip.notApplicable';
  if (Object.values(result.checks).includes('fail') || result.errors.length > 0)
    return 'verifier.skip.earlierFailed';
  if (check === 'revocation') return 'verifier.skip.noRevocationList';
  return check === 'keyUsage' ? 'verifier.skip.noKeyUsage' : 'verifier.skip.notApplicable';
}

/**
 * "Dose 2/2", or for a dose beyond the series (a booster: SMART Health Cards carry the series size,
 * 2, with dose 3) "Dose 3 (booster)" — never "3/2".
 */
export function doseText(t: TFunction, v: Pick<Vaccination, 'doseNumber' | 'totalDoses'>): string {
  const dose = v.doseNumber;
  if (dose === undefined) return t('verifier.result.doseOnly', { dose: '?' });
  if (v.totalDoses === undefined) return t('verifier.result.doseOnly', { dose });
  if (dose > v.totalDoses) return t('verifier.result.booster', { dose });
  return t('verifier.result.doses', { dose, total: v.totalDoses });
}
