import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { testApi } from '../../../../test/helpers/api.ts';
import { citizenSession, personFields, type Session, smsFile } from '../../../../test/helpers/auth.ts';
import { addHouseholdMember } from '../../../../test/helpers/household.ts';
import { CLEAR, NO_PRE, NORMAL as NORMAL_SIGNS } from '../../../../test/helpers/screening.ts';
import { TEST_ENGINES, useTestApp } from '../../../../test/helpers/test-app.ts';
import { buildWorld, relogin, type World } from '../../../../test/helpers/world.ts';

const NORMAL = { ...NORMAL_SIGNS, spo2: 98 };

/**
 * The acceptance story of the vaccination loop, on each engine, with the clock injected: a citizen
 * registers a household member → staff schedule → check-in → screening → dose 1 (yellow, next dose
 * date) → dose 2 after the interval → green 14 days later. Idempotency, duplicates and stock on the way.
 */
describe.each(TEST_ENGINES)('the vaccination loop, register to green (%s)', (engine) => {
  const sms = smsFile();
  let now = new Date('2021-09-01T02:00:00Z');
  const ctx = useTestApp(engine, { sms: sms.sender, clock: () => now });
  const travel = async (iso: string) => {
    now = new Date(iso);
    await relogin(ctx.app, world, 'loop');
    citizen = await citizenSession(ctx.app, sms, PHONE, `10.9.${++logins}.1`);
  };
  const PHONE = '0912700001';
  let logins = 0;
  let world: World;
  let citizen: Session;
  let memberId: string;
  let campaign: string;
  let lot: string;
  const site = () => world.staff.siteBaDinh.headers;
  const inject = (method: 'GET' | 'POST', url: string, headers: Record<string, string>, payload?: object) =>
    ctx.app.inject({ method, url, headers, payload });

  /** The site's client: made per call, as `travel` signs the staff in again. */
  const siteApi = () => testApi(ctx.app, world.staff.siteBaDinh);
  const siteStock = async () => {
    const stock = await siteApi().stock.levels();
    return stock.items.find((i) => i.lot.id === lot)?.quantity;
  };
  const status = async () =>
    (await testApi(ctx.app, citizen).doses.memberVaccination({ params: { personId: memberId } })).status;

  /** Registers, schedules into a session on `day`, then (on that day) checks in and screens. */
  const toScreenedOn = async (day: string) => {
    const reg = await inject('POST', `/api/me/household/members/${memberId}/registrations`, citizen.headers, {
      campaignId: campaign,
      screening: NO_PRE,
      priorityGroup: '1',
      preferredUnitId: '2025-00004',
    });
    expect(reg.statusCode, reg.body).toBe(201);
    const session = await inject('POST', '/api/staff/sessions', site(), {
      facilityId: world.facilities.siteBaDinh,
      campaignId: campaign,
      date: day,
      vaccineCode: 'PFIZER',
      capacity: 20,
      slots: ['08:00-11:00'],
    });
    expect(session.statusCode, session.body).toBe(201);
    const scheduled = await inject('POST', `/api/staff/sessions/${session.json().id}/schedule`, site());
    expect(scheduled.json().placed).toBe(1);
    const mine = (await inject('GET', '/api/me/registrations', citizen.headers)).json();
    expect(mine.items.find((r: { id: string }) => r.id === reg.json().id).state).toBe('scheduled');
    await travel(`${day}T02:00:00Z`);
    const list = await siteApi().visits.dayList();
    const entry = list.items.find((i) => i.registrationId === reg.json().id);
    expect(entry).toMatchObject({
      state: 'scheduled',
      slot: '08:00-11:00',
      vaccineCode: 'PFIZER',
      dose: null,
    });
    const params = { id: reg.json().id as string };
    const checkedIn = await siteApi().visits.checkIn.raw({ params, body: {} });
    expect(checkedIn.status, JSON.stringify(checkedIn)).toBe(200);
    const screening = await siteApi().visits.screen.raw({
      params,
      body: { id: randomUUID(), checklist: CLEAR, vitals: NORMAL, outcome: 'vaccinate' },
    });
    expect(screening.status, JSON.stringify(screening)).toBe(200);
    expect(screening.body?.suggestedOutcome).toBe('vaccinate');
    return reg.json().id as string;
  };

  beforeAll(async () => {
    world = await buildWorld(ctx.app, ctx.database.db, 'loop');
    citizen = await citizenSession(ctx.app, sms, PHONE, '10.9.0.1');
    memberId = (
      await addHouseholdMember(
        ctx.app,
        sms,
        citizen,
        {
          relationship: 'self',
          ...personFields({ fullName: 'Trịnh Văn Vòng', birthDate: '1980-05-05', unitId: '2025-00004' }),
        },
        '10.9.0.1',
      )
    ).person.id;
    campaign = (
      await inject('POST', '/api/admin/campaigns', world.staff.admin.headers, {
        code: 'LOOP-2021',
        nameVi: 'Chiến dịch 2021',
        nameEn: 'Campaign 2021',
        priorityGroupSet: 'NQ21-2021',
        vaccineCodes: ['PFIZER'],
        startsOn: '2021-09-01',
        endsOn: '2021-12-31',
      })
    ).json().id;
    const admin = testApi(ctx.app, world.staff.admin);
    lot = (
      await admin.stock.createLot({
        body: { vaccineCode: 'PFIZER', lotNumber: 'LOOP01', expiresOn: '2022-06-30' },
      })
    ).id;
    await admin.stock.recordMovement({
      body: { lotId: lot, kind: 'receipt', to: `facility:${world.facilities.siteBaDinh}`, quantity: 50 },
    });
  });

  it('register → schedule → check-in → screen → dose 1 (yellow) → dose 2 → green 14 days later', async () => {
    expect(await siteStock()).toBe(50);
    const first = await toScreenedOn('2021-09-10');

    const dose1 = { id: randomUUID(), personId: memberId, vaccineCode: 'PFIZER', lotId: lot };
    const recorded = await siteApi().doses.recordDose.raw({ body: dose1 });
    expect(recorded.status, JSON.stringify(recorded)).toBe(201);
    expect(recorded.body?.dose.doseNumber).toBe(1);
    // A resend of the same UUID returns the same record and touches nothing.
    const resent = await siteApi().doses.recordDose.raw({ body: dose1 });
    expect(resent.status).toBe(200);
    expect(resent.body).toMatchObject({ replayed: true, dose: { id: dose1.id } });
    // A second dose 1 (another UUID) is refused.
    const again = await siteApi().doses.recordDose.raw({
      body: { ...dose1, id: randomUUID(), doseNumber: 1 },
    });
    expect(again.status).toBe(409);
    expect(await siteStock()).toBe(49);

    // The dose closed the day's registration and put the person under observation for 30 minutes.
    const list = await siteApi().visits.dayList();
    const entry = list.items.find((i) => i.registrationId === first);
    expect(entry).toMatchObject({ state: 'vaccinated', dose: { id: dose1.id, doseNumber: 1 } });
    expect(list.counts).toMatchObject({ expected: 1, checkedIn: 1, screened: 1, vaccinated: 1 });
    const observation = () => siteApi().visits.observation();
    const watchingRes = await siteApi().visits.observation.raw();
    expect(watchingRes.status, JSON.stringify(watchingRes)).toBe(200);
    const watching = watchingRes.body;
    expect(watching?.items.map((i) => i.doseId)).toEqual([dose1.id]);
    expect(watching?.items[0]?.remainingMinutes).toBe(30);
    expect(watching?.items[0]?.reactionReported).toBe(false);
    // A reaction recorded during the observation shows on the list.
    const aefi = await inject('POST', '/api/staff/aefi', site(), {
      personId: memberId,
      doseId: dose1.id,
      onsetAt: now.toISOString(),
      symptoms: ['fever'],
      severity: 'mild',
      serious: false,
      outcome: 'recovering',
    });
    expect(aefi.statusCode, aefi.body).toBe(201);
    expect((await observation()).items[0]?.reactionReported).toBe(true);
    // "Cho về": another site cannot discharge the person (not found: no existence oracle).
    const discharge = (who: Session) =>
      testApi(ctx.app, who).visits.discharge.raw({ params: { id: dose1.id } });
    expect((await discharge(world.staff.siteHcm)).status).toBe(404);
    expect((await observation()).items).toHaveLength(1);
    const discharged = await discharge(world.staff.siteBaDinh);
    expect(discharged.status, JSON.stringify(discharged)).toBe(200);
    expect(discharged.body).toEqual({ doseId: dose1.id, dischargedAt: now.toISOString() });
    expect((await observation()).items).toEqual([]);
    // Idempotent: a second "Cho về" a minute later answers the first time and records nothing more.
    now = new Date(now.getTime() + 60_000);
    const twice = await discharge(world.staff.siteBaDinh);
    expect(twice.body?.dischargedAt).toBe(discharged.body?.dischargedAt);
    const audits = await ctx.database.db
      .selectFrom('audit_event')
      .select('action')
      .where('action', '=', 'visit.discharge')
      .where('record_id', '=', dose1.id)
      .execute();
    expect(audits).toHaveLength(1);
    now = new Date(now.getTime() + 30 * 60_000);
    expect((await observation()).items).toEqual([]);

    const partial = await status();
    expect(partial).toMatchObject({ state: 'partial', colour: 'yellow' });
    expect(partial.nextDose).toMatchObject({ number: 2, earliest: '2021-10-01' });

    await travel('2021-09-20T02:00:00Z');
    await toScreenedOn('2021-10-02');
    const dose2 = await siteApi().doses.recordDose.raw({
      body: { id: randomUUID(), personId: memberId, vaccineCode: 'PFIZER', lotId: lot },
    });
    expect(dose2.status, JSON.stringify(dose2)).toBe(201);
    expect(dose2.body?.dose.doseNumber).toBe(2);
    expect(await siteStock()).toBe(48);
    const complete = await status();
    expect(complete).toMatchObject({ state: 'complete', colour: 'yellow', validFrom: '2021-10-16' });

    await travel('2021-10-16T02:00:00Z');
    expect(await status()).toMatchObject({ state: 'complete', colour: 'green' });
    // Stock moved exactly once per dose: two use movements for this lot at the site.
    const uses = await ctx.database.db
      .selectFrom('stock_movement')
      .select('dose_id')
      .where('lot_id', '=', lot)
      .where('kind', '=', 'use')
      .execute();
    expect(uses).toHaveLength(2);
  });
});
