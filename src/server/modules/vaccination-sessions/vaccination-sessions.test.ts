import { beforeAll, describe, expect, it } from 'vitest';
import { testApi } from '../../../../test/helpers/api.ts';
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

describe.each(TEST_ENGINES)('sessions and scheduling never exceed capacity (%s)', (engine) => {
  const sms = smsFile();
  const ctx = useTestApp(engine, { sms: sms.sender, clock: () => new Date('2021-09-01T03:00:00Z') });
  let world: World;
  let campaign: string;
  const citizens: Session[] = [];
  const registrations: { id: string; citizen: Session }[] = [];
  const createSession = (capacity: number) =>
    testApi(ctx.app, world.staff.siteBaDinh).vaccinationSessions.create({
      body: {
        facilityId: world.facilities.siteBaDinh,
        campaignId: campaign,
        date: '2021-09-10',
        vaccineCode: 'PFIZER',
        capacity,
        slots: ['08:00-10:00', '14:00-16:00'],
      },
    });

  beforeAll(async () => {
    world = await buildWorld(ctx.app, ctx.database.db, 'ses');
    campaign = (
      await testApi(ctx.app, world.staff.admin).registrations.createCampaign({
        body: {
          code: 'SES-1',
          nameVi: 'Đợt 1',
          nameEn: 'Round 1',
          priorityGroupSet: 'NQ21-2021',
          vaccineCodes: ['PFIZER'],
          startsOn: '2021-09-01',
          endsOn: '2021-09-30',
        },
      })
    ).id;
    for (const [c, phone] of ['0912800001', '0912800002'].entries()) {
      const citizen = await citizenSession(ctx.app, sms, phone, `10.5.0.${c + 1}`);
      citizens.push(citizen);
      for (let i = 0; i < 10; i++) {
        const added = await addHouseholdMember(
          ctx.app,
          sms,
          citizen,
          {
            relationship: i === 0 ? 'self' : 'other',
            ...personFields({
              fullName: `Người Xếp Lịch ${String.fromCharCode(65 + c)}${String.fromCharCode(65 + i)}`,
              birthDate: `19${70 + i}-03-0${c + 1}`,
            }),
          },
          `10.5.0.${c + 1}`,
        );
        const personId = added.person.id;
        const reg = await testApi(ctx.app, citizen).registrations.registerMember.raw({
          params: { personId },
          body: {
            campaignId: campaign,
            screening: NO,
            priorityGroup: i % 3 === 0 ? '1' : '9',
            preferredUnitId: '2025-00004',
          },
        });
        expect(reg.status, JSON.stringify(reg)).toBe(201);
        registrations.push({ id: reg.body!.id, citizen });
      }
    }
  });

  it('20 parallel citizen bookings into a session of 5: exactly 5 succeed', async () => {
    const session = await createSession(5);
    const answers = await Promise.all(
      registrations.map((r) =>
        testApi(ctx.app, r.citizen).vaccinationSessions.book.raw({
          params: { id: r.id },
          body: { sessionId: session.id },
        }),
      ),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(5);
    expect(answers.filter((a) => a.status === 409).every((a) => a.problem?.code === 'session_full')).toBe(
      true,
    );
    const row = await ctx.database.db
      .selectFrom('vaccination_session')
      .select('booked')
      .where('id', '=', session.id)
      .executeTakeFirstOrThrow();
    expect(row.booked).toBe(5);
    const scheduled = await ctx.database.db
      .selectFrom('registration')
      .select('id')
      .where('session_id', '=', session.id)
      .execute();
    expect(scheduled).toHaveLength(5);
    const inbox = await testApi(ctx.app, citizens[0]).households.inbox();
    expect(inbox.items.some((n: { kind: string }) => n.kind === 'appointment.scheduled')).toBe(true);
  });

  it('parallel scheduling runs fill a session by priority group and never overbook', async () => {
    const session = await createSession(7);
    const runs = await Promise.all(
      Array.from({ length: 20 }, () =>
        testApi(ctx.app, world.staff.siteBaDinh).vaccinationSessions.schedule.raw({
          params: { id: session.id },
        }),
      ),
    );
    expect(runs.every((r) => r.status === 200)).toBe(true);
    expect(runs.reduce((sum, r) => sum + (r.body?.placed ?? 0), 0)).toBe(7);
    const placed = await ctx.database.db
      .selectFrom('registration')
      .select(['priority_group', 'slot'])
      .where('session_id', '=', session.id)
      .execute();
    expect(placed).toHaveLength(7);
    const groups = placed.map((p) => p.priority_group);
    const pendingGroup1 = await ctx.database.db
      .selectFrom('registration')
      .select('id')
      .where('state', '=', 'pending')
      .where('priority_group', '=', '1')
      .execute();
    // Group 1 goes first: no group-1 registration is left waiting while group 9 was placed.
    if (groups.includes('9')) expect(pendingGroup1).toHaveLength(0);
    expect(new Set(placed.map((p) => p.slot))).toEqual(new Set(['08:00-10:00', '14:00-16:00']));
    const row = await ctx.database.db
      .selectFrom('vaccination_session')
      .select('booked')
      .where('id', '=', session.id)
      .executeTakeFirstOrThrow();
    expect(row.booked).toBe(7);
  });

  it('only staff of the facility (or its unit) plan its sessions', async () => {
    const other = await testApi(ctx.app, world.staff.siteHcm).vaccinationSessions.create.raw({
      body: {
        facilityId: world.facilities.siteBaDinh,
        campaignId: campaign,
        date: '2021-09-11',
        vaccineCode: 'PFIZER',
        capacity: 10,
      },
    });
    expect(other.status).toBe(404);
    const list = await testApi(ctx.app).vaccinationSessions.upcoming({ query: { from: '2021-09-01' } });
    expect(list.items.length).toBeGreaterThanOrEqual(2);
  });
});
