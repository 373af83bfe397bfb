import { describe, expect, it } from 'vitest';
import { TEST_ENGINES, useTestApp } from '../../../test/helpers/test-app.ts';
import { validateBhyt } from '../../shared/rules/bhyt.ts';
import { validateCccd } from '../../shared/rules/cccd.ts';
import { normalizePhone } from '../../shared/rules/phone.ts';
import { normalizePersonName, searchKey } from '../../shared/rules/vietnamese-text.ts';
import { loadDemoData } from './demo-data.ts';
import { generatePerson } from './people.ts';
import { Random } from './random.ts';

describe.each(TEST_ENGINES)('demo data (%s)', (engine) => {
  const ctx = useTestApp(engine);

  it('loads realistic, valid, clearly marked people into real communes of the province', async () => {
    const progress: number[] = [];
    const report = await loadDemoData(ctx.database.db, {
      province: '79',
      people: 1500,
      seed: 7,
      today: new Date('2026-11-22T00:00:00Z'),
      onProgress: (done) => progress.push(done),
    });
    expect(report).toMatchObject({ provinceName: 'Thành phố Hồ Chí Minh', people: 1500, skipped: 0 });
    expect(report.facilities).toBeGreaterThan(100);
    expect(progress.at(-1)).toBe(1500);

    const people = await ctx.database.db
      .selectFrom('person')
      .innerJoin('admin_unit as u', 'u.id', 'person.unit_id')
      .select([
        'full_name',
        'name_key',
        'birth_date',
        'sex',
        'cccd',
        'phone',
        'bhyt',
        'is_demo',
        'u.parent_id',
      ])
      .execute();
    expect(people).toHaveLength(1500);
    let withCccd = 0;
    for (const p of people) {
      expect(p.is_demo).toBe(true);
      expect(p.parent_id).toBe('2025-79');
      expect(normalizePersonName(p.full_name)).toEqual({ ok: true, value: p.full_name });
      expect(p.full_name).toBe(p.full_name.normalize('NFC'));
      expect(p.name_key).toBe(searchKey(p.full_name));
      if (p.cccd) {
        withCccd++;
        expect(
          validateCccd(p.cccd, { birthDate: p.birth_date, sex: p.sex, currentYear: 2026 }).ok,
          p.cccd,
        ).toBe(true);
      }
      if (p.phone) expect(normalizePhone(p.phone).ok, p.phone).toBe(true);
      if (p.bhyt) expect(validateBhyt(p.bhyt).ok, p.bhyt).toBe(true);
    }
    expect(withCccd / people.length).toBeGreaterThan(0.7);
    expect(
      people.some((p) => /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i.test(p.full_name)),
    ).toBe(true);

    const overview = (await ctx.app.inject('/api/overview')).json();
    expect(overview.demo).toMatchObject({ provinceId: '2025-79', people: 1500 });
    expect(overview.counts.people).toBe(1500);
  });

  it('is reproducible: the same seed gives the same people', () => {
    const ctxData = {
      communes: [{ id: '2025-00004', kind: 'Phường' }],
      birthProvinceCodes: ['01'],
      allProvinceCodes: ['01', '79'],
      today: new Date('2026-11-22T00:00:00Z'),
    };
    const a = Array.from(
      { length: 20 },
      (
        (r) => () =>
          generatePerson(r, ctxData, new Set())
      )(new Random(42)),
    );
    const b = Array.from(
      { length: 20 },
      (
        (r) => () =>
          generatePerson(r, ctxData, new Set())
      )(new Random(42)),
    );
    expect(a).toEqual(b);
  });

  it('refuses an unknown province', async () => {
    await expect(loadDemoData(ctx.database.db, { province: '03', people: 1, seed: 1 })).rejects.toThrow(
      /Unknown 2025 province/,
    );
  });
});
