import { beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { testApi } from '../../../../test/helpers/api.ts';
import { citizenSession, personFields, type Session, smsFile } from '../../../../test/helpers/auth.ts';
import { addHouseholdMember } from '../../../../test/helpers/household.ts';
import { TEST_ENGINES, useTestApp } from '../../../../test/helpers/test-app.ts';
import { buildWorld, type World } from '../../../../test/helpers/world.ts';
import type { registrationCreateSchema } from '../../../shared/schemas/registrations.ts';

type RegistrationInput = z.input<typeof registrationCreateSchema>;

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
    const created = await testApi(ctx.app, world.staff.admin).registrations.createCampaign.raw({
      body: {
        code: 'HN-2021-09',
        nameVi: 'Đợt tiêm tháng 9/2021',
        nameEn: 'September 2021 round',
        priorityGroupSet: 'NQ21-2021',
        vaccineCodes: ['PFIZER', 'AZ'],
        startsOn: '2021-09-01',
        endsOn: '2021-09-30',
      },
    });
    expect(created.status, JSON.stringify(created)).toBe(201);
    campaign = created.body!.id;
  });
  const register = (personId: string, payload: Partial<RegistrationInput>) =>
    testApi(ctx.app, citizen).registrations.registerMember.raw({
      params: { personId },
      body: { campaignId: campaign, screening: NO, ...payload },
    });

  it('registers an eligible member with a priority group and preferences; a second open registration is refused', async () => {
    const res = await register(adult, {
      priorityGroup: '4',
      preferredUnitId: '2025-00004',
      preferredFrom: '2021-09-05',
      preferredTo: '2021-09-20',
      screening: { ...NO, severeAllergy: true },
    });
    expect(res.status, JSON.stringify(res)).toBe(201);
    expect(res.body).toMatchObject({ state: 'pending', source: 'citizen', priorityGroup: '4' });
    expect(res.body?.notes[0].messages.en).toContain('with caution');
    expect((await register(adult, {})).problem?.code).toBe('registration_open');
    expect((await register(adult, { priorityGroup: '42' })).problem?.errors?.[0]).toMatchObject({
      field: 'priorityGroup',
      code: 'registration.group_unknown',
    });
    const mine = await testApi(ctx.app, citizen).registrations.mine();
    expect(mine.items).toHaveLength(1);
  });

  it('refuses the ineligible with the reasons: too young, deferred by the screening answers', async () => {
    const young = await register(teen, {});
    expect(young.status).toBe(400);
    expect(young.problem).toMatchObject({
      code: 'not_eligible',
      errors: [{ code: 'eligibility.too_young' }],
    });
    const site = testApi(ctx.app, world.staff.siteBaDinh);
    const staffWalkIn = await site.registrations.registerWalkIn.raw({
      params: { id: world.people.baDinh },
      body: { campaignId: campaign, screening: { ...NO, covidWithin6Months: true } },
    });
    expect(staffWalkIn.problem?.errors?.[0]).toMatchObject({
      field: 'screening',
      code: 'eligibility.recent_covid',
    });
    const walkIn = await site.registrations.registerWalkIn.raw({
      params: { id: world.people.baDinh },
      body: { campaignId: campaign, screening: NO },
    });
    expect(walkIn.status, JSON.stringify(walkIn)).toBe(201);
    expect(walkIn.body?.source).toBe('walk_in');
    const outside = await site.registrations.registerWalkIn.raw({
      params: { id: world.people.hcm },
      body: { campaignId: campaign, screening: NO },
    });
    expect(outside.status).toBe(404);
  });

  it('changes and cancels a pending registration; a cancelled one cannot be changed', async () => {
    const api = testApi(ctx.app, citizen);
    const mine = (await api.registrations.mine()).items[0];
    const params = { id: mine.id };
    const changed = await api.registrations.change.raw({ params, body: { preferredTo: '2021-09-25' } });
    expect(changed.body).toMatchObject({ preferredTo: '2021-09-25' });
    const cancelled = await api.registrations.cancel.raw({ params });
    expect(cancelled.body?.state).toBe('cancelled');
    const late = await api.registrations.change.raw({ params, body: { preferredTo: '2021-09-26' } });
    expect(late.status).toBe(409);
    expect((await register(adult, {})).status).toBe(201);
  });
});
