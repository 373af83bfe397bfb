import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { testApi } from '../../../../test/helpers/api.ts';
import { TEST_ENGINES, useTestApp } from '../../../../test/helpers/test-app.ts';
import { buildWorld, type World } from '../../../../test/helpers/world.ts';

const NO = {
  anaphylaxisPreviousDose: false,
  covidWithin6Months: false,
  acuteIllness: false,
  pregnant: false,
  severeAllergy: false,
  immunodeficiency: false,
  bleedingDisorder: false,
};

describe.each(TEST_ENGINES)('the managers’ sessions overview (%s)', (engine) => {
  // 09:00 in Vietnam on 10 September 2021: the default range is 3 to 17 September.
  const ctx = useTestApp(engine, { clock: () => new Date('2021-09-10T02:00:00Z') });
  let world: World;
  const ids = { today: '', later: '', hcm: '', clinic: '' };
  type Range = { from?: string; to?: string };
  const overview = (who: keyof World['staff'], query: Range = {}) =>
    testApi(ctx.app, world.staff[who]).vaccinationSessions.overview.raw({ query });
  const idsOf = async (who: keyof World['staff'], query: Range = {}) =>
    (await testApi(ctx.app, world.staff[who]).vaccinationSessions.overview({ query })).items
      .map((i) => i.id)
      .sort();

  beforeAll(async () => {
    world = await buildWorld(ctx.app, ctx.database.db, 'ovw');
    const db = ctx.database.db;
    const campaign = (
      await testApi(ctx.app, world.staff.admin).registrations.createCampaign({
        body: {
          code: 'OVW-1',
          nameVi: 'Đợt tổng quan',
          nameEn: 'Overview round',
          priorityGroupSet: 'NQ21-2021',
          vaccineCodes: ['PFIZER', 'MODERNA'],
          startsOn: '2021-09-01',
          endsOn: '2021-12-31',
        },
      })
    ).id;
    const session = async (who: keyof World['staff'], facilityId: string, date: string, capacity: number) => {
      const res = await testApi(ctx.app, world.staff[who]).vaccinationSessions.create.raw({
        body: { facilityId, campaignId: campaign, date, vaccineCode: 'PFIZER', capacity },
      });
      expect(res.status, JSON.stringify(res)).toBe(201);
      return res.body!.id;
    };
    ids.today = await session('siteBaDinh', world.facilities.siteBaDinh, '2021-09-10', 10);
    ids.later = await session('siteBaDinh', world.facilities.siteBaDinh, '2021-09-12', 5);
    ids.hcm = await session('siteHcm', world.facilities.siteHcm, '2021-09-10', 8);
    ids.clinic = await session('admin', world.facilities.clinicBaDinh, '2021-10-30', 4);

    // Three seats taken today: one checked in, one still scheduled, one already vaccinated.
    const people = world.people;
    for (const [personId, state] of [
      [people.baDinh, 'checked_in'],
      [people.ngocHa, 'scheduled'],
      [people.hcm, 'vaccinated'],
    ] as const) {
      await db
        .insertInto('registration')
        .values({
          campaign_id: campaign,
          person_id: personId,
          screening: JSON.stringify(NO),
          source: 'walk_in',
          state,
          session_id: ids.today,
        })
        .execute();
    }
    await db.updateTable('vaccination_session').set({ booked: 3 }).where('id', '=', ids.today).execute();
    const dose = (
      personId: string,
      doseNumber: number,
      givenOn: string,
      vaccineCode = 'PFIZER',
      status: 'recorded' | 'entered_in_error' = 'recorded',
    ) =>
      db
        .insertInto('dose')
        .values({
          id: randomUUID(),
          person_id: personId,
          vaccine_code: vaccineCode,
          dose_number: doseNumber,
          given_at: new Date(`${givenOn}T02:00:00Z`),
          given_on: givenOn,
          facility_id: world.facilities.siteBaDinh,
          source: 'site',
          status,
          request_hash: 'test',
        })
        .execute();
    // Counted today: two Pfizer doses at the site (the first closes the checked-in registration).
    await dose(people.baDinh, 1, '2021-09-10');
    await dose(people.hcm, 1, '2021-09-10');
    // Not counted: another vaccine, another day, and a dose entered in error.
    await dose(people.baDinh, 2, '2021-09-10', 'MODERNA');
    await dose(people.baDinh, 3, '2021-09-11');
    await dose(people.hcm, 2, '2021-09-10', 'PFIZER', 'entered_in_error');
  });

  it('counts capacity, booked, checked-in and vaccinated per session, per day and in total', async () => {
    const res = await overview('cmBaDinh');
    expect(res.status, JSON.stringify(res)).toBe(200);
    const body = res.body!;
    expect(body).toMatchObject({ from: '2021-09-03', to: '2021-09-17' });
    expect(body.items).toEqual([
      {
        id: ids.today,
        facilityId: world.facilities.siteBaDinh,
        facilityName: 'Cơ sở SITE-BD',
        unitName: 'Phường Ba Đình',
        date: '2021-09-10',
        vaccineCode: 'PFIZER',
        capacity: 10,
        booked: 3,
        checkedIn: 2,
        vaccinated: 2,
      },
      expect.objectContaining({ id: ids.later, capacity: 5, booked: 0, checkedIn: 0, vaccinated: 0 }),
    ]);
    expect(body.days).toEqual([
      { date: '2021-09-10', sessions: 1, capacity: 10, booked: 3, checkedIn: 2, vaccinated: 2 },
      { date: '2021-09-12', sessions: 1, capacity: 5, booked: 0, checkedIn: 0, vaccinated: 0 },
    ]);
    expect(body.totals).toEqual({ sessions: 2, capacity: 15, booked: 3, checkedIn: 2, vaccinated: 2 });
    const national = (await overview('admin')).body;
    expect(national?.days[0]).toMatchObject({ date: '2021-09-10', sessions: 2, capacity: 18 });
  });

  it('shows each caller only their jurisdiction: commune, province, one site', async () => {
    const bd = [ids.today, ids.later].sort();
    expect(await idsOf('siteBaDinh')).toEqual(bd);
    expect(await idsOf('siteHcm')).toEqual([ids.hcm]);
    expect(await idsOf('cmBaDinh')).toEqual(bd);
    expect(await idsOf('cmNgocHa')).toEqual([]);
    expect(await idsOf('pmHanoi')).toEqual(bd);
    expect(await idsOf('pmHcm')).toEqual([ids.hcm]);
    expect(await idsOf('admin')).toEqual([...bd, ids.hcm].sort());
    expect((await overview('clinicBaDinh')).status).toBe(403);
    expect((await testApi(ctx.app).vaccinationSessions.overview.raw()).status).toBe(401);
  });

  it('takes a date range, and refuses a reversed, too long or impossible one', async () => {
    expect(await idsOf('cmBaDinh', { from: '2021-10-01', to: '2021-10-31' })).toEqual([ids.clinic]);
    expect(await idsOf('cmBaDinh', { from: '2021-09-11' })).toEqual([ids.later]);
    expect(await idsOf('pmHanoi', { to: '2021-09-10' })).toEqual([ids.today]);
    const reversed = await overview('pmHanoi', { from: '2021-09-10', to: '2021-09-01' });
    expect(reversed.status).toBe(400);
    expect(reversed.problem?.errors?.[0]).toMatchObject({ field: 'to', code: 'date.range_order' });
    const long = await overview('pmHanoi', { from: '2021-01-01', to: '2021-12-31' });
    expect(long.problem?.errors?.[0]).toMatchObject({ field: 'to', code: 'date.range_too_long' });
    expect(long.problem?.errors?.[0].messages.en).toBe('The range may span at most 92 days');
    const impossible = await overview('pmHanoi', { from: '2021-02-30' });
    expect(impossible.status).toBe(400);
    expect(impossible.problem?.errors?.[0].field).toBe('from');
  });
});
