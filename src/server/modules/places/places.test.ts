import { describe, expect, it } from 'vitest';
import { invalid, testApi } from '../../../../test/helpers/api.ts';
import { TEST_ENGINES, useTestApp } from '../../../../test/helpers/test-app.ts';
import type { Input } from '../../../shared/api/endpoint.ts';
import type { units } from '../../../shared/contracts/units.ts';

describe.each(TEST_ENGINES)('administrative units (%s)', (engine) => {
  const ctx = useTestApp(engine);
  type Query = NonNullable<Input<typeof units.search>['query']>;
  const search = async (query: Query) => ({ body: await testApi(ctx.app).units.search({ query }) });
  const unit = async (id: string) => ({ body: await testApi(ctx.app).units.unit({ params: { id } }) });
  const refused = async (answer: Promise<{ status: number; problem?: unknown }>) => {
    const { status, problem } = await answer;
    return { status, body: problem as { errors: object[] } };
  };

  it('holds 34 provinces and 3,321 communes in 2025, 63 provinces and 10,047 communes before', async () => {
    expect((await search({ level: 'province', limit: 1 })).body.total).toBe(34);
    expect((await search({ level: 'commune', limit: 1 })).body.total).toBe(3321);
    expect((await search({ edition: '2008', level: 'province', limit: 1 })).body.total).toBe(63);
    expect((await search({ edition: '2008', level: 'commune', limit: 1 })).body.total).toBe(10047);
  });

  it('finds Thành phố Hà Nội first for "ha noi", without accents or case', async () => {
    for (const q of ['ha noi', 'HA NOI', 'Hà Nội', '  ha   noi ']) {
      const { body } = await search({ q, limit: 5 });
      expect(body.items[0]).toMatchObject({
        id: '2025-01',
        name: 'Thành phố Hà Nội',
        shortName: 'Hà Nội',
        kind: 'Thành phố',
      });
    }
  });

  it('ranks an exact commune name before partial matches and handles đ', async () => {
    const { body } = await search({ q: 'ba dinh', level: 'commune' });
    expect(body.items[0]).toMatchObject({ name: 'Phường Ba Đình', parentName: 'Thành phố Hà Nội' });
    const dong = await search({ q: 'đống đa', level: 'commune' });
    expect(dong.body.items[0].name).toBe('Phường Đống Đa');
    expect((await search({ q: 'dong da', level: 'commune' })).body.items[0].name).toBe('Phường Đống Đa');
  });

  it('searches codes, filters by parent and date, and pages', async () => {
    expect((await search({ q: '00004' })).body.items[0]).toMatchObject({
      id: '2025-00004',
      name: 'Phường Ba Đình',
    });
    const children = await search({ parent: '2025-01', limit: 200 });
    expect(children.body.total).toBe(126);
    expect(children.body.items.every((u) => u.parentId === '2025-01')).toBe(true);
    const page2 = await search({ parent: '2025-01', limit: 50, offset: 50 });
    expect(page2.body.items).toHaveLength(50);
    expect(page2.body.items[0].id).not.toBe(children.body.items[0].id);
    expect(
      (await search({ edition: '2008', level: 'province', at: '2024-01-01', limit: 1 })).body.total,
    ).toBe(63);
    expect(
      (await search({ edition: '2008', level: 'province', at: '2025-07-01', limit: 1 })).body.total,
    ).toBe(0);
  });

  it('maps an old commune to its 2025 successor and back', async () => {
    const old = await unit('2008-00004');
    expect(old.body).toMatchObject({ name: 'Phường Trúc Bạch', validTo: '2025-06-30' });
    expect(old.body.successors).toEqual([
      expect.objectContaining({
        coverage: 'full',
        unit: expect.objectContaining({ id: '2025-00004', name: 'Phường Ba Đình' }),
      }),
    ]);
    const current = await unit('2025-00004');
    expect(current.body.predecessors.map((p) => p.unit.name)).toEqual(
      expect.arrayContaining(['Phường Trúc Bạch', 'Phường Quán Thánh', 'Phường Điện Biên']),
    );
    const hanoi = await unit('2025-01');
    expect(hanoi.body.childCount).toBe(126);
    const haTay = await search({ edition: '2008', q: 'Hà Giang', level: 'province' });
    const haGiang = await unit(haTay.body.items[0].id);
    expect(haGiang.body.successors[0].unit.name).toBe('Tỉnh Tuyên Quang');
  });

  it('keeps the island districts that have no communes', async () => {
    const { body } = await search({ edition: '2008', level: 'district', limit: 10 });
    expect(body.items.map((u) => u.name)).toContain('Huyện Côn Đảo');
  });

  it('answers 404 for an unknown unit and 400 naming the field for bad input', async () => {
    const api = testApi(ctx.app);
    const missing = await api.units.unit.raw({ params: { id: '2025-99999' } });
    expect(missing.status).toBe(404);
    expect(missing.problem).toMatchObject({
      code: 'not_found',
      messages: { en: 'Administrative unit 2025-99999 not found' },
    });
    const badId = await refused(api.units.unit.raw({ params: { id: 'hanoi' } }));
    expect(badId.status).toBe(400);
    expect(badId.body.errors[0]).toMatchObject({ field: 'id', in: 'params' });
    const badLimit = await refused(api.units.search.raw({ query: { limit: 5000 } }));
    expect(badLimit.body.errors[0]).toMatchObject({ field: 'limit', in: 'query', code: 'field.too_big' });
    const badLevel = await refused(api.units.search.raw({ query: { level: invalid('village') } }));
    expect(badLevel.body.errors[0]).toMatchObject({ field: 'level', code: 'field.invalid_value' });
    const badDate = await refused(api.units.search.raw({ query: { at: '2025-02-30' } }));
    expect(badDate.body.errors[0]).toMatchObject({ field: 'at', code: 'field.invalid_date' });
    const notNumber = await refused(api.units.search.raw({ query: { offset: 'abc' } }));
    expect(notNumber.body.errors[0]).toMatchObject({ field: 'offset', code: 'field.invalid_type' });
  });
});
