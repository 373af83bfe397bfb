import { beforeAll, describe, expect, it } from 'vitest';
import { invalid, testApi } from '../../../../test/helpers/api.ts';
import { insertDose, insertPeople } from '../../../../test/helpers/quality-data.ts';
import { TEST_ENGINES, useTestApp } from '../../../../test/helpers/test-app.ts';
import { buildWorld, type World } from '../../../../test/helpers/world.ts';
import type { Input } from '../../../shared/api/endpoint.ts';
import type { tallies as talliesApi } from '../../../shared/contracts/tallies.ts';
import { revisionsOf } from './tallies.repository.ts';

type Who = keyof World['staff'];

describe.each(TEST_ENGINES)('site tallies (%s)', (engine) => {
  // 09:00 in Vietnam on 10 September 2021.
  const ctx = useTestApp(engine, { clock: () => new Date('2021-09-10T02:00:00Z') });
  let world: World;
  let apiKey = '';
  type Items = Input<typeof talliesApi.report>['body']['items'];
  const put = (who: Who | { authorization: string }, items: Items) =>
    testApi(ctx.app, {
      headers: typeof who === 'string' ? world.staff[who].headers : who,
    }).tallies.report.raw({
      body: { items },
    });
  const get = (who: Who, query: Input<typeof talliesApi.list>['query'] = {}) =>
    testApi(ctx.app, world.staff[who]).tallies.list.raw({ query });

  beforeAll(async () => {
    world = await buildWorld(ctx.app, ctx.database.db, 'tly');
    const key = await ctx.app.inject({
      method: 'POST',
      url: '/api/admin/api-keys',
      headers: world.staff.admin.headers,
      payload: { facility: 'tly-SITE-BD', name: 'Phần mềm điểm tiêm' },
    });
    expect(key.statusCode, key.body).toBe(201);
    apiKey = key.json().key;
    const people = await insertPeople(ctx.database.db, 3, '2025-00004');
    for (const personId of people)
      await insertDose(ctx.database.db, {
        personId,
        facilityId: world.facilities.siteBaDinh,
        givenOn: '2021-09-08',
      });
    await insertDose(ctx.database.db, {
      personId: people[0],
      doseNumber: 2,
      facilityId: world.facilities.siteBaDinh,
      givenOn: '2021-09-08',
      status: 'entered_in_error',
    });
  });

  it('lets a site report its day, replaces the number on a later report, and keeps the history', async () => {
    const first = await put('siteBaDinh', [
      { day: '2021-09-08', vaccineCode: 'PFIZER', doses: 4 },
      { day: '2021-09-08', vaccineCode: 'MODERNA', doses: 0 },
    ]);
    expect(first.status, JSON.stringify(first)).toBe(200);
    expect(first.body?.results).toEqual([
      {
        facilityId: world.facilities.siteBaDinh,
        day: '2021-09-08',
        vaccineCode: 'PFIZER',
        doses: 4,
        previous: null,
        status: 'created',
      },
      expect.objectContaining({ vaccineCode: 'MODERNA', doses: 0, status: 'created' }),
    ]);
    // The same report again changes nothing: no new revision, same time and reporter.
    const again = await put('siteBaDinh', [{ day: '2021-09-08', vaccineCode: 'PFIZER', doses: 4 }]);
    expect(again.body?.results[0]).toMatchObject({ status: 'unchanged', previous: 4 });
    // The commune corrects the number: it replaces the site's, and both stay in the history.
    const corrected = await put('cmBaDinh', [
      { facilityCode: 'tly-SITE-BD', day: '2021-09-08', vaccineCode: 'PFIZER', doses: 5 },
    ]);
    expect(corrected.body?.results[0]).toMatchObject({ status: 'updated', previous: 4, doses: 5 });
    const key = { facility_id: world.facilities.siteBaDinh, day: '2021-09-08', vaccine_code: 'PFIZER' };
    expect(await revisionsOf(ctx.database.db, key)).toEqual([
      { doses: 4, previous_doses: null, source: 'site', reported_by: world.staff.siteBaDinh.id },
      { doses: 5, previous_doses: 4, source: 'commune', reported_by: world.staff.cmBaDinh.id },
    ]);
    const audit = await ctx.database.db
      .selectFrom('audit_event')
      .select(['actor_id', 'details'])
      .where('action', '=', 'tally.report')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.actor_id)).toEqual([
      world.staff.siteBaDinh.id,
      world.staff.siteBaDinh.id,
      world.staff.cmBaDinh.id,
    ]);
    expect(audit[1]?.details).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
  });

  it("takes a site software's report through its API key, marked as such", async () => {
    const res = await put({ authorization: `Bearer ${apiKey}` }, [
      { day: '2021-09-09', vaccineCode: 'AZ', doses: 12 },
    ]);
    expect(res.status, JSON.stringify(res)).toBe(200);
    const key = { facility_id: world.facilities.siteBaDinh, day: '2021-09-09', vaccine_code: 'AZ' };
    expect((await revisionsOf(ctx.database.db, key))[0]).toMatchObject({ doses: 12, source: 'api' });
  });

  it('keeps each reporter to their own facilities (404), and refuses roles that do not report (403)', async () => {
    const item = (facility: Record<string, string>) => [
      { ...facility, day: '2021-09-08', vaccineCode: 'PFIZER', doses: 1 },
    ];
    const other = await put('siteBaDinh', item({ facilityId: world.facilities.siteHcm }));
    expect(other.status).toBe(404);
    expect(other.problem?.errors?.[0]).toMatchObject({
      field: 'items.0.facilityId',
      code: 'tally.facility_not_found',
    });
    const otherCommune = await put('cmNgocHa', item({ facilityCode: 'tly-SITE-BD' }));
    expect(otherCommune.status).toBe(404);
    expect(otherCommune.problem?.errors?.[0]?.field).toBe('items.0.facilityCode');
    const unknown = await put('cmBaDinh', item({ facilityCode: 'NO-SUCH-SITE' }));
    expect(unknown.status).toBe(404);
    const hcmKey = await put({ authorization: `Bearer ${apiKey}` }, item({ facilityCode: 'tly-SITE-HCM' }));
    expect(hcmKey.status).toBe(404);
    for (const who of ['admin', 'pmHanoi', 'clinicBaDinh'] as const)
      expect((await put(who, item({ facilityCode: 'tly-SITE-BD' }))).status, who).toBe(403);
    expect((await testApi(ctx.app).tallies.report.raw({ body: { items: item({}) } })).status).toBe(401);
  });

  it('names the field of every invalid item', async () => {
    const fields = async (who: Who, items: unknown[]) => {
      const res = await put(who, invalid(items));
      expect(res.status, JSON.stringify(res)).toBe(400);
      return res.problem?.errors?.map((e) => `${e.field} ${e.code}`);
    };
    expect(
      await fields('siteBaDinh', [
        { day: '2021-09-11', vaccineCode: 'PFIZER', doses: 1 },
        { day: '2021-09-08', vaccineCode: 'SPUTNIK-X', doses: 1 },
      ]),
    ).toEqual(['items.0.day date.future', 'items.1.vaccineCode tally.vaccine_unknown']);
    expect(
      await fields('siteBaDinh', [
        { day: '2021-09-08', vaccineCode: 'PFIZER', doses: 100_001 },
        { day: '2021-09-08', vaccineCode: 'PFIZER', doses: -1 },
      ]),
    ).toEqual(['items.0.doses field.too_big', 'items.1.doses field.too_small']);
    expect(
      await fields('siteBaDinh', [
        { day: '2021-09-08', vaccineCode: 'PFIZER', doses: 1 },
        { facilityId: world.facilities.siteBaDinh, day: '2021-09-08', vaccineCode: 'PFIZER', doses: 2 },
      ]),
    ).toEqual(['items.1 tally.duplicate']);
    expect(await fields('cmBaDinh', [{ day: '2021-09-08', vaccineCode: 'PFIZER', doses: 1 }])).toEqual([
      'items.0.facilityId tally.facility_required',
    ]);
    expect(await fields('siteBaDinh', [])).toEqual(['items field.too_small']);
    expect(await fields('siteBaDinh', [{ day: '2021-02-30', vaccineCode: 'PFIZER', doses: 1 }])).toEqual([
      'items.0.day field.invalid_date',
    ]);
  });

  it('lists a facility’s tallies beside the doses recorded there, within reach only', async () => {
    const res = await get('siteBaDinh', { from: '2021-09-01' });
    expect(res.status, JSON.stringify(res)).toBe(200);
    const body = res.body;
    expect(body).toMatchObject({
      facility: { id: world.facilities.siteBaDinh, code: 'tly-SITE-BD' },
      from: '2021-09-01',
      to: '2021-09-10',
    });
    expect(body?.items).toEqual([
      expect.objectContaining({
        day: '2021-09-09',
        vaccineCode: 'AZ',
        reported: 12,
        recorded: 0,
        source: 'api',
      }),
      expect.objectContaining({ day: '2021-09-08', vaccineCode: 'MODERNA', reported: 0, recorded: 0 }),
      expect.objectContaining({
        day: '2021-09-08',
        vaccineCode: 'PFIZER',
        reported: 5,
        // The voided dose does not count.
        recorded: 3,
        source: 'commune',
        reportedBy: 'Test tly.cm-bd',
      }),
    ]);
    const byCode = await get('pmHanoi', { facility: 'tly-SITE-BD', from: '2021-09-09' });
    expect(byCode.body?.items).toHaveLength(1);
    expect((await get('pmHcm', { facility: world.facilities.siteBaDinh })).status).toBe(404);
    expect((await get('siteHcm', { facility: 'tly-SITE-BD' })).status).toBe(404);
    const none = await get('cmBaDinh');
    expect(none.status).toBe(400);
    expect(none.problem?.errors?.[0]).toMatchObject({ field: 'facility', code: 'tally.facility_required' });
    const reversed = await get('siteBaDinh', { from: '2021-09-10', to: '2021-09-01' });
    expect(reversed.problem?.errors?.[0]).toMatchObject({ field: 'to', code: 'date.range_order' });
    const long = await get('siteBaDinh', { from: '2020-01-01', to: '2021-09-01' });
    expect(long.problem?.errors?.[0]).toMatchObject({ field: 'to', code: 'date.range_too_long' });
  });
});
