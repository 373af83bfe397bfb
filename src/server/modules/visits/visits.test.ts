import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { invalid, testApi } from '../../../../test/helpers/api.ts';
import { personFields, smsFile } from '../../../../test/helpers/auth.ts';
import { givenEarlier } from '../../../../test/helpers/dose-history.ts';
import { CLEAR, NO_PRE, NORMAL } from '../../../../test/helpers/screening.ts';
import { TEST_ENGINES, useTestApp } from '../../../../test/helpers/test-app.ts';
import { buildWorld, type World } from '../../../../test/helpers/world.ts';
import type { Input } from '../../../shared/api/endpoint.ts';
import type { visits as visitsApi } from '../../../shared/contracts/visits.ts';

describe.each(TEST_ENGINES)('check-in, screening and who may do them (%s)', (engine) => {
  const ctx = useTestApp(engine, { sms: smsFile().sender, clock: () => new Date('2021-09-10T02:00:00Z') });
  let world: World;
  let campaign: string;
  const as = (who: keyof World['staff'], method: 'GET' | 'POST', url: string, payload?: object) =>
    ctx.app.inject({ method, url, headers: world.staff[who].headers, payload });
  const walkIn = async (personId: string) => {
    const res = await as('siteBaDinh', 'POST', `/api/staff/people/${personId}/registrations`, {
      campaignId: campaign,
      screening: NO_PRE,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const visits = (who: keyof World['staff']) => testApi(ctx.app, world.staff[who]).visits;
  const checkIn = (who: keyof World['staff'], registration: string) =>
    visits(who).checkIn.raw({ params: { id: registration }, body: {} });
  const dayList = (who: keyof World['staff'], facilityId?: string) =>
    visits(who).dayList.raw({ query: { facilityId } });
  const day = async (who: keyof World['staff']) => {
    const answer = await dayList(who);
    if (!answer.ok) throw new Error(answer.problem.code);
    return answer.body;
  };
  const screen = (
    registration: string,
    body: Partial<Input<typeof visitsApi.screen>['body']>,
    who: keyof World['staff'] = 'siteBaDinh',
  ) =>
    visits(who).screen.raw({
      params: { id: registration },
      body: { id: randomUUID(), checklist: CLEAR, vitals: NORMAL, outcome: 'vaccinate', ...body },
    });

  beforeAll(async () => {
    world = await buildWorld(ctx.app, ctx.database.db, 'visit');
    campaign = (
      await as('admin', 'POST', '/api/admin/campaigns', {
        code: 'VISIT-1',
        nameVi: 'Đợt khám',
        nameEn: 'Round',
        priorityGroupSet: 'NQ21-2021',
        vaccineCodes: ['PFIZER'],
        startsOn: '2021-09-01',
        endsOn: '2021-12-31',
      })
    ).json().id;
  });

  it('a walk-in is checked in once (twice is harmless) and appears on the day list', async () => {
    const reg = await walkIn(world.people.baDinh);
    expect((await checkIn('siteBaDinh', reg)).status).toBe(200);
    expect((await checkIn('siteBaDinh', reg)).status).toBe(200);
    const list = await day('siteBaDinh');
    expect(list.items).toEqual([
      expect.objectContaining({
        registrationId: reg,
        source: 'walk_in',
        state: 'checked_in',
        screening: null,
      }),
    ]);
    expect(list.date).toBe('2021-09-10');
    // Another site cannot check the same person in, nor see them on its list.
    expect((await checkIn('siteHcm', reg)).status).toBe(409);
    expect((await dayList('siteHcm')).body?.items).toEqual([]);
    // A clinic may not vaccinate; a commune manager reads the site's list, a foreign province cannot.
    expect((await checkIn('clinicBaDinh', reg)).status).toBe(403);
    const cm = await dayList('cmBaDinh', world.facilities.siteBaDinh);
    expect(cm.body?.items).toHaveLength(1);
    expect((await dayList('pmHcm', world.facilities.siteBaDinh)).status).toBe(404);
    expect((await dayList('cmBaDinh')).problem?.errors?.[0]?.field).toBe('facilityId');
    const audit = await ctx.database.db
      .selectFrom('audit_event')
      .select('action')
      .where('record_id', '=', reg)
      .execute();
    expect(audit.map((a) => a.action)).toContain('registration.check_in');
  });

  it('screening: suggestion from answers and vitals, milder outcome needs a reason, resend is idempotent', async () => {
    const reg = (await day('siteBaDinh')).items[0]!.registrationId;
    const fever = await screen(reg, { vitals: { ...NORMAL, temperatureC: 38.1 } });
    expect(fever.status).toBe(400);
    expect(fever.problem?.errors?.[0]).toMatchObject({
      field: 'overrideReason',
      code: 'screening.override_reason_required',
    });
    const outOfRange = await screen(reg, { vitals: { ...NORMAL, pulse: 400 } });
    expect(outOfRange.problem?.errors?.[0]?.field).toBe('vitals.pulse');

    const body = {
      id: randomUUID(),
      checklist: { ...CLEAR, allergyHistory: true },
      vitals: NORMAL,
      outcome: 'caution' as const,
    };
    const first = await screen(reg, body);
    expect(first.status, JSON.stringify(first)).toBe(200);
    expect(first.body).toMatchObject({ suggestedOutcome: 'caution', outcome: 'caution' });
    expect(first.body?.reasons[0]?.messages.en).toMatch(/allergy/);
    const again = await screen(reg, body);
    expect(again.body?.id).toBe(first.body?.id);
    const reused = await screen(reg, { ...body, outcome: 'hospital' });
    expect(reused.status).toBe(409);
    const rows = await ctx.database.db
      .selectFrom('screening')
      .select('id')
      .where('registration_id', '=', reg)
      .execute();
    expect(rows).toHaveLength(1);
    const list = await day('siteBaDinh');
    expect(list.items[0]?.screening).toMatchObject({ outcome: 'caution' });
  });

  it('a defer outcome closes the registration for today; screening needs a check-in first', async () => {
    const created = await testApi(ctx.app, world.staff.siteBaDinh).people.create.raw({
      body: { ...personFields({ fullName: 'Đỗ Thị Hoãn', birthDate: '1975-02-02', unitId: '2025-00004' }) },
    });
    expect(created.status, JSON.stringify(created)).toBe(201);
    const reg = await walkIn(created.body!.id);
    const notYet = await screen(reg, {});
    expect(notYet.status).toBe(409);
    expect(notYet.problem?.code).toBe('not_checked_in');
    await checkIn('siteBaDinh', reg);
    const deferred = await screen(reg, { checklist: { ...CLEAR, acuteIllness: true }, outcome: 'defer' });
    expect(deferred.body).toMatchObject({ suggestedOutcome: 'defer', outcome: 'defer' });
    const row = await ctx.database.db
      .selectFrom('registration')
      .select('state')
      .where('id', '=', reg)
      .executeTakeFirstOrThrow();
    expect(row.state).toBe('deferred');
    const list = await day('siteBaDinh');
    expect(list.counts).toMatchObject({ expected: 2, checkedIn: 2, screened: 2, deferred: 1, vaccinated: 0 });
    expect((await checkIn('siteBaDinh', reg)).problem?.code).toBe('registration_closed');
  });

  it('an appointment on another day is refused at check-in with its date and place', async () => {
    const session = await as('siteBaDinh', 'POST', '/api/staff/sessions', {
      facilityId: world.facilities.siteBaDinh,
      campaignId: campaign,
      date: '2021-09-12',
      vaccineCode: 'PFIZER',
      capacity: 5,
    });
    const person = world.people.hcm;
    const reg = await as('siteHcm', 'POST', `/api/staff/people/${person}/registrations`, {
      campaignId: campaign,
      screening: NO_PRE,
    });
    expect(reg.statusCode, reg.body).toBe(201);
    await as('siteBaDinh', 'POST', `/api/staff/sessions/${session.json().id}/schedule`);
    const res = await checkIn('siteBaDinh', reg.json().id);
    expect(res.status).toBe(409);
    expect(res.problem).toMatchObject({ code: 'wrong_day' });
    expect(res.problem?.messages.vi).toContain('12/09/2021');
  });
  it('vital signs not measured are sent as null, saved as null, and the suggestion says so', async () => {
    const created = await testApi(ctx.app, world.staff.siteBaDinh).people.create({
      body: {
        ...personFields({ fullName: 'Phạm Văn Chưa Đo', birthDate: '1968-06-06', unitId: '2025-00004' }),
      },
    });
    const reg = await walkIn(created.id);
    await checkIn('siteBaDinh', reg);
    const unmeasured = {
      temperatureC: null,
      pulse: 80,
      systolic: null,
      diastolic: null,
      respiratoryRate: 18,
    };
    // A sign left out altogether is an error (the form must say "not measured", not forget it).
    const { temperatureC: _left, ...without } = NORMAL;
    const missing = await screen(reg, { vitals: invalid(without) });
    expect(missing.status).toBe(400);
    expect(missing.problem?.errors?.[0]?.field).toBe('vitals.temperatureC');
    // "Eligible at once" over unmeasured signs needs a reason, like any milder outcome.
    const asIfNormal = await screen(reg, { vitals: unmeasured });
    expect(asIfNormal.status).toBe(400);
    expect(asIfNormal.problem?.errors?.[0]?.field).toBe('overrideReason');
    const saved = await screen(reg, { vitals: unmeasured, outcome: 'caution' });
    expect(saved.status, JSON.stringify(saved)).toBe(200);
    expect(saved.body).toMatchObject({ suggestedOutcome: 'caution', outcome: 'caution' });
    expect(saved.body?.vitals).toMatchObject({ temperatureC: null, systolic: null, pulse: 80 });
    const vi = saved.body?.reasons.map((r) => r.messages.vi);
    expect(vi).toEqual(
      expect.arrayContaining([
        expect.stringContaining('Chưa đo nhiệt độ'),
        expect.stringContaining('Chưa đo huyết áp tâm thu'),
      ]),
    );
    const row = await ctx.database.db
      .selectFrom('screening')
      .select('vitals')
      .where('id', '=', saved.body?.id ?? '')
      .executeTakeFirstOrThrow();
    expect(row.vitals).toMatchObject({ temperatureC: null, systolic: null, diastolic: null, pulse: 80 });
  });

  it('a dose not due yet: screening suggests deferring, with the interval rule and its date', async () => {
    const created = await testApi(ctx.app, world.staff.siteBaDinh).people.create({
      body: { ...personFields({ fullName: 'Vũ Thị Sớm', birthDate: '1972-07-07', unitId: '2025-00004' }) },
    });
    const personId = created.id;
    // Dose 1 (Pfizer, 21 days) on 1 September, elsewhere: dose 2 from 22 September; today is the 10th.
    await givenEarlier(ctx.database.db, personId, { vaccineCode: 'PFIZER', number: 1, on: '2021-09-01' });
    const reg = await walkIn(personId);
    await checkIn('siteBaDinh', reg);
    const atOnce = await screen(reg, {});
    expect(atOnce.status).toBe(400);
    expect(atOnce.problem?.errors?.[0]).toMatchObject({ field: 'overrideReason' });
    const deferred = await screen(reg, { outcome: 'defer' });
    expect(deferred.body).toMatchObject({ suggestedOutcome: 'defer', outcome: 'defer' });
    const reasons = deferred.body?.reasons.map((r) => r.messages.vi);
    expect(reasons).toContain(
      'Chưa đến ngày tiêm mũi 2: sớm nhất từ 22/09/2021 (ít nhất 21 ngày sau mũi ngày 01/09/2021): tạm hoãn',
    );
  });
});
