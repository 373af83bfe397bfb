import { describe, expect, it } from 'vitest';
import type { VerificationResult } from '../../../shared/certificate/result.ts';
import { evaluateRules, parsePasted, parseValidationTime, verdictOf } from './rules.ts';
import { revocationHashes } from './trust-cache.ts';

const result = (valid: boolean, doses: [number, number, string][]): VerificationResult =>
  ({
    valid,
    format: 'eu-dcc',
    checks: {} as VerificationResult['checks'],
    holder: { familyName: 'Nguyễn', birthDate: '1990-01-02' },
    vaccinations: doses.map(([doseNumber, totalDoses, date]) => ({ doseNumber, totalDoses, date })),
    errors: [],
  }) as VerificationResult;

const at = new Date('2021-10-01T12:00:00Z');
const rules = { completeSeries: true, minDaysSinceLastDose: 14, maxDaysSinceLastDose: 0 };

describe('verifier business rules', () => {
  it('accept a complete series old enough; name the rule a certificate breaks', () => {
    const full = result(true, [[2, 2, '2021-09-01']]);
    expect(verdictOf(full, evaluateRules(full, rules, at))).toBe('valid');

    const partial = result(true, [[1, 2, '2021-09-01']]);
    const outcomes = evaluateRules(partial, rules, at);
    expect(verdictOf(partial, outcomes)).toBe('rules');
    expect(outcomes.filter((o) => !o.ok).map((o) => o.rule)).toEqual(['completeSeries']);

    const recent = result(true, [[2, 2, '2021-09-25']]);
    expect(evaluateRules(recent, rules, at)).toContainEqual({
      rule: 'minDays',
      ok: false,
      days: 6,
      limit: 14,
    });

    const old = result(true, [[2, 2, '2020-12-01']]);
    const limited = evaluateRules(old, { ...rules, maxDaysSinceLastDose: 270 }, at);
    expect(limited).toContainEqual({ rule: 'maxDays', ok: false, days: 304, limit: 270 });
    expect(verdictOf(old, evaluateRules(old, rules, at))).toBe('valid');
  });

  it('never turn a certificate that failed verification green or amber', () => {
    const bad = result(false, [[2, 2, '2021-09-01']]);
    expect(verdictOf(bad, [])).toBe('invalid');
  });

  it('read pasted text, chunked SHC lines and the validation time', () => {
    expect(parsePasted('  HC1:ABC\n')).toBe('HC1:ABC');
    expect(parsePasted('shc:/1/2/00\nshc:/2/2/11\n')).toEqual(['shc:/1/2/00', 'shc:/2/2/11']);
    expect(parseValidationTime('')).toBeUndefined();
    expect(parseValidationTime('nonsense')).toBeUndefined();
    expect(parseValidationTime('2021-06-01T10:00:00')?.toISOString()).toBe('2021-06-01T10:00:00.000Z');
    expect(parseValidationTime('2021-06-01T10:00:00+07:00')?.toISOString()).toBe('2021-06-01T03:00:00.000Z');
  });

  it('recognise hashed-UVCI revocation lists and nothing else', () => {
    expect(revocationHashes('{"hashes":["a","b",3]}')).toEqual(['a', 'b']);
    expect(revocationHashes('{"revokedUvciHashes":["c"]}')).toEqual(['c']);
    expect(revocationHashes('{"keys":[]}')).toBeUndefined();
    expect(revocationHashes('-----BEGIN CERTIFICATE-----')).toBeUndefined();
  });
});
