import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
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

  const siteStock = async () => {
    const stock = (await inject('GET', '/api/staff/stock', site())).json();
    return stock.items.find((i: { lot: { id: string } }) => i.lot.id === lot)?.quantity as number;
  };
  const status = async () =>
    (await inject('GET', `/api/me/household/members/${memberId}/vaccination`, citizen.headers)).json().status;

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
    const list = (await inject('GET', '/api/staff/day-list', site())).json();
    const entry = list.items.find((i: { registrationId: string }) => i.registrationId === reg.json().id);
    expect(entry).toMatchObject({
      state: 'scheduled',
      slot: '08:00-11:00',
      vaccineCode: 'PFIZER',
      dose: null,
    });
    const checkedIn = await inject('POST', `/api/staff/registrations/${reg.json().id}/check-in`, site(), {});
    expect(checkedIn.statusCode, checkedIn.body).toBe(200);
    const screening = await inject('POST', `/api/staff/registrations/${reg.json().id}/screening`, site(), {
      id: randomUUID(),
      checklist: CLEAR,
      vitals: NORMAL,
      outcome: 'vaccinate',
    });
    expect(screening.statusCode, screening.body).toBe(200);
    expect(screening.json().suggestedOutcome).toBe('vaccinate');
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
    lot = (
      await inject('POST', '/api/staff/lots', world.staff.admin.headers, {
        vaccineCode: 'PFIZER',
        lotNumber: 'LOOP01',
        expiresOn: '2022-06-30',
      })
    ).json().id;
    await inject('POST', '/api/staff/stock/movements', world.staff.admin.headers, {
      lotId: lot,
      kind: 'receipt',
      to: `facility:${world.facilities.siteBaDinh}`,
      quantity: 50,
    });
  });

  it('register → schedule → check-in → screen → dose 1 (yellow) → dose 2 → green 14 days later', async () => {
    expect(await siteStock()).toBe(50);
    const first = await toScreenedOn('2021-09-10');

    const dose1 = { id: randomUUID(), personId: memberId, vaccineCode: 'PFIZER', lotId: lot };
    const recorded = await inject('POST', '/api/staff/doses', site(), dose1);
    expect(recorded.statusCode, recorded.body).toBe(201);
    expect(recorded.json().dose.doseNumber).toBe(1);
    // A resend of the same UUID returns the same record and touches nothing.
    const resent = await inject('POST', '/api/staff/doses', site(), dose1);
    expect(resent.statusCode).toBe(200);
    expect(resent.json()).toMatchObject({ replayed: true, dose: { id: dose1.id } });
    // A second dose 1 (another UUID) is refused.
    const again = await inject('POST', '/api/staff/doses', site(), {
      ...dose1,
      id: randomUUID(),
      doseNumber: 1,
    });
    expect(again.statusCode).toBe(409);
    expect(await siteStock()).toBe(49);

    // The dose closed the day's registration and put the person under observation for 30 minutes.
    const list = (await inject('GET', '/api/staff/day-list', site())).json();
    const entry = list.items.find((i: { registrationId: string }) => i.registrationId === first);
    expect(entry).toMatchObject({ state: 'vaccinated', dose: { id: dose1.id, doseNumber: 1 } });
    expect(list.counts).toMatchObject({ expected: 1, checkedIn: 1, screened: 1, vaccinated: 1 });
    const watchingRes = await inject('GET', '/api/staff/observation', site());
    expect(watchingRes.statusCode, watchingRes.body).toBe(200);
    const watching = watchingRes.json();
    expect(watching.items.map((i: { doseId: string }) => i.doseId)).toEqual([dose1.id]);
    expect(watching.items[0].remainingMinutes).toBe(30);
    expect(watching.items[0].reactionReported).toBe(false);
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
    expect((await inject('GET', '/api/staff/observation', site())).json().items[0].reactionReported).toBe(
      true,
    );
    // "Cho về": another site cannot discharge the person (not found: no existence oracle).
    const discharge = (headers: Record<string, string>) =>
      inject('POST', `/api/staff/doses/${dose1.id}/discharge`, headers);
    expect((await discharge(world.staff.siteHcm.headers)).statusCode).toBe(404);
    expect((await inject('GET', '/api/staff/observation', site())).json().items).toHaveLength(1);
    const discharged = await discharge(site());
    expect(discharged.statusCode, discharged.body).toBe(200);
    expect(discharged.json()).toEqual({ doseId: dose1.id, dischargedAt: now.toISOString() });
    expect((await inject('GET', '/api/staff/observation', site())).json().items).toEqual([]);
    // Idempotent: a second "Cho về" a minute later answers the first time and records nothing more.
    now = new Date(now.getTime() + 60_000);
    const twice = await discharge(site());
    expect(twice.json().dischargedAt).toBe(discharged.json().dischargedAt);
    const audits = await ctx.database.db
      .selectFrom('audit_event')
      .select('action')
      .where('action', '=', 'visit.discharge')
      .where('record_id', '=', dose1.id)
      .execute();
    expect(audits).toHaveLength(1);
    now = new Date(now.getTime() + 30 * 60_000);
    expect((await inject('GET', '/api/staff/observation', site())).json().items).toEqual([]);

    const partial = await status();
    expect(partial).toMatchObject({ state: 'partial', colour: 'yellow' });
    expect(partial.nextDose).toMatchObject({ number: 2, earliest: '2021-10-01' });

    await travel('2021-09-20T02:00:00Z');
    await toScreenedOn('2021-10-02');
    const dose2 = await inject('POST', '/api/staff/doses', site(), {
      id: randomUUID(),
      personId: memberId,
      vaccineCode: 'PFIZER',
      lotId: lot,
    });
    expect(dose2.statusCode, dose2.body).toBe(201);
    expect(dose2.json().dose.doseNumber).toBe(2);
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
