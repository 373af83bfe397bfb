import { beforeAll, describe, expect, it } from 'vitest';
import { citizenSession, personFields, type Session, smsFile } from '../../../../test/helpers/auth.ts';
import { addHouseholdMember } from '../../../../test/helpers/household.ts';
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

describe.each(TEST_ENGINES)('registration for vaccination (%s)', (engine) => {
  const sms = smsFile();
  const ctx = useTestApp(engine, { sms: sms.sender, clock: () => new Date('2021-09-01T03:00:00Z') });
  let world: World;
  let citizen: Session;
  let adult: string;
  let teen: string;
  let campaign: string;
  beforeAll(async () => {
    world = await buildWorld(ctx.app, ctx.database.db, 'reg');
    citizen = await citizenSession(ctx.app, sms, '0912700001');
    const add = async (payload: Record<string, unknown>) =>
      (await addHouseholdMember(ctx.app, sms, citizen, payload)).person.id as string;
    adult = await add({
      relationship: 'self',
      ...personFields({ fullName: 'Đào Văn Hải', birthDate: '1979-05-05' }),
    });
    teen = await add({
      relationship: 'child',
      fullName: 'Đào Minh Khôi',
      birthDate: '2005-02-02',
      sex: 'male',
      unitId: '2025-00004',
    });
    const created = await ctx.app.inject({
      method: 'POST',
      url: '/api/admin/campaigns',
      headers: world.staff.admin.headers,
      payload: {
        code: 'HN-2021-09',
        nameVi: 'Đợt tiêm tháng 9/2021',
        nameEn: 'September 2021 round',
        priorityGroupSet: 'NQ21-2021',
        vaccineCodes: ['PFIZER', 'AZ'],
        startsOn: '2021-09-01',
        endsOn: '2021-09-30',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    campaign = created.json().id;
  });
  const register = (personId: string, payload: object) =>
    ctx.app.inject({
      method: 'POST',
      url: `/api/me/household/members/${personId}/registrations`,
      headers: citizen.headers,
      payload: { campaignId: campaign, screening: NO, ...payload },
    });

  it('registers an eligible member with a priority group and preferences; a second open registration is refused', async () => {
    const res = await register(adult, {
      priorityGroup: '4',
      preferredUnitId: '2025-00004',
      preferredFrom: '2021-09-05',
      preferredTo: '2021-09-20',
      screening: { ...NO, severeAllergy: true },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ state: 'pending', source: 'citizen', priorityGroup: '4' });
    expect(res.json().notes[0].messages.en).toContain('with caution');
    expect((await register(adult, {})).json().code).toBe('registration_open');
    expect((await register(adult, { priorityGroup: '42' })).json().errors[0]).toMatchObject({
      field: 'priorityGroup',
      code: 'registration.group_unknown',
    });
    const mine = (await ctx.app.inject({ url: '/api/me/registrations', headers: citizen.headers })).json();
    expect(mine.items).toHaveLength(1);
  });

  it('refuses the ineligible with the reasons: too young, deferred by the screening answers', async () => {
    const young = await register(teen, {});
    expect(young.statusCode).toBe(400);
    expect(young.json()).toMatchObject({ code: 'not_eligible', errors: [{ code: 'eligibility.too_young' }] });
    const staffWalkIn = await ctx.app.inject({
      method: 'POST',
      url: `/api/staff/people/${world.people.baDinh}/registrations`,
      headers: world.staff.siteBaDinh.headers,
      payload: { campaignId: campaign, screening: { ...NO, covidWithin6Months: true } },
    });
    expect(staffWalkIn.json().errors[0]).toMatchObject({
      field: 'screening',
      code: 'eligibility.recent_covid',
    });
    const walkIn = await ctx.app.inject({
      method: 'POST',
      url: `/api/staff/people/${world.people.baDinh}/registrations`,
      headers: world.staff.siteBaDinh.headers,
      payload: { campaignId: campaign, screening: NO },
    });
    expect(walkIn.statusCode, walkIn.body).toBe(201);
    expect(walkIn.json().source).toBe('walk_in');
    const outside = await ctx.app.inject({
      method: 'POST',
      url: `/api/staff/people/${world.people.hcm}/registrations`,
      headers: world.staff.siteBaDinh.headers,
      payload: { campaignId: campaign, screening: NO },
    });
    expect(outside.statusCode).toBe(404);
  });

  it('changes and cancels a pending registration; a cancelled one cannot be changed', async () => {
    const mine = (await ctx.app.inject({ url: '/api/me/registrations', headers: citizen.headers })).json()
      .items[0];
    const changed = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/me/registrations/${mine.id}`,
      headers: citizen.headers,
      payload: { preferredTo: '2021-09-25' },
    });
    expect(changed.json()).toMatchObject({ preferredTo: '2021-09-25' });
    const cancelled = await ctx.app.inject({
      method: 'POST',
      url: `/api/me/registrations/${mine.id}/cancel`,
      headers: citizen.headers,
    });
    expect(cancelled.json().state).toBe('cancelled');
    const late = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/me/registrations/${mine.id}`,
      headers: citizen.headers,
      payload: { preferredTo: '2021-09-26' },
    });
    expect(late.statusCode).toBe(409);
    expect((await register(adult, {})).statusCode).toBe(201);
  });
});
