import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { testApi } from '../../../../test/helpers/api.ts';
import { personFields, smsFile } from '../../../../test/helpers/auth.ts';
import { CLEAR, NO_PRE, NORMAL } from '../../../../test/helpers/screening.ts';
import { TEST_ENGINES, useTestApp } from '../../../../test/helpers/test-app.ts';
import { buildWorld, type World } from '../../../../test/helpers/world.ts';
import type { Input } from '../../../shared/api/endpoint.ts';
import type { visits as visitsApi } from '../../../shared/contracts/visits.ts';

/**
 * A site's morning without a network, sent once with `POST /api/staff/visits/batch`: each person's
 * check-in, screening and dose in order, each step idempotent (a replayed sync changes nothing), a dose
 * number taken elsewhere a conflict, and a refused check-in refusing the person's later steps.
 */
describe.each(TEST_ENGINES)('a day entered offline, sent as one batch (%s)', (engine) => {
  const now = new Date('2021-09-10T05:00:00Z'); // 12:00 in Vietnam: synced at noon
  const ctx = useTestApp(engine, { sms: smsFile().sender, clock: () => now });
  let world: World;
  let campaign: string;
  let lot: string;
  const as = (who: keyof World['staff'], method: 'GET' | 'POST', url: string, payload?: object) =>
    ctx.app.inject({ method, url, headers: world.staff[who].headers, payload });
  type Items = Input<typeof visitsApi.batch>['body']['items'];
  const batch = (items: Items, who: keyof World['staff'] = 'siteBaDinh') =>
    testApi(ctx.app, world.staff[who]).visits.batch.raw({ body: { items } });
  const resultsOf = async (items: Items, who: keyof World['staff'] = 'siteBaDinh') =>
    (await batch(items, who)).body?.results ?? [];
  const walkIn = async (personId: string) => {
    const res = await as('siteBaDinh', 'POST', `/api/staff/people/${personId}/registrations`, {
      campaignId: campaign,
      screening: NO_PRE,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const newPerson = async (fullName: string) => {
    const res = await testApi(ctx.app, world.staff.admin).people.create.raw({
      body: personFields({ fullName, unitId: '2025-00004', birthDate: '1960-03-04' }),
    });
    expect(res.status, JSON.stringify(res)).toBe(201);
    return res.body!.id;
  };
  /** A person's morning as the device queued it: check-in 08:00, screening 08:05, dose 08:10. */
  const morning = (registrationId: string, personId: string): Items => {
    const screeningId = randomUUID();
    const doseId = randomUUID();
    return [
      { kind: 'check_in', id: randomUUID(), registrationId, at: '2021-09-10T01:00:00.000Z' },
      {
        kind: 'screening',
        id: screeningId,
        registrationId,
        at: '2021-09-10T01:05:00.000Z',
        screening: { id: screeningId, checklist: CLEAR, vitals: NORMAL, outcome: 'vaccinate' },
      },
      {
        kind: 'dose',
        id: doseId,
        registrationId,
        dose: {
          id: doseId,
          personId,
          vaccineCode: 'PFIZER',
          lotId: lot,
          doseNumber: 1,
          givenAt: '2021-09-10T01:10:00.000Z',
          vaccinator: 'Y tá Hoa',
        },
      },
    ];
  };
  const stateOf = async (registrationId: string) =>
    ctx.database.db
      .selectFrom('registration')
      .select(['state', 'checked_in_at', 'visit_date'])
      .where('id', '=', registrationId)
      .executeTakeFirstOrThrow();
  const rowsOf = async (personId: string) => ({
    screenings: await ctx.database.db
      .selectFrom('screening')
      .select(['id', 'screened_at'])
      .where('person_id', '=', personId)
      .execute(),
    doses: await ctx.database.db
      .selectFrom('dose')
      .select(['id', 'given_at', 'source'])
      .where('person_id', '=', personId)
      .execute(),
  });

  beforeAll(async () => {
    world = await buildWorld(ctx.app, ctx.database.db, 'vbat');
    campaign = (
      await as('admin', 'POST', '/api/admin/campaigns', {
        code: 'VBAT-1',
        nameVi: 'Đợt',
        nameEn: 'Round',
        priorityGroupSet: 'NQ21-2021',
        vaccineCodes: ['PFIZER'],
        startsOn: '2021-09-01',
        endsOn: '2021-12-31',
      })
    ).json().id;
    const admin = testApi(ctx.app, world.staff.admin);
    lot = (
      await admin.stock.createLot({
        body: { vaccineCode: 'PFIZER', lotNumber: 'PF-OFF', expiresOn: '2022-06-30' },
      })
    ).id;
    await admin.stock.recordMovement({
      body: { lotId: lot, kind: 'receipt', to: `facility:${world.facilities.siteBaDinh}`, quantity: 50 },
    });
  });

  it('applies each person’s check-in, screening and dose in order with the device’s times; a replay changes nothing', async () => {
    const person = await newPerson('Lê Văn Bình');
    const reg = await walkIn(person);
    const items = morning(reg, person);
    const sent = await batch(items);
    expect(sent.status, JSON.stringify(sent)).toBe(200);
    expect(sent.body?.results).toEqual([
      { id: items[0]?.id, kind: 'check_in', status: 'recorded' },
      { id: items[1]?.id, kind: 'screening', status: 'recorded' },
      { id: items[2]?.id, kind: 'dose', status: 'recorded', doseNumber: 1 },
    ]);
    const registration = await stateOf(reg);
    expect(registration.state).toBe('vaccinated');
    expect(registration.checked_in_at?.toISOString()).toBe('2021-09-10T01:00:00.000Z');
    const rows = await rowsOf(person);
    expect(rows.screenings.map((s) => s.screened_at.toISOString())).toEqual(['2021-09-10T01:05:00.000Z']);
    expect(rows.doses.map((d) => [d.given_at.toISOString(), d.source])).toEqual([
      ['2021-09-10T01:10:00.000Z', 'site'],
    ]);
    // The answer was lost: the device sends the same day again — every step already recorded.
    const replay = await batch(items);
    expect(replay.body?.results.map((r) => r.status)).toEqual([
      'already_recorded',
      'already_recorded',
      'already_recorded',
    ]);
    expect(await rowsOf(person)).toEqual(rows);
    expect((await stateOf(reg)).state).toBe('vaccinated');
    const audit = await ctx.database.db
      .selectFrom('audit_event')
      .select('action')
      .where('record_id', 'in', [reg, items[1]!.id, items[2]!.id])
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'registration.create',
      'registration.check_in',
      'registration.screen',
      'dose.record',
    ]);
  });

  it('a dose number recorded on another device is a conflict; the first record stands', async () => {
    const person = await newPerson('Trần Thị Cúc');
    const reg = await walkIn(person);
    const items = morning(reg, person);
    // The sync got the check-in and screening through, then the network dropped again…
    expect((await resultsOf(items.slice(0, 2))).map((r) => r.status)).toEqual(['recorded', 'recorded']);
    // …and another device of the site recorded dose 1 for this person online meanwhile.
    const other = await testApi(ctx.app, world.staff.siteBaDinh).doses.recordDose.raw({
      body: {
        id: randomUUID(),
        personId: person,
        vaccineCode: 'PFIZER',
        lotId: lot,
        doseNumber: 1,
        vaccinator: 'Y tá Lan',
      },
    });
    expect(other.status, JSON.stringify(other)).toBe(201);
    const results = await resultsOf(items);
    expect(results.slice(0, 2).map((r) => r.status)).toEqual(['already_recorded', 'already_recorded']);
    expect(results[2], JSON.stringify(results)).toMatchObject({
      kind: 'dose',
      status: 'conflict',
      doseNumber: 1,
    });
    expect(results[2]?.problem?.code).toBe('dose_number_taken');
    expect((await rowsOf(person)).doses.map((d) => d.id)).toEqual([other.body?.dose.id]);
  });

  it('a check-in refused (registration cancelled meanwhile) refuses that person’s screening and dose; others go on', async () => {
    const gone = await newPerson('Đỗ Văn Dũng');
    const goneReg = await walkIn(gone);
    const kept = await newPerson('Ngô Thị Em');
    const keptReg = await walkIn(kept);
    await ctx.database.db
      .updateTable('registration')
      .set({ state: 'cancelled' })
      .where('id', '=', goneReg)
      .execute();
    const items = [...morning(goneReg, gone), ...morning(keptReg, kept)];
    const results = await resultsOf(items);
    expect(results.map((r) => r.status)).toEqual([
      'refused',
      'refused',
      'refused',
      'recorded',
      'recorded',
      'recorded',
    ]);
    expect(results[0]?.problem?.code).toBe('registration_closed');
    expect(results[1]?.problem?.code).toBe('blocked');
    expect(results[2]?.problem?.messages.vi).toContain('bước trước');
    expect(await rowsOf(gone)).toEqual({ screenings: [], doses: [] });
    expect((await stateOf(goneReg)).state).toBe('cancelled');
    // Sent again: still refused, still nothing written.
    const again = await resultsOf(items);
    expect(again.slice(0, 3).map((r) => r.status)).toEqual(['refused', 'refused', 'refused']);
    expect(await rowsOf(gone)).toEqual({ screenings: [], doses: [] });
  });

  it('a step in the future is refused with its field; another site cannot check in or screen this site’s people', async () => {
    const person = await newPerson('Phan Văn Giang');
    const reg = await walkIn(person);
    const checkIn = morning(reg, person)[0] as Extract<Items[number], { kind: 'check_in' }>;
    const future = (await resultsOf([{ ...checkIn, at: '2021-09-10T06:00:00.000Z' }]))[0];
    expect(future?.status).toBe('refused');
    expect(future?.problem?.errors?.[0]).toMatchObject({ field: 'at', code: 'date.future' });
    const items = morning(reg, person);
    const hcm = await resultsOf(items, 'siteHcm');
    expect(hcm.map((r) => r.status)).toEqual(['refused', 'refused', 'refused']);
    expect(hcm[0]?.problem?.code).toBe('not_found');
    expect((await stateOf(reg)).state).toBe('pending');
    expect(await rowsOf(person)).toEqual({ screenings: [], doses: [] });
  });
});
