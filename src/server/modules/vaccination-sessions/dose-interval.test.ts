import { beforeAll, describe, expect, it } from 'vitest';
import { testApi } from '../../../../test/helpers/api.ts';
import { citizenSession, personFields, type Session, smsFile } from '../../../../test/helpers/auth.ts';
import { givenEarlier } from '../../../../test/helpers/dose-history.ts';
import { addHouseholdMember } from '../../../../test/helpers/household.ts';
import { NO_PRE } from '../../../../test/helpers/screening.ts';
import { TEST_ENGINES, useTestApp } from '../../../../test/helpers/test-app.ts';
import { buildWorld, type World } from '../../../../test/helpers/world.ts';

/**
 * A dose 2 is never booked or scheduled before the interval allows: the registration says from when,
 * booking an earlier session is refused with that date, scheduling leaves the person for a later one.
 */
describe.each(TEST_ENGINES)('sessions offered and booked follow the dose interval (%s)', (engine) => {
  const sms = smsFile();
  const ctx = useTestApp(engine, { sms: sms.sender, clock: () => new Date('2021-09-01T03:00:00Z') });
  let world: World;
  let campaign: string;
  let citizen: Session;
  /** Had Pfizer dose 1 on 25 August: dose 2 from 15 September (21 days). */
  let early: { person: string; registration: string };
  /** No dose yet: any session suits. */
  let fresh: { person: string; registration: string };

  const session = async (date: string, vaccineCode = 'PFIZER') => {
    const res = await testApi(ctx.app, world.staff.siteBaDinh).vaccinationSessions.create.raw({
      body: {
        facilityId: world.facilities.siteBaDinh,
        campaignId: campaign,
        date,
        vaccineCode,
        capacity: 5,
      },
    });
    expect(res.status, JSON.stringify(res)).toBe(201);
    return res.body!.id;
  };
  const book = (registration: string, sessionId: string) =>
    testApi(ctx.app, citizen).vaccinationSessions.book.raw({
      params: { id: registration },
      body: { sessionId },
    });
  const register = (personId: string) =>
    testApi(ctx.app, citizen).registrations.registerMember.raw({
      params: { personId },
      body: { campaignId: campaign, screening: NO_PRE, preferredUnitId: '2025-00004' },
    });
  const member = async (fullName: string, birthDate: string) => {
    const added = await addHouseholdMember(ctx.app, sms, citizen, {
      relationship: 'other',
      ...personFields({ fullName, birthDate }),
    });
    const person = added.person.id as string;
    const reg = await register(person);
    expect(reg.status, JSON.stringify(reg)).toBe(201);
    return { person, registration: reg.body!.id };
  };

  beforeAll(async () => {
    world = await buildWorld(ctx.app, ctx.database.db, 'ivl');
    campaign = (
      await testApi(ctx.app, world.staff.admin).registrations.createCampaign({
        body: {
          code: 'IVL-1',
          nameVi: 'Đợt 2',
          nameEn: 'Round 2',
          priorityGroupSet: 'NQ21-2021',
          vaccineCodes: ['PFIZER', 'AZ'],
          startsOn: '2021-09-01',
          endsOn: '2021-10-31',
        },
      })
    ).id;
    citizen = await citizenSession(ctx.app, sms, '0912800101', '10.6.0.1');
    await addHouseholdMember(ctx.app, sms, citizen, {
      relationship: 'self',
      ...personFields({ fullName: 'Chủ Hộ Khoảng Cách', birthDate: '1960-01-01' }),
    });
    const person = (
      await addHouseholdMember(ctx.app, sms, citizen, {
        relationship: 'other',
        ...personFields({ fullName: 'Người Mũi Hai', birthDate: '1971-01-01' }),
      })
    ).person.id as string;
    // Dose 1 given elsewhere on 25 August.
    await givenEarlier(ctx.database.db, person, { vaccineCode: 'PFIZER', number: 1, on: '2021-08-25' });
    const reg = await register(person);
    expect(reg.status, JSON.stringify(reg)).toBe(201);
    early = { person, registration: reg.body!.id };
    fresh = await member('Người Chưa Tiêm', '1980-02-02');
  });

  it('the registration says from when dose 2 may be given, and why', async () => {
    const list = await testApi(ctx.app, citizen).registrations.mine();
    const mine = list.items.find((r) => r.id === early.registration);
    expect(mine?.nextDose).toEqual({
      number: 2,
      earliest: '2021-09-15',
      minDays: 21,
      after: '2021-08-25',
      options: expect.arrayContaining(['PFIZER']),
    });
    expect(list.items.find((r) => r.id === fresh.registration)?.nextDose).toBeNull();
  });

  it('booking a session before that day is refused with the date; on the day it is accepted', async () => {
    const tooEarly = await session('2021-09-10');
    const refused = await book(early.registration, tooEarly);
    expect(refused.status).toBe(409);
    expect(refused.problem).toMatchObject({ code: 'session_not_suitable' });
    expect(refused.problem?.messages.vi).toBe(
      'Mũi 2 chỉ được tiêm từ ngày 15/09/2021 (ít nhất 21 ngày sau mũi ngày 25/08/2021)',
    );
    expect(refused.problem?.errors?.[0]).toMatchObject({
      field: 'sessionId',
      code: 'eligibility.dose_too_early',
    });
    // Nothing was taken: the seat is still free and the registration still pending.
    const row = await ctx.database.db
      .selectFrom('vaccination_session')
      .select('booked')
      .where('id', '=', tooEarly)
      .executeTakeFirstOrThrow();
    expect(row.booked).toBe(0);
    // Another vaccine than the mixing rules allow after Pfizer is refused too.
    const otherVaccine = await book(early.registration, await session('2021-09-20', 'AZ'));
    expect(otherVaccine.problem?.errors?.[0].code).toBe('eligibility.vaccine_not_allowed');
    const onTime = await book(early.registration, await session('2021-09-15'));
    expect(onTime.status, JSON.stringify(onTime)).toBe(200);
  });

  it('scheduling a session places those due by its day and leaves the others pending', async () => {
    const second = await member('Người Mũi Hai Khác', '1972-03-03');
    await givenEarlier(ctx.database.db, second.person, {
      vaccineCode: 'PFIZER',
      number: 1,
      on: '2021-08-30',
    });
    const day = await session('2021-09-12');
    const run = await testApi(ctx.app, world.staff.siteBaDinh).vaccinationSessions.schedule.raw({
      params: { id: day },
    });
    expect(run.status, JSON.stringify(run)).toBe(200);
    const states = await ctx.database.db
      .selectFrom('registration')
      .select(['id', 'state', 'session_id'])
      .where('id', 'in', [fresh.registration, second.registration])
      .execute();
    const byId = new Map(states.map((s) => [s.id, s]));
    expect(byId.get(fresh.registration)).toMatchObject({ state: 'scheduled', session_id: day });
    expect(byId.get(second.registration)).toMatchObject({ state: 'pending', session_id: null });
    expect(run.body?.placed).toBe(1);
  });
});
