import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENGINES, useTestApp } from '../../../../test/helpers/test-app.ts';
import { buildWorld, relogin, type World } from '../../../../test/helpers/world.ts';

type Aefi = { id: string; personId: string; serious: boolean };
type Alert = { id: string; acknowledged: boolean; acknowledgedAt: string | null; unitName: string };

describe.each(TEST_ENGINES)('the managers’ AEFI list and alerts (%s)', (engine) => {
  let now = new Date('2021-09-02T06:00:00Z');
  const ctx = useTestApp(engine, { clock: () => now });
  let world: World;
  let doseId: string;
  const get = (who: keyof World['staff'], url: string) =>
    ctx.app.inject({ url, headers: world.staff[who].headers });
  const aefi = async (who: keyof World['staff'], query = '') =>
    (await get(who, `/api/staff/aefi${query}`)).json().items as Aefi[];
  const alerts = async (who: keyof World['staff'], query = '') =>
    (await get(who, `/api/staff/alerts${query}`)).json().items as Alert[];
  const acknowledge = (who: keyof World['staff'], id: string) =>
    ctx.app.inject({
      method: 'POST',
      url: `/api/staff/alerts/${id}/acknowledge`,
      headers: world.staff[who].headers,
    });

  beforeAll(async () => {
    world = await buildWorld(ctx.app, ctx.database.db, 'dash');
    doseId = randomUUID();
    await ctx.database.db
      .insertInto('dose')
      .values({
        id: doseId,
        person_id: world.people.baDinh,
        vaccine_code: 'PFIZER',
        dose_number: 1,
        given_at: new Date('2021-09-01T02:00:00Z'),
        given_on: '2021-09-01',
        facility_id: world.facilities.siteBaDinh,
        source: 'site',
        request_hash: 'test',
      })
      .execute();
    const record = async (who: keyof World['staff'], payload: object) => {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/staff/aefi',
        headers: world.staff[who].headers,
        payload: { onsetAt: '2021-09-01T09:30:00+07:00', ...payload },
      });
      expect(res.statusCode, res.body).toBe(201);
    };
    // 2 September, 13:00 in Vietnam: a serious reaction in Ba Đình after the site's dose.
    await record('siteBaDinh', {
      personId: world.people.baDinh,
      doseId,
      symptoms: ['anaphylaxis'],
      severity: 'severe',
      serious: true,
      seriousCriteria: ['life_threatening'],
      outcome: 'recovering',
    });
    // 2 September 17:30 UTC is 3 September 00:30 in Vietnam: a mild one in Ngọc Hà (11 hours later:
    // the staff sign in again, their sessions having gone idle).
    now = new Date('2021-09-02T17:30:00Z');
    await relogin(ctx.app, world, 'dash');
    await record('cmNgocHa', {
      personId: world.people.ngocHa,
      symptoms: ['fever'],
      severity: 'mild',
      serious: false,
      outcome: 'recovered',
    });
  });

  it('lists the reports of the jurisdiction with the commune, vaccine and facility of the dose', async () => {
    const province = await aefi('pmHanoi');
    expect(province.map((r) => r.personId)).toEqual([world.people.ngocHa, world.people.baDinh]);
    expect(province[1]).toMatchObject({
      serious: true,
      unitName: 'Phường Ba Đình',
      vaccineCode: 'PFIZER',
      facilityName: 'Cơ sở SITE-BD',
    });
    expect(province[0]).toMatchObject({ serious: false, unitName: 'Phường Ngọc Hà', vaccineCode: null });
    expect((await aefi('cmBaDinh')).map((r) => r.personId)).toEqual([world.people.baDinh]);
    expect((await aefi('cmNgocHa')).map((r) => r.personId)).toEqual([world.people.ngocHa]);
    expect(await aefi('pmHcm')).toEqual([]);
    expect(await aefi('siteHcm')).toEqual([]);
    const audited = await ctx.database.db
      .selectFrom('audit_event')
      .select('details')
      .where('action', '=', 'aefi.list')
      .where('actor_id', '=', world.staff.pmHanoi.id)
      .execute();
    expect(audited.length).toBeGreaterThan(0);
  });

  it('filters serious ones and a range of report days in Vietnam time', async () => {
    expect((await aefi('pmHanoi', '?serious=true')).map((r) => r.personId)).toEqual([world.people.baDinh]);
    expect((await aefi('pmHanoi', '?from=2021-09-02&to=2021-09-02')).map((r) => r.personId)).toEqual([
      world.people.baDinh,
    ]);
    expect((await aefi('pmHanoi', '?from=2021-09-03')).map((r) => r.personId)).toEqual([world.people.ngocHa]);
    expect(await aefi('pmHanoi', '?to=2021-09-01')).toEqual([]);
    expect(await aefi('pmHanoi', '?serious=true&from=2021-09-03')).toEqual([]);
    const reversed = await get('pmHanoi', '/api/staff/aefi?from=2021-09-03&to=2021-09-01');
    expect(reversed.json().errors[0]).toMatchObject({ field: 'to', code: 'date.range_order' });
    const bad = await get('pmHanoi', '/api/staff/aefi?from=03/09/2021');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('from');
  });

  it('a manager acknowledges their own unit’s alert once; other units’ alerts are not found', async () => {
    const [communeAlert] = await alerts('cmBaDinh', '?open=true');
    expect(communeAlert).toMatchObject({
      unitName: 'Phường Ba Đình',
      acknowledged: false,
      acknowledgedAt: null,
      createdAt: '2021-09-02T06:00:00.000Z',
    });
    const [provinceAlert] = await alerts('pmHanoi', '?open=true');
    expect(provinceAlert).toBeDefined();
    expect((await acknowledge('cmNgocHa', communeAlert!.id)).statusCode).toBe(404);
    expect((await acknowledge('pmHcm', provinceAlert!.id)).statusCode).toBe(404);
    expect((await acknowledge('siteBaDinh', communeAlert!.id)).statusCode).toBe(403);
    expect((await acknowledge('cmBaDinh', 'nope')).statusCode).toBe(400);
    const done = await acknowledge('cmBaDinh', communeAlert!.id);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({
      id: communeAlert!.id,
      acknowledged: true,
      acknowledgedAt: now.toISOString(),
      acknowledgedBy: 'Test dash.cm-bd',
    });
    now = new Date('2021-09-02T17:45:00Z');
    const again = await acknowledge('cmBaDinh', communeAlert!.id);
    expect(again.json().acknowledgedAt).toBe(done.json().acknowledgedAt);
    expect(await alerts('cmBaDinh', '?open=true')).toEqual([]);
    expect(await alerts('cmBaDinh')).toHaveLength(1);
    // The province's own alert stays open until the province acknowledges it.
    expect((await alerts('pmHanoi', '?open=true')).map((a) => a.id)).toEqual([provinceAlert!.id]);
    const audit = await ctx.database.db
      .selectFrom('audit_event')
      .select('record_id')
      .where('action', '=', 'alert.acknowledge')
      .execute();
    expect(audit.map((a) => a.record_id)).toEqual([communeAlert!.id]);
  });
});
