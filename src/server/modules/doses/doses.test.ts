import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { testApi } from '../../../../test/helpers/api.ts';
import { TEST_ENGINES, useTestApp } from '../../../../test/helpers/test-app.ts';
import { buildWorld, relogin, type World } from '../../../../test/helpers/world.ts';
import type { Input } from '../../../shared/api/endpoint.ts';
import type { doses as dosesApi } from '../../../shared/contracts/doses.ts';
import { movementBalance } from '../stock/stock.service.ts';

describe.each(TEST_ENGINES)('dose recording, status and stock (%s)', (engine) => {
  let now = new Date('2021-09-01T01:00:00Z'); // 08:00 in Vietnam
  const ctx = useTestApp(engine, { clock: () => now });
  let world: World;
  /** Moves the clock; staff sessions (12 hours) are renewed as a real day would need. */
  const travel = async (to: string) => {
    now = new Date(to);
    await relogin(ctx.app, world, 'dose');
  };
  let lot: string;
  let expiredLot: string;
  const facility = () => `facility:${world.facilities.siteBaDinh}`;
  const as = (who: keyof World['staff']) => testApi(ctx.app, world.staff[who]);
  type DoseBody = Input<typeof dosesApi.recordDose>['body'];
  const record = (payload: Partial<DoseBody> & { id: string }, who: keyof World['staff'] = 'siteBaDinh') =>
    as(who).doses.recordDose.raw({
      body: { personId: world.people.baDinh, vaccineCode: 'PFIZER', lotId: lot, ...payload },
    });
  const vaccination = () => as('cmBaDinh').doses.personVaccination({ params: { id: world.people.baDinh } });

  beforeAll(async () => {
    world = await buildWorld(ctx.app, ctx.database.db, 'dose');
    const admin = as('admin');
    lot = (
      await admin.stock.createLot({
        body: { vaccineCode: 'PFIZER', lotNumber: 'fa1234', expiresOn: '2022-12-31' },
      })
    ).id;
    expiredLot = (
      await admin.stock.createLot({
        body: { vaccineCode: 'PFIZER', lotNumber: 'OLD1', expiresOn: '2021-06-30' },
      })
    ).id;
    expect(
      (
        await admin.stock.recordMovement.raw({
          body: { lotId: lot, kind: 'receipt', to: 'national', quantity: 1000 },
        })
      ).status,
    ).toBe(201);
    await admin.stock.recordMovement({
      body: { lotId: lot, kind: 'allocation', from: 'national', to: 'unit:2025-01', quantity: 500 },
    });
    const toSite = await as('pmHanoi').stock.recordMovement.raw({
      body: { lotId: lot, kind: 'allocation', from: 'unit:2025-01', to: facility(), quantity: 100 },
    });
    expect(toSite.status, JSON.stringify(toSite)).toBe(201);
    await admin.stock.recordMovement({
      body: { lotId: expiredLot, kind: 'receipt', to: facility(), quantity: 10 },
    });
  });

  const siteStock = async () =>
    (await as('siteBaDinh').stock.levels()).items.find((i) => i.lot.id === lot)?.quantity;

  it('register → dose 1 → yellow with the next date; resend is the same record; a second dose 1 is refused', async () => {
    const id = randomUUID();
    const first = await record({ id });
    expect(first.status, JSON.stringify(first)).toBe(201);
    expect(first.body).toMatchObject({
      replayed: false,
      dose: { doseNumber: 1, givenOn: '2021-09-01', lotNumber: 'FA1234' },
    });
    expect(first.body?.status).toMatchObject({
      state: 'partial',
      colour: 'yellow',
      nextDose: { number: 2, earliest: '2021-09-22', options: ['PFIZER', 'MODERNA'] },
    });
    const again = await record({ id });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ replayed: true, dose: { id } });
    const reused = await record({ id, lotId: expiredLot });
    expect(reused.status).toBe(409);
    expect(reused.problem?.code).toBe('dose_id_reused');
    const secondOne = await record({ id: randomUUID(), doseNumber: 1 });
    expect(secondOne.status).toBe(409);
    expect(secondOne.problem).toMatchObject({ code: 'dose_number_taken', errors: [{ field: 'doseNumber' }] });
    expect(await siteStock()).toBe(99);
  });

  it('refuses an expired lot, and asks for an override reason when the interval is too short', async () => {
    await travel('2021-09-10T01:00:00Z');
    const expired = await record({ id: randomUUID(), lotId: expiredLot });
    expect(expired.problem?.errors?.[0]).toMatchObject({ field: 'lotId', code: 'dose.lot_expired' });
    const early = await record({ id: randomUUID() });
    expect(early.status).toBe(400);
    expect(early.problem).toMatchObject({ code: 'override_required' });
    expect(early.problem?.errors?.map((e) => e.code)).toEqual([
      'dose.override_required',
      'status.interval_short',
    ]);
    expect(early.problem?.errors?.[1]?.messages.en).toBe(
      'Dose 2 was 9 days after the previous one; Pfizer-BioNTech needs 21, so it does not count',
    );
    expect(await siteStock()).toBe(99);
  });

  it('dose 2 after the interval → complete, yellow until 14 days later, then green (clock injected)', async () => {
    await travel('2021-09-22T02:00:00Z');
    const second = await record({ id: randomUUID() });
    expect(second.status, JSON.stringify(second)).toBe(201);
    expect(second.body?.status).toMatchObject({
      state: 'complete',
      colour: 'yellow',
      validFrom: '2021-10-06',
      validUntil: '2022-09-22',
    });
    await travel('2021-10-06T01:00:00Z');
    const status = await vaccination();
    expect(status.status).toMatchObject({ state: 'complete', colour: 'green' });
    expect(status.status.reasons[0].messages.vi).toBe('Đã tiêm đủ 2 mũi cơ bản ngày 22/09/2021');
    expect(status.status.reasons[0].messages.en).toBe('Primary series completed on 22 Sept 2021 (2 doses)');
    expect(status.doses).toHaveLength(2);
  });

  it('stock goes down exactly once per dose, and the rollup equals the movements', async () => {
    expect(await siteStock()).toBe(98);
    expect(await movementBalance(ctx.database.db, facility(), lot)).toBe(98);
    const uses = await ctx.database.db
      .selectFrom('stock_movement')
      .select('dose_id')
      .where('kind', '=', 'use')
      .execute();
    expect(new Set(uses.map((u) => u.dose_id)).size).toBe(uses.length);
  });

  it('a correction voids (kept, not counted, stock given back) and re-records', async () => {
    const doses = (await vaccination()).doses;
    const voided = await as('cmBaDinh').doses.voidDose({
      params: { id: doses[1]!.id },
      body: { reason: 'Sai lô vắc xin' },
    });
    expect(voided).toMatchObject({ status: 'entered_in_error', voidReason: 'Sai lô vắc xin' });
    expect(await siteStock()).toBe(99);
    const after = await vaccination();
    expect(after.status.state).toBe('partial');
    expect(after.doses).toHaveLength(2);
    await travel('2021-10-07T01:00:00Z');
    const rerecorded = await record({ id: randomUUID(), givenAt: '2021-09-22T02:00:00Z', doseNumber: 2 });
    expect(rerecorded.status, JSON.stringify(rerecorded)).toBe(201);
    expect(rerecorded.body?.status).toMatchObject({ state: 'complete', colour: 'green' });
    expect(await siteStock()).toBe(98);
  });

  it('20 parallel resends of one dose id make one record and one stock use', async () => {
    const id = randomUUID();
    const ngocHa = await ctx.database.db
      .selectFrom('person')
      .select(['cccd', 'birth_date'])
      .where('id', '=', world.people.ngocHa)
      .executeTakeFirstOrThrow();
    await testApi(ctx.app, world.staff.siteBaDinh).people.identify.raw({
      body: { cccd: ngocHa.cccd!, birthDate: ngocHa.birth_date },
    });
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => record({ id, personId: world.people.ngocHa })),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.every((a) => a.status === 201 || a.status === 200)).toBe(true);
    const rows = await ctx.database.db
      .selectFrom('dose')
      .select('id')
      .where('person_id', '=', world.people.ngocHa)
      .execute();
    expect(rows).toHaveLength(1);
    expect(await siteStock()).toBe(97);
  });

  it('only facility vaccinators record, only for people they can see', async () => {
    expect((await record({ id: randomUUID() }, 'cmBaDinh')).status).toBe(403);
    expect((await record({ id: randomUUID(), personId: world.people.baDinh }, 'siteHcm')).status).toBe(404);
  });

  it('merging a duplicate holding the same dose voids the copy and moves the rest', async () => {
    const dup = await testApi(ctx.app, world.staff.cmBaDinh).people.create({
      body: {
        fullName: 'Nguyen Van A',
        birthDate: '1960-03-02',
        sex: 'male',
        unitId: '2025-00004',
        confirmNotDuplicate: true,
      },
    });
    await travel('2021-09-01T03:00:00Z');
    const copy = await record({ id: randomUUID(), personId: dup.id, doseNumber: 1 });
    expect(copy.status, JSON.stringify(copy)).toBe(201);
    await travel('2021-10-08T01:00:00Z');
    const merged = await testApi(ctx.app, world.staff.cmBaDinh).people.merge.raw({
      body: { winnerId: world.people.baDinh, loserId: dup.id, reason: 'Cùng người, nhập hai lần' },
    });
    expect(merged.status, JSON.stringify(merged)).toBe(200);
    expect(merged.body?.moved.dose).toBe(1);
    const after = await vaccination();
    expect(after.status.primaryDoses).toBe(2);
    expect(after.doses.filter((x) => x.status === 'recorded')).toHaveLength(2);
    // The merged-away record takes no more doses.
    expect((await record({ id: randomUUID(), personId: dup.id })).status).toBe(404);
  });

  it('checks the lot and the reach of the facility before writing anything', async () => {
    const doses = async () =>
      Number(
        (
          await ctx.database.db
            .selectFrom('dose')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await doses();
    const moderna = (
      await as('admin').stock.createLot({
        body: { vaccineCode: 'MODERNA', lotNumber: 'MOD1', expiresOn: '2022-12-31' },
      })
    ).id;
    const wrongVaccine = await record({ id: randomUUID(), lotId: moderna });
    expect(wrongVaccine.status).toBe(400);
    expect(wrongVaccine.problem?.errors?.[0]).toMatchObject({ field: 'lotId', code: 'dose.lot_vaccine' });
    const noLot = await record({ id: randomUUID(), lotId: randomUUID() });
    expect(noLot.status).toBe(400);
    expect(noLot.problem?.errors?.[0]).toMatchObject({ field: 'lotId', code: 'field.invalid_value' });
    // Another province's resident, never seen at this facility: not within reach.
    expect((await record({ id: randomUUID(), personId: world.people.hcm })).status).toBe(404);
    expect((await record({ id: randomUUID(), personId: randomUUID() })).status).toBe(404);
    expect((await record({ id: 'not-a-uuid' })).status).toBe(400);
    expect(await doses()).toBe(before);
  });
});
