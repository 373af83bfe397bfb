import type { Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { testApi } from '../../../../test/helpers/api.ts';
import { insertDose, insertPeople } from '../../../../test/helpers/quality-data.ts';
import { TEST_ENGINES, useTestApp } from '../../../../test/helpers/test-app.ts';
import { buildWorld, type World } from '../../../../test/helpers/world.ts';
import type { Input } from '../../../shared/api/endpoint.ts';
import type { tallies as talliesApi } from '../../../shared/contracts/tallies.ts';
import type { DB } from '../../db/schema.ts';

type Who = keyof World['staff'];

/** `recorded` doses of one vaccine at a facility on a day, each of another person of the commune. */
async function doses(
  db: Kysely<DB>,
  facilityId: string,
  unitId: string,
  day: string,
  recorded: number,
  vaccineCode = 'PFIZER',
) {
  for (const personId of await insertPeople(db, recorded, unitId))
    await insertDose(db, { personId, facilityId, givenOn: day, vaccineCode });
}

describe.each(TEST_ENGINES)('data completeness (%s)', (engine) => {
  const ctx = useTestApp(engine, { clock: () => new Date('2021-09-10T02:00:00Z') });
  let world: World;
  let siteNgocHa = '';
  type Query = Input<typeof talliesApi.completeness>['query'];
  const get = (who: Who, query: Query = {}) =>
    testApi(ctx.app, world.staff[who]).tallies.completeness.raw({ query });
  const ok = async (who: Who, query: Query = {}) => {
    const res = await get(who, query);
    expect(res.status, JSON.stringify(res)).toBe(200);
    if (!res.ok) throw new Error(res.problem.code);
    return res.body;
  };
  const pick = (n: { id: string; recorded: number; reported: number; gap: number }) => [
    n.id,
    n.recorded,
    n.reported,
    n.gap,
  ];

  beforeAll(async () => {
    world = await buildWorld(ctx.app, ctx.database.db, 'cmp');
    const db = ctx.database.db;
    siteNgocHa = (
      await db
        .insertInto('facility')
        .values({
          code: 'cmp-SITE-NH',
          name: 'Cơ sở SITE-NH',
          kind: 'vaccination_site',
          unit_id: '2025-00008',
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    const f = world.facilities;
    // Ba Đình site: 15 records (2 of them on a day without a tally) against 16 reported.
    await doses(db, f.siteBaDinh, '2025-00004', '2021-09-01', 8);
    await doses(db, f.siteBaDinh, '2025-00004', '2021-09-02', 5, 'MODERNA');
    await doses(db, f.siteBaDinh, '2025-00004', '2021-09-03', 2);
    // Ba Đình clinic: 3 of 3, and a voided dose that does not count.
    await doses(db, f.clinicBaDinh, '2025-00004', '2021-09-01', 3, 'AZ');
    const [voided] = await insertPeople(db, 1, '2025-00004');
    await insertDose(db, {
      personId: voided,
      facilityId: f.clinicBaDinh,
      givenOn: '2021-09-01',
      status: 'entered_in_error',
    });
    // Ngọc Hà site: 4 of 8. Hồ Chí Minh site: 9 of 10, and an August day outside the range.
    await doses(db, siteNgocHa, '2025-00008', '2021-09-05', 4);
    await doses(db, f.siteHcm, world.communeB, '2021-09-06', 9);
    await doses(db, f.siteHcm, world.communeB, '2021-08-01', 7);
    const tally = async (who: Who, items: Input<typeof talliesApi.report>['body']['items']) => {
      const res = await testApi(ctx.app, world.staff[who]).tallies.report.raw({ body: { items } });
      expect(res.status, JSON.stringify(res)).toBe(200);
    };
    await tally('siteBaDinh', [
      { day: '2021-09-01', vaccineCode: 'PFIZER', doses: 10 },
      { day: '2021-09-02', vaccineCode: 'MODERNA', doses: 6 },
    ]);
    await tally('cmBaDinh', [
      { facilityCode: 'cmp-CLINIC-BD', day: '2021-09-01', vaccineCode: 'AZ', doses: 3 },
    ]);
    await tally('cmNgocHa', [
      { facilityCode: 'cmp-SITE-NH', day: '2021-09-05', vaccineCode: 'PFIZER', doses: 8 },
    ]);
    await tally('siteHcm', [
      { day: '2021-09-06', vaccineCode: 'PFIZER', doses: 10 },
      { day: '2021-08-01', vaccineCode: 'PFIZER', doses: 70 },
    ]);
  });

  it('adds up a province, its communes and its sites, with the text in both languages', async () => {
    const body = await ok('pmHanoi', { from: '2021-09-01', to: '2021-09-10' });
    expect(body.unit).toMatchObject({
      id: '2025-01',
      level: 'province',
      recorded: 22,
      reported: 27,
      recordedUntallied: 2,
      gap: 5,
      text: { vi: '81,48% — 22 / 27', en: '81.48% — 22 of 27' },
      // Hồ Chí Minh is ahead (90%): Hà Nội is second of two.
      rank: { position: 2, of: 2 },
    });
    expect(body.unit.ratio).toBeCloseTo(22 / 27, 10);
    expect(body.children.map(pick)).toEqual([
      ['2025-00004', 18, 19, 1],
      ['2025-00008', 4, 8, 4],
    ]);
    expect(body.behind.map(pick)).toEqual([
      [siteNgocHa, 4, 8, 4],
      [world.facilities.siteBaDinh, 15, 16, 1],
    ]);
    expect(body.behind[0]).toMatchObject({ communeId: '2025-00008', communeName: 'Phường Ngọc Hà' });
    // Provinces are ranked for national staff only.
    expect(body.ranking).toEqual([]);
    const limited = await ok('pmHanoi', { from: '2021-09-01', to: '2021-09-10', behind: 1 });
    expect(limited.behind).toHaveLength(1);
  });

  it('ranks the provinces for national staff, and drills down to a commune’s facilities', async () => {
    const country = await ok('admin', { from: '2021-09-01', to: '2021-09-10' });
    expect(country.unit).toMatchObject({ level: 'country', recorded: 31, reported: 37, rank: null });
    // Children by name (Hà Nội, Hồ Chí Minh); the ranking by completeness.
    expect(country.children.map(pick)).toEqual([
      ['2025-01', 22, 27, 5],
      ['2025-79', 9, 10, 1],
    ]);
    expect(country.ranking.map((p: { id: string; rank: number }) => [p.id, p.rank])).toEqual([
      ['2025-79', 1],
      ['2025-01', 2],
    ]);
    const commune = await ok('admin', { unit: '2025-00004', from: '2021-09-01', to: '2021-09-10' });
    expect(commune.unit).toMatchObject({ level: 'commune', parentId: '2025-01', recorded: 18, reported: 19 });
    // A commune lists all its facilities.
    expect(commune.children.map(pick)).toEqual([
      [world.facilities.clinicBaDinh, 3, 3, 0],
      [world.facilities.siteBaDinh, 15, 16, 1],
    ]);
    // The whole of August and September: Hồ Chí Minh's August tally counts too.
    const wide = await ok('admin', { from: '2021-08-01', to: '2021-09-10' });
    expect(wide.children.map(pick)).toContainEqual(['2025-79', 16, 80, 64]);
  });

  it('shows each caller only their jurisdiction', async () => {
    const range = { from: '2021-09-01', to: '2021-09-10' };
    expect((await get('pmHanoi', { unit: '2025-79', ...range })).status).toBe(404);
    expect((await get('pmHanoi', { unit: world.communeB, ...range })).status).toBe(404);
    expect((await get('cmBaDinh', { unit: '2025-00008', ...range })).status).toBe(404);
    expect((await get('cmBaDinh', { unit: '2025-01', ...range })).status).toBe(404);
    expect((await get('siteBaDinh', { unit: '2025-00004', ...range })).status).toBe(404);
    expect((await get('admin', { unit: '2008-00004', ...range })).status).toBe(404);
    const commune = await ok('cmBaDinh', range);
    expect(commune.unit).toMatchObject({ id: '2025-00004', rank: null });
    expect(commune.ranking).toEqual([]);
    const site = await ok('siteBaDinh', range);
    expect(site.unit).toMatchObject({
      id: world.facilities.siteBaDinh,
      level: 'facility',
      recorded: 15,
      reported: 16,
      recordedUntallied: 2,
      text: { en: '93.75% — 15 of 16' },
    });
    expect(site.children).toEqual([]);
    const hcm = await ok('pmHcm', range);
    expect(hcm.unit).toMatchObject({ id: '2025-79', rank: { position: 1, of: 2 } });
    expect(hcm.behind.map((b) => b.id)).toEqual([world.facilities.siteHcm]);
    expect((await testApi(ctx.app).tallies.completeness.raw()).status).toBe(401);
  });

  it('defaults to the last 30 days and refuses a reversed or too long range', async () => {
    const body = await ok('admin');
    expect([body.from, body.to]).toEqual(['2021-08-12', '2021-09-10']);
    const reversed = await get('admin', { from: '2021-09-10', to: '2021-09-01' });
    expect(reversed.problem?.errors?.[0]).toMatchObject({ field: 'to', code: 'date.range_order' });
    const long = await get('admin', { from: '2020-01-01', to: '2021-09-01' });
    expect(long.problem?.errors?.[0]).toMatchObject({ field: 'to', code: 'date.range_too_long' });
    const behind = await get('admin', { behind: 0 });
    expect(behind.problem?.errors?.[0]?.field).toBe('behind');
  });
});
