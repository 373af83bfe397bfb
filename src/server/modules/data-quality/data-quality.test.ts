import { beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { invalid, testApi } from '../../../../test/helpers/api.ts';
import { insertDose, insertPerson } from '../../../../test/helpers/quality-data.ts';
import { TEST_ENGINES, useTestApp } from '../../../../test/helpers/test-app.ts';
import { buildWorld, type World } from '../../../../test/helpers/world.ts';
import { validateCccd } from '../../../shared/rules/cccd.ts';
import type {
  QualityCategory,
  qualityItemsQuery,
  qualityQuery,
} from '../../../shared/schemas/data-quality.ts';

type Who = keyof World['staff'];
type ReportQuery = z.input<typeof qualityQuery>;
type ItemsQuery = z.input<typeof qualityItemsQuery>;

const BD = '2025-00004';
const NH = '2025-00008';

describe.each(TEST_ENGINES)('the data-quality report (%s)', (engine) => {
  // 09:00 in Vietnam on 10 September 2021.
  const ctx = useTestApp(engine, { clock: () => new Date('2021-09-10T02:00:00Z') });
  let world: World;
  const bad: Record<string, string> = {};
  let otherCommune = '';
  const report = (who: Who, query: ReportQuery = {}) =>
    testApi(ctx.app, world.staff[who]).dataQuality.report.raw({ query });
  const items = (who: Who, query: ItemsQuery) =>
    testApi(ctx.app, world.staff[who]).dataQuality.items.raw({ query });
  const totals = async (who: Who, query: ReportQuery = {}) => {
    const res = await report(who, query);
    expect(res.status, JSON.stringify(res)).toBe(200);
    return res.body?.totals;
  };
  const all = async (who: Who, category: QualityCategory) => {
    const res = await items(who, { category, limit: 100 });
    expect(res.status, JSON.stringify(res)).toBe(200);
    return res.body?.items ?? [];
  };

  beforeAll(async () => {
    world = await buildWorld(ctx.app, ctx.database.db, 'dq');
    const db = ctx.database.db;
    const f = world.facilities;
    const person = (fields: Parameters<typeof insertPerson>[1]) => insertPerson(db, fields);

    // People who are fine: a child and a foreigner without CCCD, a merged record without one.
    await person({ unit_id: BD, birth_date: '2010-02-03', cccd: null });
    await person({ unit_id: BD, birth_date: '1975-02-03', cccd: null, nationality: 'USA' });
    const kept = await person({ unit_id: BD });
    await person({ unit_id: BD, cccd: null, merged_into: kept });
    // Same name and birth date but neither phone nor commune in common: not a likely duplicate.
    await person({ unit_id: BD, full_name: 'Hoàng Văn Em', birth_date: '1991-03-04', phone: '0912000001' });
    await person({ unit_id: NH, full_name: 'Hoàng Văn Em', birth_date: '1991-03-04', phone: '0912000002' });

    bad.noCccd = await person({ unit_id: BD, birth_date: '1970-01-01', cccd: null });
    bad.noCccdNgocHa = await person({ unit_id: NH, birth_date: '1999-01-01', cccd: null });
    bad.format = await person({ unit_id: BD, cccd: '12345' });
    bad.province = await person({ unit_id: BD, birth_date: '1980-05-06', cccd: '003080123456' });
    bad.year = await person({ unit_id: BD, birth_date: '1980-05-06', cccd: '001081123456' });
    bad.sex = await person({ unit_id: BD, birth_date: '1980-05-06', sex: 'female', cccd: '001080123457' });
    const dung = { full_name: 'Phạm Thị Dung', birth_date: '1990-01-02', sex: 'female' as const };
    bad.dupA = await person({ ...dung, unit_id: BD, phone: '0987000111', cccd: '001190123458' });
    bad.dupB = await person({ ...dung, unit_id: NH, phone: '0987000111', cccd: '001190123459' });
    const giang = { full_name: 'Đỗ Văn Giang', birth_date: '1985-06-07' };
    bad.dupC = await person({ ...giang, unit_id: BD, phone: '0912000003' });
    bad.dupD = await person({ ...giang, unit_id: BD, phone: '0912000004' });
    await person({ ...giang, unit_id: BD, phone: '0912000004', merged_into: bad.dupC });

    const dose = (personId: string, givenOn: string, more: Partial<Parameters<typeof insertDose>[1]> = {}) =>
      insertDose(db, { personId, facilityId: f.siteBaDinh, givenOn, ...more });
    // Fine: 21 days between Pfizer doses; a voided early dose 2 before the real one.
    const good = await person({ unit_id: BD });
    await dose(good, '2021-08-01');
    await dose(good, '2021-08-22', { doseNumber: 2 });
    const voided = await person({ unit_id: BD });
    await dose(voided, '2021-08-01');
    await dose(voided, '2021-08-05', { doseNumber: 2, status: 'entered_in_error' });
    await dose(voided, '2021-08-25', { doseNumber: 2 });
    // Too short: Pfizer after 14 days; Pfizer 27 days after AstraZeneca (which needs 28); a third
    // dose the same day as the second; a second dose here 9 days after a first one in Hồ Chí Minh.
    const short = await person({ unit_id: BD });
    await dose(short, '2021-08-01');
    bad.shortDose = await dose(short, '2021-08-15', { doseNumber: 2 });
    const mixed = await person({ unit_id: BD });
    await dose(mixed, '2021-07-01', { vaccineCode: 'AZ' });
    bad.mixedDose = await dose(mixed, '2021-07-28', { doseNumber: 2 });
    const sameDay = await person({ unit_id: BD });
    await dose(sameDay, '2021-05-01');
    await dose(sameDay, '2021-05-22', { doseNumber: 2 });
    bad.sameDayDose = await dose(sameDay, '2021-05-22', { doseNumber: 3, vaccineCode: 'MODERNA' });
    const traveller = await person({ unit_id: BD });
    await dose(traveller, '2021-08-01', { facilityId: f.siteHcm });
    bad.travellerDose = await dose(traveller, '2021-08-10', { doseNumber: 2 });

    // Dates: future and before the campaign are wrong; the first day, today and abroad are not.
    bad.futureDose = await dose(await person({ unit_id: BD }), '2021-09-11');
    bad.earlyDose = await dose(await person({ unit_id: BD }), '2021-03-01');
    await dose(await person({ unit_id: BD }), '2021-03-08');
    await dose(await person({ unit_id: BD }), '2021-09-10');
    await dose(await person({ unit_id: BD }), '2021-01-15', {
      facilityId: null,
      country: 'GBR',
      source: 'abroad',
    });
    bad.hcmFuture = await dose(await person({ unit_id: world.communeB }), '2021-10-01', {
      facilityId: f.siteHcm,
    });

    // Lots: a typed number matching a registered lot (case and spaces aside) is known.
    const lot = await db
      .insertInto('vaccine_lot')
      .values({ vaccine_code: 'PFIZER', lot_number: 'FF1234', expires_on: '2022-01-31' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await dose(await person({ unit_id: BD }), '2021-08-02', { lotNumber: 'ff1234 ' });
    await dose(await person({ unit_id: BD }), '2021-08-02', { lotId: lot.id, lotNumber: 'FF1234' });
    await dose(await person({ unit_id: BD }), '2021-08-02', {
      lotNumber: 'FF1234',
      vaccineCode: 'MODERNA',
    }).then((id) => {
      bad.lotOtherVaccine = id;
    });
    bad.unknownLot = await dose(await person({ unit_id: BD }), '2021-08-03', { lotNumber: 'ZZ999' });

    otherCommune = (
      await db
        .selectFrom('admin_unit')
        .select('id')
        .where('parent_id', '=', '2025-79')
        .orderBy('id')
        .offset(1)
        .executeTakeFirstOrThrow()
    ).id;
  });

  it('finds each category in the commune, and nothing that is fine', async () => {
    expect(await totals('cmBaDinh')).toEqual({
      no_cccd: 1,
      invalid_cccd: 4,
      duplicate_person: 1,
      dose_interval: 4,
      dose_date: 2,
      unknown_lot: 2,
    });
    expect((await all('cmBaDinh', 'no_cccd')).map((i) => i.personId)).toEqual([bad.noCccd]);
    const invalid = await all('cmBaDinh', 'invalid_cccd');
    const codeOf = new Map(invalid.map((i) => [i.personId, i.reasons.map((r) => r.code)]));
    expect(
      Object.fromEntries(['format', 'province', 'year', 'sex'].map((k) => [k, codeOf.get(bad[k])])),
    ).toEqual({
      format: ['cccd.format'],
      province: ['cccd.province'],
      year: ['cccd.birth_year'],
      sex: ['cccd.sex'],
    });
    const pairs = await all('cmBaDinh', 'duplicate_person');
    expect(pairs.map((p) => [p.personId, p.otherPersonId].sort())).toEqual([[bad.dupC, bad.dupD].sort()]);
    expect(pairs[0].reasons[0].code).toBe('quality.duplicate_commune');
    const intervals = await all('cmBaDinh', 'dose_interval');
    expect(intervals.map((i) => i.doseId).sort()).toEqual(
      [bad.shortDose, bad.mixedDose, bad.sameDayDose, bad.travellerDose].sort(),
    );
    const mixed = intervals.find((i) => i.doseId === bad.mixedDose);
    expect(mixed?.reasons[0].messages.en).toBe(
      'Dose 2 came 27 days after the previous one; AZ needs at least 28',
    );
    expect((await all('cmBaDinh', 'dose_date')).map((i) => i.doseId)).toEqual([
      bad.futureDose,
      bad.earlyDose,
    ]);
    expect((await all('cmBaDinh', 'unknown_lot')).map((i) => i.doseId).sort()).toEqual(
      [bad.unknownLot, bad.lotOtherVaccine].sort(),
    );
  });

  it('gives ids, masked identifiers, reasons and the fix, never names or whole numbers', async () => {
    const res = await report('pmHanoi', { sample: 20 });
    const body = res.body!;
    expect(body.target).toEqual({ kind: 'province', id: '2025-01', name: 'Thành phố Hà Nội' });
    expect(body.totals).toMatchObject({ no_cccd: 2, duplicate_person: 2 });
    const phonePair = body.samples.duplicate_person.find(
      (p) => p.reasons[0].code === 'quality.duplicate_phone',
    );
    expect([phonePair?.personId, phonePair?.otherPersonId].sort()).toEqual([bad.dupA, bad.dupB].sort());
    expect(phonePair).toMatchObject({ phoneMasked: '*******111', fix: { kind: 'merge' } });
    const year = body.samples.invalid_cccd.find((i) => i.personId === bad.year);
    expect(year).toMatchObject({
      cccdMasked: '*********456',
      birthYear: 1980,
      fix: { kind: 'person', href: `/staff/people/${bad.year}` },
    });
    expect(body.samples.dose_date[0]).toMatchObject({ givenOn: '2021-09-11', fix: { kind: 'void_dose' } });
    for (const secret of ['001081123456', '0987000111', 'Phạm Thị Dung', 'Đỗ Văn Giang'])
      expect(JSON.stringify(res.body)).not.toContain(secret);
    // Per commune (people by their commune, doses by the facility's) and per facility.
    const communes = Object.fromEntries(
      body.communes.map((c: { id: string; counts: object }) => [c.id, c.counts]),
    );
    expect(communes[BD]).toMatchObject({ no_cccd: 1, invalid_cccd: 4, dose_interval: 4, dose_date: 2 });
    expect(communes[NH]).toMatchObject({ no_cccd: 1, invalid_cccd: 0 });
    expect(body.facilities).toEqual([
      expect.objectContaining({
        id: world.facilities.siteBaDinh,
        communeName: 'Phường Ba Đình',
        counts: {
          no_cccd: 0,
          invalid_cccd: 0,
          duplicate_person: 0,
          dose_interval: 4,
          dose_date: 2,
          unknown_lot: 2,
        },
      }),
    ]);
    const audit = await ctx.database.db
      .selectFrom('audit_event')
      .select(['action', 'actor_id'])
      .where('action', 'in', ['data_quality.read', 'data_quality.items'])
      .execute();
    expect(audit).toContainEqual({ action: 'data_quality.read', actor_id: world.staff.pmHanoi.id });
    expect(audit).toContainEqual({ action: 'data_quality.items', actor_id: world.staff.cmBaDinh.id });
  });

  it('keeps each caller to their jurisdiction: province, commune, facility', async () => {
    const none = {
      no_cccd: 0,
      invalid_cccd: 0,
      duplicate_person: 0,
      dose_interval: 0,
      dose_date: 0,
      unknown_lot: 0,
    };
    expect(await totals('pmHcm')).toEqual({ ...none, dose_date: 1 });
    expect(await totals('siteHcm')).toEqual({ ...none, dose_date: 1 });
    expect(await totals('cmNgocHa')).toEqual({ ...none, no_cccd: 1 });
    expect(await totals('admin')).toMatchObject({ no_cccd: 2, duplicate_person: 2, dose_date: 3 });
    const site = {
      no_cccd: 1,
      invalid_cccd: 4,
      duplicate_person: 1,
      dose_interval: 4,
      dose_date: 2,
      unknown_lot: 2,
    };
    expect(await totals('siteBaDinh')).toEqual(site);
    expect(await totals('admin', { facility: world.facilities.siteBaDinh })).toEqual(site);
    expect(await totals('pmHanoi', { facility: world.facilities.clinicBaDinh })).toEqual({
      ...site,
      dose_interval: 0,
      dose_date: 0,
      unknown_lot: 0,
    });
    expect((await report('pmHcm', { facility: world.facilities.siteBaDinh })).status).toBe(404);
    expect((await report('pmHcm', { unit: BD })).status).toBe(404);
    expect((await items('cmNgocHa', { category: 'no_cccd', unit: BD })).status).toBe(404);
    expect((await report('siteBaDinh', { facility: world.facilities.siteHcm })).status).toBe(404);
    expect((await report('siteBaDinh', { unit: BD })).status).toBe(404);
    const both = await report('admin', { unit: BD, facility: world.facilities.siteBaDinh });
    expect(both.problem?.errors?.[0]).toMatchObject({ field: 'facility', code: 'quality.unit_or_facility' });
    expect((await testApi(ctx.app).dataQuality.report.raw()).status).toBe(401);
  });

  it('pages a category', async () => {
    const site = testApi(ctx.app, world.staff.cmBaDinh);
    const first = await site.dataQuality.items({ query: { category: 'invalid_cccd', limit: 3 } });
    const second = await site.dataQuality.items({ query: { category: 'invalid_cccd', limit: 3, offset: 3 } });
    expect([first.total, first.items.length, second.items.length]).toEqual([4, 3, 1]);
    const ids = [...first.items, ...second.items].map((i) => i.personId);
    expect(new Set(ids).size).toBe(4);
    const unknown = await items('cmBaDinh', { category: invalid('not_a_category') });
    expect(unknown.problem?.errors?.[0].field).toBe('category');
  });

  it('flags exactly the CCCDs the shared rule refuses', async () => {
    const db = ctx.database.db;
    const expected: string[] = [];
    const cases: [string, string, 'male' | 'female'][] = [];
    for (const birth of ['1899-12-31', '1900-01-01', '1965-07-08', '1999-12-31', '2000-01-01', '2007-02-03'])
      for (const sex of ['male', 'female'] as const)
        for (const province of ['001', '079', '003', '100', '096'])
          for (const digit of ['0', '1', '2', '3']) {
            const yy = birth.slice(2, 4);
            for (const year of [yy, String((Number(yy) + 1) % 100).padStart(2, '0')])
              cases.push([`${province}${digit}${year}${String(cases.length).padStart(6, '0')}`, birth, sex]);
          }
    cases.push(['0010801234', '1980-01-01', 'male'], ['00108012345x', '1980-01-01', 'male']);
    cases.push(['001 080 123 456', '1980-01-01', 'male']);
    for (const [cccd, birth, sex] of cases) {
      const id = await insertPerson(db, { unit_id: otherCommune, cccd, birth_date: birth, sex });
      if (!validateCccd(cccd, { birthDate: birth, sex, currentYear: 2021 }).ok) expected.push(id);
    }
    const flagged: string[] = [];
    for (let offset = 0; ; offset += 100) {
      const page = await testApi(ctx.app, world.staff.admin).dataQuality.items({
        query: { category: 'invalid_cccd', unit: otherCommune, limit: 100, offset },
      });
      flagged.push(...page.items.map((i) => i.personId));
      if (page.items.length < 100) break;
    }
    expect(cases.length).toBeGreaterThan(400);
    expect(expected.length).toBeGreaterThan(300);
    expect(flagged.sort()).toEqual(expected.sort());
  });
});
