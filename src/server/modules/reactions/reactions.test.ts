import { beforeAll, describe, expect, it } from 'vitest';
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
    const url = `/api/me/household/members/${memberId}/reactions`;
    const bad = await ctx.app.inject({
      method: 'POST',
      url,
      headers: citizen.headers,
      payload: { onsetAt: '2021-09-01T10:00:00+07:00', symptoms: ['hiccups'], severity: 'mild' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('symptoms.0');
    const future = await ctx.app.inject({
      method: 'POST',
      url,
      headers: citizen.headers,
      payload: { onsetAt: '2021-09-05T10:00:00+07:00', symptoms: ['fever'], severity: 'mild' },
    });
    expect(future.json().errors[0]).toMatchObject({ field: 'onsetAt', code: 'date.future' });
    const ok = await ctx.app.inject({
      method: 'POST',
      url,
      headers: citizen.headers,
      payload: {
        onsetAt: '2021-09-01T20:00:00+07:00',
        symptoms: ['fever', 'headache'],
        severity: 'moderate',
        description: 'Sốt 38,5 độ',
      },
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({
      reporterKind: 'citizen',
      serious: false,
      symptoms: ['fever', 'headache'],
    });
    const list = (await ctx.app.inject({ url, headers: citizen.headers })).json();
    expect(list.items).toHaveLength(1);
    const staffList = (
      await ctx.app.inject({ url: '/api/staff/aefi', headers: world.staff.cmBaDinh.headers })
    ).json();
    expect(staffList.items.map((r: { personId: string }) => r.personId)).toContain(memberId);
    expect(
      (await ctx.app.inject({ url: '/api/staff/aefi', headers: world.staff.cmNgocHa.headers })).json().items,
    ).toEqual([]);
  });

  it('a serious AEFI recorded by staff alerts the commune and province managers at once, nobody else', async () => {
    const missing = await ctx.app.inject({
      method: 'POST',
      url: '/api/staff/aefi',
      headers: world.staff.siteBaDinh.headers,
      payload: {
        personId: world.people.baDinh,
        onsetAt: '2021-09-01T09:30:00+07:00',
        symptoms: ['anaphylaxis'],
        severity: 'severe',
        serious: true,
        outcome: 'recovering',
      },
    });
    expect(missing.json().errors[0]).toMatchObject({ field: 'seriousCriteria', code: 'field.required' });
    const serious = await ctx.app.inject({
      method: 'POST',
      url: '/api/staff/aefi',
      headers: world.staff.siteBaDinh.headers,
      payload: {
        personId: world.people.baDinh,
        onsetAt: '2021-09-01T09:30:00+07:00',
        symptoms: ['anaphylaxis', 'breathing_difficulty'],
        severity: 'severe',
        serious: true,
        seriousCriteria: ['life_threatening', 'hospitalisation'],
        outcome: 'recovering',
      },
    });
    expect(serious.statusCode, serious.body).toBe(201);
    const alerts = (who: keyof World['staff']) =>
      ctx.app.inject({ url: '/api/staff/alerts', headers: world.staff[who].headers });
    expect((await alerts('cmBaDinh')).json().items).toEqual([
      expect.objectContaining({
        kind: 'aefi.serious',
        personName: 'Nguyễn Văn A',
        unitName: 'Phường Ba Đình',
      }),
    ]);
    expect((await alerts('pmHanoi')).json().items).toEqual([
      expect.objectContaining({ kind: 'aefi.serious', unitName: 'Thành phố Hà Nội' }),
    ]);
    expect((await alerts('cmNgocHa')).json().items).toEqual([]);
    expect((await alerts('pmHcm')).json().items).toEqual([]);
    expect((await alerts('siteBaDinh')).statusCode).toBe(403);
    const seriousOnly = (
      await ctx.app.inject({ url: '/api/staff/aefi?serious=true', headers: world.staff.pmHanoi.headers })
    ).json();
    expect(seriousOnly.items).toHaveLength(1);
    expect(
      (
        await ctx.app.inject({
          method: 'POST',
          url: '/api/staff/aefi',
          headers: world.staff.siteHcm.headers,
          payload: {
            personId: world.people.baDinh,
            onsetAt: '2021-09-01T09:30:00+07:00',
            symptoms: ['fever'],
            severity: 'mild',
            serious: false,
            outcome: 'recovered',
          },
        })
      ).statusCode,
    ).toBe(404);
  });
});
