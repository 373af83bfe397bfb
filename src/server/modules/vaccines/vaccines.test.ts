import { describe, expect, it } from 'vitest';
import { testApi } from '../../../../test/helpers/api.ts';
import { TEST_ENGINES, useTestApp } from '../../../../test/helpers/test-app.ts';

describe.each(TEST_ENGINES)('vaccine reference data (%s)', (engine) => {
  const ctx = useTestApp(engine);

  it('lists the vaccines used in Vietnam with EU DCC codes, series and intervals', async () => {
    const { items } = await testApi(ctx.app).vaccines.list();
    expect(items.map((v) => v.code)).toEqual([
      'AZ',
      'PFIZER',
      'MODERNA',
      'VEROCELL',
      'HAYATVAX',
      'SPUTNIKV',
      'ABDALA',
      'JANSSEN',
    ]);
    const byCode = Object.fromEntries(items.map((v) => [v.code, v]));
    expect(byCode.AZ).toMatchObject({
      euDcc: { mp: 'EU/1/21/1529', ma: 'ORG-100001699' },
      dosesInSeries: 2,
      mixWith: ['PFIZER', 'MODERNA'],
    });
    expect(byCode.AZ.intervals[0]).toMatchObject({ minDays: 28, recommendedDays: 56 });
    expect(byCode.PFIZER).toMatchObject({
      euDcc: { mp: 'EU/1/20/1528' },
      intervals: [{ afterDose: 1, minDays: 21 }],
    });
    expect(byCode.MODERNA.intervals[0].minDays).toBe(28);
    expect(byCode.ABDALA).toMatchObject({ dosesInSeries: 3, minAge: 19, maxAge: 65 });
    expect(byCode.JANSSEN).toMatchObject({ dosesInSeries: 1, intervals: [] });
    expect(byCode.SPUTNIKV.mixWith).toEqual([]);
    expect(byCode.VEROCELL.mixWith).not.toContain('SPUTNIKV');
  });

  it('serves the EU DCC value sets', async () => {
    const api = testApi(ctx.app);
    const { items } = await api.vaccines.valueSets();
    expect(items.map((s) => s.id)).toContain('vaccines-covid-19-names');
    const products = await api.vaccines.valueSet({ params: { id: 'vaccines-covid-19-names' } });
    expect(products.values).toContainEqual(
      expect.objectContaining({ code: 'EU/1/20/1528', display: 'Comirnaty' }),
    );
    const countries = await api.vaccines.valueSet({ params: { id: 'country-2-codes' } });
    expect(countries.values).toContainEqual(expect.objectContaining({ code: 'VN', display: 'Viet Nam' }));
    expect((await api.vaccines.valueSet.raw({ params: { id: 'nope' } })).status).toBe(404);
    expect((await api.vaccines.valueSet.raw({ params: { id: 'BAD ID' } })).status).toBe(400);
  });

  it('serves the priority groups of Resolution 21 as a versioned set', async () => {
    const { items } = await testApi(ctx.app).vaccines.priorityGroupSets();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ code: 'NQ21-2021', validFrom: '2021-02-26' });
    expect(items[0].groups).toHaveLength(9);
    expect(items[0].groups[0]).toMatchObject({ code: '1', ordinal: 1 });
    expect(items[0].groups[4].name.vi).toContain('trên 65 tuổi');
  });
});
