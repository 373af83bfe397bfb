import { beforeAll, describe, expect, it } from 'vitest';
import { invalid, testApi } from '../../../../test/helpers/api.ts';
import { citizenSession, personFields, type Session, smsFile } from '../../../../test/helpers/auth.ts';
import { addHouseholdMember } from '../../../../test/helpers/household.ts';
import { TEST_ENGINES, useTestApp } from '../../../../test/helpers/test-app.ts';
import { buildWorld, type World } from '../../../../test/helpers/world.ts';

describe.each(TEST_ENGINES)('reactions after vaccination (%s)', (engine) => {
  const sms = smsFile();
  const ctx = useTestApp(engine, { sms: sms.sender, clock: () => new Date('2021-09-02T03:00:00Z') });
  let world: World;
  let citizen: Session;
  let memberId: string;
  beforeAll(async () => {
    world = await buildWorld(ctx.app, ctx.database.db, 'aefi');
    citizen = await citizenSession(ctx.app, sms, '0912600001');
    const added = await addHouseholdMember(ctx.app, sms, citizen, {
      relationship: 'self',
      ...personFields({
        fullName: 'Phan Thị Lụa',
        sex: 'female',
        birthDate: '1988-01-01',
        unitId: '2025-00004',
      }),
    });
    memberId = added.person.id;
  });

  it('a citizen reports a reaction for a household member; validation names the fields', async () => {
    const api = testApi(ctx.app, citizen);
    const params = { personId: memberId };
    const bad = await api.reactions.report.raw({
      params,
      body: { onsetAt: '2021-09-01T10:00:00+07:00', symptoms: invalid(['hiccups']), severity: 'mild' },
    });
    expect(bad.status).toBe(400);
    expect(bad.problem?.errors?.[0]?.field).toBe('symptoms.0');
    const future = await api.reactions.report.raw({
      params,
      body: { onsetAt: '2021-09-05T10:00:00+07:00', symptoms: ['fever'], severity: 'mild' },
    });
    expect(future.problem?.errors?.[0]).toMatchObject({ field: 'onsetAt', code: 'date.future' });
    const ok = await api.reactions.report.raw({
      params,
      body: {
        onsetAt: '2021-09-01T20:00:00+07:00',
        symptoms: ['fever', 'headache'],
        severity: 'moderate',
        description: 'Sốt 38,5 độ',
      },
    });
    expect(ok.status, JSON.stringify(ok)).toBe(201);
    expect(ok.body).toMatchObject({
      reporterKind: 'citizen',
      serious: false,
      symptoms: ['fever', 'headache'],
    });
    const list = await api.reactions.memberReactions({ params });
    expect(list.items).toHaveLength(1);
    const staffList = await testApi(ctx.app, world.staff.cmBaDinh).reactions.listAefi();
    expect(staffList.items.map((r) => r.personId)).toContain(memberId);
    expect((await testApi(ctx.app, world.staff.cmNgocHa).reactions.listAefi()).items).toEqual([]);
  });

  it('a serious AEFI recorded by staff alerts the commune and province managers at once, nobody else', async () => {
    const site = testApi(ctx.app, world.staff.siteBaDinh);
    const missing = await site.reactions.recordAefi.raw({
      body: {
        personId: world.people.baDinh,
        onsetAt: '2021-09-01T09:30:00+07:00',
        symptoms: ['anaphylaxis'],
        severity: 'severe',
        serious: true,
        outcome: 'recovering',
      },
    });
    expect(missing.problem?.errors?.[0]).toMatchObject({
      field: 'seriousCriteria',
      code: 'field.required',
    });
    const serious = await site.reactions.recordAefi.raw({
      body: {
        personId: world.people.baDinh,
        onsetAt: '2021-09-01T09:30:00+07:00',
        symptoms: ['anaphylaxis', 'breathing_difficulty'],
        severity: 'severe',
        serious: true,
        seriousCriteria: ['life_threatening', 'hospitalisation'],
        outcome: 'recovering',
      },
    });
    expect(serious.status, JSON.stringify(serious)).toBe(201);
    const alerts = (who: keyof World['staff']) => testApi(ctx.app, world.staff[who]).reactions.alerts.raw();
    const items = async (who: keyof World['staff']) => {
      const answer = await alerts(who);
      return answer.ok ? answer.body.items : answer.problem;
    };
    expect(await items('cmBaDinh')).toEqual([
      expect.objectContaining({
        kind: 'aefi.serious',
        personName: 'Nguyễn Văn A',
        unitName: 'Phường Ba Đình',
      }),
    ]);
    expect(await items('pmHanoi')).toEqual([
      expect.objectContaining({ kind: 'aefi.serious', unitName: 'Thành phố Hà Nội' }),
    ]);
    expect(await items('cmNgocHa')).toEqual([]);
    expect(await items('pmHcm')).toEqual([]);
    expect((await alerts('siteBaDinh')).status).toBe(403);
    const seriousOnly = await testApi(ctx.app, world.staff.pmHanoi).reactions.listAefi({
      query: { serious: 'true' },
    });
    expect(seriousOnly.items).toHaveLength(1);
    expect(
      (
        await testApi(ctx.app, world.staff.siteHcm).reactions.recordAefi.raw({
          body: {
            personId: world.people.baDinh,
            onsetAt: '2021-09-01T09:30:00+07:00',
            symptoms: ['fever'],
            severity: 'mild',
            serious: false,
            outcome: 'recovered',
          },
        })
      ).status,
    ).toBe(404);
  });
});
