import { createInstance } from 'i18next';
import { describe, expect, it } from 'vitest';
import { ResultBuilder } from '../../../shared/certificate/result.ts';
import { en } from '../../i18n/en.ts';
import { vi } from '../../i18n/vi.ts';
import { doseText, skipReasonKey } from './result-text.ts';

const i18n = createInstance();
void i18n.init({
  resources: { vi: { translation: vi }, en: { translation: en } },
  lng: 'vi',
  fallbackLng: 'vi',
  interpolation: { escapeValue: false },
  initAsync: false,
});

describe('verifier result texts', () => {
  it('a skipped step says why: not reached after a failure, no list loaded, or not for this format', () => {
    const valid = new ResultBuilder();
    valid.result.format = 'eu-dcc';
    valid.pass('prefix', 'base45', 'decompress', 'cose', 'kid', 'signature', 'schema', 'expiry', 'keyUsage');
    valid.finish(['prefix']);
    // A valid certificate's revocation step was skipped because no list was loaded: never "an earlier step failed".
    expect(skipReasonKey(valid.result, 'revocation')).toBe('verifier.skip.noRevocationList');

    const shc = new ResultBuilder();
    shc.result.format = 'shc';
    shc.pass('prefix', 'decompress', 'cose', 'kid', 'signature', 'schema', 'expiry');
    shc.finish(['prefix']);
    expect(skipReasonKey(shc.result, 'base45')).toBe('verifier.skip.notApplicable');
    expect(skipReasonKey(shc.result, 'keyUsage')).toBe('verifier.skip.notApplicable');
    expect(skipReasonKey(shc.result, 'revocation')).toBe('verifier.skip.noRevocationList');

    const failed = new ResultBuilder();
    failed.result.format = 'eu-dcc';
    failed.pass('prefix', 'base45', 'decompress', 'cose', 'kid');
    failed.fail('signature', 'SIGNATURE_INVALID');
    expect(skipReasonKey(failed.result, 'schema')).toBe('verifier.skip.earlierFailed');
    expect(skipReasonKey(failed.result, 'revocation')).toBe('verifier.skip.earlierFailed');

    // Every reason has both languages.
    for (const key of ['noRevocationList', 'notApplicable', 'earlierFailed'])
      for (const lng of ['vi', 'en']) expect(i18n.exists(`verifier.skip.${key}`, { lng })).toBe(true);
    expect(i18n.t('verifier.skip.noRevocationList', { lng: 'vi' })).not.toContain('bước trước');
  });

  it('a booster reads "Dose 3 (booster)", never 3/2; a dose of the series reads n/total', () => {
    const vi = i18n.getFixedT('vi');
    const en = i18n.getFixedT('en');
    expect(doseText(vi, { doseNumber: 3, totalDoses: 2 })).toBe('Mũi 3 (mũi nhắc)');
    expect(doseText(en, { doseNumber: 3, totalDoses: 2 })).toBe('Dose 3 (booster)');
    expect(doseText(vi, { doseNumber: 2, totalDoses: 2 })).toBe('Mũi 2/2');
    expect(doseText(en, { doseNumber: 1, totalDoses: 2 })).toBe('Dose 1/2');
    // EU DCC boosters are written 3/3: that is the series count the issuer chose, shown as is.
    expect(doseText(vi, { doseNumber: 3, totalDoses: 3 })).toBe('Mũi 3/3');
    expect(doseText(vi, { doseNumber: 2 })).toBe('Mũi 2');
    expect(doseText(en, {})).toBe('Dose ?');
  });
});
