import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateDcc } from './dcc-schema.ts';
import { DCC_VALIDATORS } from './dcc-validators.generated.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');

const dcc = (over: Record<string, unknown> = {}) => ({
  ver: '1.3.0',
  nam: { fn: 'Nguyễn', gn: 'Văn An', fnt: 'NGUYEN', gnt: 'VAN<AN' },
  dob: '1990-01-02',
  v: [
    {
      tg: '840539006',
      vp: '1119349007',
      mp: 'EU/1/20/1528',
      ma: 'ORG-100030215',
      dn: 2,
      sd: 2,
      dt: '2021-09-01',
      co: 'VN',
      is: 'Ministry of Health of Viet Nam',
      ci: 'URN:UVCI:01:VN:ABC123#X',
    },
  ],
  ...over,
});

describe('generated EU DCC validators (ajv standalone, no eval)', () => {
  it('match the schemas in reference/eu-dcc/schema (the committed file is up to date)', () => {
    expect(() =>
      execFileSync(process.execPath, [path.join(ROOT, 'scripts/gen-dcc-validators.mjs'), '--check'], {
        cwd: ROOT,
        stdio: 'pipe',
      }),
    ).not.toThrow();
    expect(Object.keys(DCC_VALIDATORS)).toEqual([
      '1.0.0',
      '1.0.1',
      '1.1.0',
      '1.2.0',
      '1.2.1',
      '1.3.0',
      '1.3.1',
      '1.3.2',
      '1.3.3',
    ]);
  });

  it('validate structure, patterns and the date formats', () => {
    expect(validateDcc(dcc())).toEqual({ ok: true, version: '1.3.0', problems: [] });
    expect(validateDcc(dcc({ ver: '1.3.7' })).version).toBe('1.3.3');
    const noName = validateDcc(dcc({ nam: undefined }));
    expect(noName.ok).toBe(false);
    expect(noName.problems[0]).toContain('nam');
    // `dt` has format "date" (full check: no 30 February); `dob` only a pattern (partial dates).
    const entry = dcc().v[0];
    expect(validateDcc(dcc({ v: [{ ...entry, dt: '2021-02-30' }] })).ok).toBe(false);
    expect(validateDcc(dcc({ v: [{ ...entry, dt: '2021-02-28' }] })).ok).toBe(true);
    expect(validateDcc(dcc({ dob: '1990' })).ok).toBe(true);
    expect(validateDcc(dcc({ nam: { fnt: 'nguyen' } })).ok).toBe(false);
    expect(validateDcc(dcc({ ver: '2.0.0' }))).toEqual({
      ok: false,
      problems: ['/ver: unknown schema version'],
    });
  });
});
