import { beforeAll, describe, expect, it } from 'vitest';
import { testApi } from '../../../../test/helpers/api.ts';
import { personFields } from '../../../../test/helpers/auth.ts';
import { TEST_ENGINES, useTestApp } from '../../../../test/helpers/test-app.ts';
import { buildWorld, type World } from '../../../../test/helpers/world.ts';

describe.each(TEST_ENGINES)('person registry for staff (%s)', (engine) => {
  const ctx = useTestApp(engine);
  let world: World;
  beforeAll(async () => {
    world = await buildWorld(ctx.app, ctx.database.db, 'ppl');
  });
  const as = (who: keyof World['staff']) => testApi(ctx.app, world.staff[who]).people;

  it('validates identifiers with the shared rules, naming each field', async () => {
    const res = await as('cmBaDinh').create.raw({
      body: {
        fullName: 'Phạm 3',
        birthDate: '1990-01-01',
        sex: 'male',
        cccd: '001091012345',
        phone: '0241234567',
        bhyt: 'DN9010123456789',
        unitId: '2025-00004',
      },
    });
    expect(res.status).toBe(400);
    const fields = Object.fromEntries((res.problem?.errors ?? []).map((e) => [e.field, e.code]));
    expect(fields).toEqual({
      fullName: 'name.characters',
      cccd: 'cccd.birth_year',
      phone: 'phone.prefix',
      bhyt: 'bhyt.benefit_level',
    });
    const unit = await as('admin').create.raw({
      body: personFields({ unitId: '2025-00001' }),
    });
    expect(unit.problem?.errors?.[0]).toMatchObject({ field: 'unitId', code: 'person.unit_not_commune' });
  });

  it('stores names in NFC title case and finds "nguyen van a" as Nguyễn Văn A', async () => {
    const created = await as('cmBaDinh').create.raw({
      body: personFields({
        fullName: '  nguyễn   VĂN a '.normalize('NFD'),
        birthDate: '1961-05-05',
        phone: '+84 912 000 001',
      }),
    });
    expect(created.status, JSON.stringify(created)).toBe(201);
    expect(created.body).toMatchObject({
      fullName: 'Nguyễn Văn A',
      phone: '0912000001',
      unitName: 'Phường Ba Đình',
      provinceName: 'Thành phố Hà Nội',
    });
    for (const q of ['nguyen van a', 'NGUYEN  VAN A', 'Nguyễn Văn A']) {
      const found = await as('cmBaDinh').search({ query: { q } });
      expect(found.items.map((p) => p.fullName)).toContain('Nguyễn Văn A');
      expect(found.items[0]!.fullName).toBe('Nguyễn Văn A');
    }
    const byPhone = await as('cmBaDinh').search({ query: { q: '0912000001' } });
    expect(byPhone.items).toHaveLength(1);
    const byBirth = await as('cmBaDinh').search({ query: { q: 'nguyen van a', birthDate: '1961-05-05' } });
    expect(byBirth.total).toBe(1);
    expect(byBirth.items[0]).toMatchObject({ phoneLast3: '001' });
    expect(byBirth.items[0]).not.toHaveProperty('cccd');
  });

  it('refuses an existing CCCD with a pointer, and warns about a likely duplicate until confirmed', async () => {
    const first = personFields({ fullName: 'Đỗ Minh Khoa', birthDate: '1988-08-08', phone: '0987000111' });
    const created = await as('cmBaDinh').create.raw({
      body: first,
    });
    const again = await as('cmBaDinh').create.raw({
      body: first,
    });
    expect(again.status).toBe(409);
    expect(again.problem).toMatchObject({
      code: 'duplicate_cccd',
      meta: { existingPersonId: created.body?.id },
      errors: [{ field: 'cccd' }],
    });
    // Someone in another province cannot learn which record it is.
    const elsewhere = await as('pmHcm').create.raw({
      body: first,
    });
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.problem?.meta).toBeUndefined();
    const likely = {
      ...personFields({ fullName: 'do minh khoa', birthDate: '1988-08-08', phone: '0987000111' }),
      cccd: null,
    };
    const warned = await as('cmBaDinh').create.raw({
      body: likely,
    });
    expect(warned.status).toBe(409);
    expect(warned.problem).toMatchObject({
      code: 'likely_duplicate',
      meta: { candidates: [{ id: created.body?.id, fullName: 'Đỗ Minh Khoa' }] },
    });
    const confirmed = await as('cmBaDinh').create.raw({
      body: { ...likely, confirmNotDuplicate: true },
    });
    expect(confirmed.status).toBe(201);
  });

  it('updates a person with an audit entry of old and new values', async () => {
    const res = await as('cmBaDinh').update.raw({
      params: { id: world.people.baDinh },
      body: { addressLine: 'Số 5 Đội Cấn', phone: '0912999888' },
    });
    expect(res.status, JSON.stringify(res)).toBe(200);
    const events = await ctx.database.db
      .selectFrom('audit_event')
      .selectAll()
      .where('person_id', '=', world.people.baDinh)
      .where('action', '=', 'person.update')
      .execute();
    expect(events.at(-1)?.details).toMatchObject({
      changes: { address_line: { from: null, to: 'Số 5 Đội Cấn' }, phone: { from: null, to: '0912999888' } },
    });
    const inconsistent = await as('cmBaDinh').update.raw({
      params: { id: world.people.baDinh },
      body: { sex: 'female' },
    });
    expect(inconsistent.status).toBe(400);
    expect(inconsistent.problem?.errors?.[0]).toMatchObject({ field: 'cccd', code: 'cccd.sex' });
  });

  it('merges a duplicate: the loser points to the winner, records move, nothing is deleted, the merge is listed', async () => {
    const winner = await as('cmBaDinh').create({
      body: personFields({ fullName: 'Vũ Thị Lan', sex: 'female', birthDate: '1970-02-02' }),
    });
    const loser = await as('cmBaDinh').create({
      body: {
        ...personFields({
          fullName: 'Vu Thi Lan',
          sex: 'female',
          birthDate: '1970-02-02',
          phone: '0912777666',
          bhyt: 'HT3010123456789',
        }),
        cccd: null,
        confirmNotDuplicate: true,
      },
    });
    // Attach a record to the loser: a facility link and a correction request by a citizen account.
    const account = await ctx.database.db
      .insertInto('citizen_account')
      .values({ phone: '0912777666' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await ctx.database.db
      .insertInto('household_member')
      .values({ account_id: account.id, person_id: loser.id, relationship: 'self' })
      .execute();
    await ctx.database.db
      .insertInto('correction_request')
      .values({
        person_id: loser.id,
        account_id: account.id,
        field: 'full_name',
        old_value: 'Vu Thi Lan',
        new_value: 'Vũ Thị Lan',
      })
      .execute();
    const forbidden = await as('siteBaDinh').merge.raw({
      body: { winnerId: winner.id, loserId: loser.id, reason: 'same person' },
    });
    expect(forbidden.status).toBe(403);
    const merged = await as('cmBaDinh').merge.raw({
      body: { winnerId: winner.id, loserId: loser.id, reason: 'Cùng một người: trùng tên, ngày sinh' },
    });
    expect(merged.status, JSON.stringify(merged)).toBe(200);
    expect(merged.body?.moved).toMatchObject({ correction_request: 1, household_member: 1 });
    const loserRow = await ctx.database.db
      .selectFrom('person')
      .selectAll()
      .where('id', '=', loser.id)
      .executeTakeFirstOrThrow();
    expect(loserRow.merged_into).toBe(winner.id);
    const winnerRow = await ctx.database.db
      .selectFrom('person')
      .selectAll()
      .where('id', '=', winner.id)
      .executeTakeFirstOrThrow();
    expect(winnerRow).toMatchObject({ phone: '0912777666', bhyt: 'HT3010123456789' });
    expect(
      await ctx.database.db
        .selectFrom('correction_request')
        .select('person_id')
        .where('account_id', '=', account.id)
        .executeTakeFirstOrThrow(),
    ).toEqual({ person_id: winner.id });
    const again = await as('cmBaDinh').merge.raw({
      body: { winnerId: winner.id, loserId: loser.id, reason: 'again' },
    });
    expect(again.status).toBe(409);
    const search = await as('cmBaDinh').search({ query: { q: 'vu thi lan' } });
    expect(search.items.map((p) => p.id)).toEqual([winner.id]);
    const list = await as('cmBaDinh').merges();
    expect(list.items[0]).toMatchObject({
      winnerId: winner.id,
      loserId: loser.id,
      mergedBy: 'Test ppl.cm-bd',
    });
    expect((await as('cmNgocHa').merges()).items).toEqual([]);
    const audited = await ctx.database.db
      .selectFrom('audit_event')
      .select('action')
      .where('person_id', 'in', [winner.id, loser.id])
      .where('action', 'like', 'person.merge%')
      .execute();
    expect(audited.map((a) => a.action).sort()).toEqual(['person.merge', 'person.merged_away']);
  });

  it('identifies a walk-in from another commune by CCCD and birth date, then the site may see them', async () => {
    const cccd = await ctx.database.db
      .selectFrom('person')
      .select(['cccd', 'birth_date'])
      .where('id', '=', world.people.ngocHa)
      .executeTakeFirstOrThrow();
    expect((await as('siteBaDinh').person.raw({ params: { id: world.people.ngocHa } })).status).toBe(404);
    const wrongBirth = await as('siteBaDinh').identify.raw({
      body: { cccd: cccd.cccd!, birthDate: '1975-07-21' },
    });
    expect(wrongBirth.status).toBe(404);
    const ok = await as('siteBaDinh').identify.raw({
      body: { cccd: cccd.cccd!, birthDate: cccd.birth_date },
    });
    expect(ok.status).toBe(200);
    expect((await as('siteBaDinh').person.raw({ params: { id: world.people.ngocHa } })).status).toBe(200);
    expect((await as('clinicBaDinh').person.raw({ params: { id: world.people.ngocHa } })).status).toBe(404);
  });
});
