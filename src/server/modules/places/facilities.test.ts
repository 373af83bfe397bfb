import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { testApi } from '../../../../test/helpers/api.ts';
import { TEST_ENGINES, useTestApp } from '../../../../test/helpers/test-app.ts';
import { buildWorld, type World } from '../../../../test/helpers/world.ts';
import { ApiError } from '../../../shared/api/client.ts';
import type { Input } from '../../../shared/api/endpoint.ts';
import type { facilities } from '../../../shared/contracts/facilities.ts';
import { searchKey } from '../../../shared/rules/vietnamese-text.ts';

type Query = NonNullable<Input<typeof facilities.search>['query']>;

/** Every Vietnamese vowel with every tone, in both cases, and đ/Đ (NFC, as names are stored). */
function vietnameseLetters(): string[] {
  const vowels = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'];
  const tones = ['', '\u0300', '\u0301', '\u0303', '\u0309', '\u0323'];
  const lower = vowels.flatMap((v) => tones.map((t) => (v + t).normalize('NFC')));
  return [...lower, ...lower.map((l) => l.toUpperCase()), 'đ', 'Đ'];
}

describe.each(TEST_ENGINES)('facilities within reach (%s)', (engine) => {
  const ctx = useTestApp(engine);
  let world: World;
  const find = async (who: keyof World['staff'], query: Query) => {
    const res = await testApi(ctx.app, world.staff[who]).facilities.search.raw({ query });
    expect(res.status, JSON.stringify(res.problem)).toBe(200);
    if (!res.ok) throw new ApiError(res.status, res.problem);
    return res.body;
  };
  const codes = async (who: keyof World['staff'], q: string) =>
    (await find(who, { q, limit: 50 })).items.map((f) => f.code).sort();

  beforeAll(async () => {
    world = await buildWorld(ctx.app, ctx.app.db, 'fac');
    await ctx.app.db
      .insertInto('facility')
      .values([
        {
          code: 'fac-HC',
          name: 'Trạm Y tế phường Hải Châu',
          kind: 'commune_health_station',
          unit_id: '2025-00004',
        },
        { code: 'fac-BV', name: 'Bệnh viện Đa khoa Hải Châu', kind: 'hospital', unit_id: '2025-00004' },
        {
          code: 'fac-OLD',
          name: 'Điểm tiêm cũ Hải Châu',
          kind: 'vaccination_site',
          unit_id: '2025-00004',
          active: false,
        },
      ])
      .execute();
  });

  it('shows each staff member the facilities of their reach, and nothing else', async () => {
    const world4 = ['fac-CLINIC-BD', 'fac-SITE-BD', 'fac-SITE-HCM'];
    expect(await codes('admin', 'fac-')).toEqual(['fac-BV', 'fac-HC', 'fac-OLD', ...world4].sort());
    expect(await codes('pmHanoi', 'fac-')).toEqual([
      'fac-BV',
      'fac-CLINIC-BD',
      'fac-HC',
      'fac-OLD',
      'fac-SITE-BD',
    ]);
    expect(await codes('pmHcm', 'fac-')).toEqual(['fac-SITE-HCM']);
    expect(await codes('cmBaDinh', 'fac-')).toEqual([
      'fac-BV',
      'fac-CLINIC-BD',
      'fac-HC',
      'fac-OLD',
      'fac-SITE-BD',
    ]);
    expect(await codes('cmNgocHa', 'fac-')).toEqual([]);
    expect(await codes('siteBaDinh', '')).toEqual(['fac-SITE-BD']);
    expect(await codes('clinicBaDinh', 'hai chau')).toEqual([]);
    expect(await codes('siteHcm', '')).toEqual(['fac-SITE-HCM']);
  });

  it('finds by name or code with accents and case optional; a name that starts with the words ranks first', async () => {
    for (const q of [
      'tram y te phuong hai chau',
      'tram hai chau',
      'TRẠM Y TẾ HẢI CHÂU',
      'trạm  y-tế, phường hải châu',
      'fac-hc',
    ])
      expect((await find('cmBaDinh', { q })).items.map((f) => f.code)).toEqual(['fac-HC']);
    const { items, total } = await find('cmBaDinh', { q: 'hai chau' });
    expect(total).toBe(3);
    // None starts with "hai chau": word starts, active ones first, then by name; the closed one last.
    expect(items.map((f) => f.code)).toEqual(['fac-BV', 'fac-HC', 'fac-OLD']);
    expect(items[0]).toMatchObject({
      name: 'Bệnh viện Đa khoa Hải Châu',
      kind: 'hospital',
      unitName: 'Phường Ba Đình',
    });
    const benh = await find('cmBaDinh', { q: 'benh vien' });
    expect(benh.items.map((f) => f.code)).toEqual(['fac-BV']);
    const paged = await find('cmBaDinh', { q: 'fac', limit: 2, offset: 2 });
    expect(paged).toMatchObject({ total: 5, limit: 2, offset: 2 });
    expect(paged.items).toHaveLength(2);
  });

  it('folds text in SQL exactly as searchKey() does: every Vietnamese letter, and every unit name', async () => {
    const letters = vietnameseLetters();
    const samples = [
      ...letters,
      letters.join(''),
      'TYT-00004',
      '  Trạm  Y tế (cũ) – P.1 ',
      'BỆNH VIỆN ĐA KHOA TỈNH QUẢNG NINH',
    ];
    const { rows } = await sql<{
      key: string;
    }>`select search_key(t) as key from unnest(${samples}::text[]) as t`.execute(ctx.app.db);
    expect(rows.map((r) => r.key)).toEqual(samples.map(searchKey));
    const units = await ctx.app.db
      .selectFrom('admin_unit')
      .select(['name', sql<string>`search_key(name)`.as('key')])
      .execute();
    expect(units.length).toBeGreaterThan(13_000);
    expect(units.filter((u) => u.key !== searchKey(u.name))).toEqual([]);
  });

  it('refuses anonymous callers and bad queries, saying which field', async () => {
    expect((await testApi(ctx.app).facilities.search.raw()).status).toBe(401);
    const admin = testApi(ctx.app, world.staff.admin);
    for (const query of [{ limit: 0 }, { limit: 51 }, { q: 'a'.repeat(101) }, { offset: -1 }]) {
      const res = await admin.facilities.search.raw({ query });
      expect(res.status, JSON.stringify(query)).toBe(400);
      expect(JSON.stringify(res.problem)).toMatch(/limit|q|offset/);
    }
  });
});
