import fs from 'node:fs';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { testApi } from '../../../test/helpers/api.ts';
import { citizenSession, smsFile } from '../../../test/helpers/auth.ts';
import { TEST_ENGINES, type TestContext, useTestApp } from '../../../test/helpers/test-app.ts';
import { validateBhyt } from '../../shared/rules/bhyt.ts';
import { validateCccd } from '../../shared/rules/cccd.ts';
import { addDays, ageOn } from '../../shared/rules/dates.ts';
import { normalizePhone } from '../../shared/rules/phone.ts';
import { vaccinationStatus } from '../../shared/rules/vaccination-status.ts';
import { normalizePersonName, searchKey } from '../../shared/rules/vietnamese-text.ts';
import { DEMO_STAFF_PASSWORD } from '../modules/accounts/demo-logins.ts';
import { rules } from '../modules/doses/doses.service.ts';
import { type DemoReport, loadDemoData } from './demo-data.ts';
import { type DemoVaccine, generateHistory } from './demo-histories.ts';
import { generatePerson } from './people.ts';
import { Random } from './random.ts';

/** The moment the demo is loaded at (07:00 in Vietnam) and the app's clock. */
const NOW = new Date('2026-11-22T00:00:00Z');
const TODAY = '2026-11-22';

describe.each(TEST_ENGINES)('demo data (%s)', (engine) => {
  const sms = smsFile();
  const ctx = useTestApp(engine, { clock: () => NOW, sms: sms.sender });
  let loaded: DemoReport | undefined;

  it('loads realistic, valid, clearly marked people into real communes of the province', async () => {
    const progress: number[] = [];
    const started = performance.now();
    const report = await loadDemoData(ctx.database.db, {
      province: '79',
      people: 1500,
      seed: 7,
      today: NOW,
      onProgress: (done) => progress.push(done),
    });
    console.info(`demo load (${engine}, 1,500 people): ${Math.round(performance.now() - started)} ms`);
    loaded = report;
    expect(report).toMatchObject({ provinceName: 'Thành phố Hồ Chí Minh', people: 1500, skipped: 0 });
    expect(report.facilities).toBeGreaterThan(100);
    expect(progress.at(-1)).toBe(1500);

    const people = await ctx.database.db
      .selectFrom('person')
      .innerJoin('admin_unit as u', 'u.id', 'person.unit_id')
      .select([
        'full_name',
        'name_key',
        'birth_date',
        'sex',
        'cccd',
        'phone',
        'bhyt',
        'is_demo',
        'u.parent_id',
      ])
      .execute();
    expect(people).toHaveLength(1500);
    let withCccd = 0;
    for (const p of people) {
      expect(p.is_demo).toBe(true);
      expect(p.parent_id).toBe('2025-79');
      expect(normalizePersonName(p.full_name)).toEqual({ ok: true, value: p.full_name });
      expect(p.full_name).toBe(p.full_name.normalize('NFC'));
      expect(p.name_key).toBe(searchKey(p.full_name));
      if (p.cccd) {
        withCccd++;
        expect(
          validateCccd(p.cccd, { birthDate: p.birth_date, sex: p.sex, currentYear: 2026 }).ok,
          p.cccd,
        ).toBe(true);
      }
      if (p.phone) expect(normalizePhone(p.phone).ok, p.phone).toBe(true);
      if (p.bhyt) expect(validateBhyt(p.bhyt).ok, p.bhyt).toBe(true);
    }
    expect(withCccd / people.length).toBeGreaterThan(0.7);
    expect(
      people.some((p) => /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i.test(p.full_name)),
    ).toBe(true);

    const overview = (await ctx.app.inject('/api/overview')).json();
    expect(overview.demo).toMatchObject({ provinceId: '2025-79', people: 1500 });
    expect(overview.counts.people).toBe(1500);
  });

  it('brings the vaccination loop: lots, movements, histories, sessions, registrations, reactions', async () => {
    expect(loaded, 'the first test loads the demo').toBeDefined();
    await vaccinationChecks(ctx, sms, loaded!, TODAY);
  });

  it('makes plausible households: children ≥ 15 years younger, parents ≥ 15 older, a spouse of similar age', async () => {
    expect(loaded, 'the first test loads the demo').toBeDefined();
    const rows = await ctx.database.db
      .selectFrom('household_member as m')
      .innerJoin('person as p', 'p.id', 'm.person_id')
      .select(['m.account_id', 'm.relationship', 'p.birth_date'])
      .execute();
    const accounts = new Set(rows.map((r) => r.account_id));
    expect(accounts.size).toBe(loaded!.citizens.length);
    const years = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / (365.25 * 86_400_000);
    for (const account of accounts) {
      const members = rows.filter((r) => r.account_id === account);
      const selves = members.filter((m) => m.relationship === 'self');
      expect(selves, 'one holder per household').toHaveLength(1);
      const holder = selves[0].birth_date;
      expect(ageOn(holder, TODAY)).toBeGreaterThanOrEqual(18);
      for (const m of members) {
        const older = years(m.birth_date, holder); // > 0: the member is older than the holder
        const where = `${m.relationship} born ${m.birth_date}, holder ${holder}`;
        if (m.relationship === 'child') expect(older, where).toBeLessThanOrEqual(-15);
        if (m.relationship === 'parent') expect(older, where).toBeGreaterThanOrEqual(15);
        if (m.relationship === 'spouse') {
          expect(Math.abs(older), where).toBeLessThanOrEqual(12);
          expect(ageOn(m.birth_date, TODAY), where).toBeGreaterThanOrEqual(18);
        }
      }
    }
  });

  it('is reproducible: the same seed gives the same people', () => {
    const ctxData = {
      communes: [{ id: '2025-00004', kind: 'Phường' }],
      birthProvinceCodes: ['01'],
      allProvinceCodes: ['01', '79'],
      today: new Date('2026-11-22T00:00:00Z'),
    };
    const a = Array.from(
      { length: 20 },
      (
        (r) => () =>
          generatePerson(r, ctxData, new Set())
      )(new Random(42)),
    );
    const b = Array.from(
      { length: 20 },
      (
        (r) => () =>
          generatePerson(r, ctxData, new Set())
      )(new Random(42)),
    );
    expect(a).toEqual(b);
  });

  it('refuses an unknown province', async () => {
    await expect(loadDemoData(ctx.database.db, { province: '03', people: 1, seed: 1 })).rejects.toThrow(
      /Unknown 2025 province/,
    );
  });
});

describe('demo vaccination histories', () => {
  it('are reproducible and counted in full by the status engine, for people of every age', () => {
    const file = JSON.parse(
      fs.readFileSync(new URL('../../../reference/vaccines.json', import.meta.url), 'utf8'),
    );
    const catalogueRules = file.products.map((p: Record<string, unknown>) => ({
      code: p.code,
      name: p.name,
      platform: p.platform,
      dosesInSeries: p.dosesInSeries,
      intervals: p.intervals,
      mixWith: p.mixWith,
    }));
    const catalogue = new Map<string, DemoVaccine>(
      file.products.map((p: Record<string, unknown>, i: number) => [
        p.code,
        { ...catalogueRules[i], minAge: p.minAge, maxAge: p.maxAge },
      ]),
    );
    const birthOf = (i: number) => addDays(TODAY, -(400 + i * 9));
    const histories = (seed: number) => {
      const random = new Random(seed);
      return Array.from({ length: 3000 }, (_, i) =>
        generateHistory(random, { birthDate: birthOf(i) }, catalogue, TODAY, addDays(TODAY, -9)),
      );
    };
    const all = histories(11);
    expect(histories(11)).toEqual(all);
    const states = new Set<string>();
    for (const [i, doses] of all.entries()) {
      const status = vaccinationStatus(doses, catalogueRules, TODAY);
      expect(
        status.doses.filter((d) => d.role === 'not_counted'),
        JSON.stringify(doses),
      ).toEqual([]);
      for (const d of doses) {
        expect(d.date <= addDays(TODAY, -9)).toBe(true);
        // Nobody under 12 on the day of a dose; AstraZeneca, Janssen and Abdala only for adults.
        expect(ageOn(birthOf(i), d.date)).toBeGreaterThanOrEqual(12);
        if (['AZ', 'JANSSEN', 'ABDALA'].includes(d.vaccineCode))
          expect(ageOn(birthOf(i), d.date)).toBeGreaterThanOrEqual(18);
      }
      states.add(status.state);
    }
    expect([...states].sort()).toEqual(['boosted', 'complete', 'none', 'partial']);
    const series = [...new Set(all.map((h) => h.map((d) => d.vaccineCode).join('>')))];
    for (const mixed of [
      'AZ>PFIZER',
      'AZ>MODERNA',
      'PFIZER>MODERNA',
      'MODERNA>PFIZER',
      'JANSSEN',
      'ABDALA>ABDALA>ABDALA',
    ])
      expect(
        series.some((s) => s.startsWith(mixed)),
        mixed,
      ).toBe(true);
  });
});

async function demoStaff(ctx: TestContext, username: string) {
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/auth/staff/login',
    payload: { username, password: DEMO_STAFF_PASSWORD },
  });
  expect(res.statusCode, res.body).toBe(200);
  const cookie = String([res.headers['set-cookie']].flat()[0]).split(';')[0];
  return { cookie, 'x-csrf-token': res.json().csrfToken as string };
}

/** What every screen needs right after start-up, checked on the data and through the API. */
async function vaccinationChecks(
  ctx: TestContext,
  sms: ReturnType<typeof smsFile>,
  report: DemoReport,
  today: string,
) {
  const db = ctx.database.db;
  const rows = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(db)).rows;
  expect(report.vaccination).toMatchObject({ reactions: 4 });
  expect(report.vaccination!.doses).toBeGreaterThan(1000);

  // Lots: two per vaccine, none expired, one within the 30-day warning.
  const lots = await db.selectFrom('vaccine_lot').selectAll().execute();
  expect(lots.length).toBeGreaterThanOrEqual(12);
  expect(lots.filter((l) => l.expires_on < today)).toEqual([]);
  expect(lots.filter((l) => l.expires_on <= addDays(today, 30))).toHaveLength(1);

  // Stock: the rollup is exactly the sum of the movements per holder and lot, and never negative.
  const mismatches = await rows(sql<{ holder: string }>`
    with moved as (
      select holder, lot_id, sum(delta)::integer as quantity from (
        select to_holder as holder, lot_id, quantity as delta from stock_movement where to_holder is not null
        union all select from_holder, lot_id, -quantity from stock_movement where from_holder is not null
      ) m group by holder, lot_id)
    select coalesce(l.holder, m.holder) as holder from stock_level l
      full join moved m on m.holder = l.holder and m.lot_id = l.lot_id
     where l.quantity is distinct from m.quantity`);
  expect(mismatches).toEqual([]);
  expect(await db.selectFrom('stock_level').selectAll().where('quantity', '<', 0).execute()).toEqual([]);
  const kinds = await rows(
    sql<{ kind: string; from_kind: string | null; to_kind: string | null; n: number }>`
      select kind, split_part(from_holder, ':', 1) as from_kind, split_part(to_holder, ':', 1) as to_kind,
             count(*)::integer as n
        from stock_movement group by 1, 2, 3 order by 1, 2, 3`,
  );
  const route = (k: { kind: string; from_kind: string | null; to_kind: string | null }) =>
    `${k.kind} ${k.from_kind || '-'}→${k.to_kind || '-'}`;
  expect(kinds.map(route)).toEqual([
    'allocation national→unit',
    'allocation unit→facility',
    'receipt -→national',
    'return facility→unit',
    'use facility→-',
    'wastage facility→-',
  ]);
  expect(kinds.find((k) => k.kind === 'return')?.n).toBe(1);
  // One use per dose, from the facility that gave it, of the dose's lot (of the right vaccine, not expired).
  const doses = await db
    .selectFrom('dose as d')
    .innerJoin('vaccine_lot as l', 'l.id', 'd.lot_id')
    .leftJoin('stock_movement as m', (j) => j.onRef('m.dose_id', '=', 'd.id').on('m.kind', '=', 'use'))
    .select([
      'd.id',
      'd.person_id',
      'd.vaccine_code',
      'd.dose_number',
      'd.given_on',
      'd.facility_id',
      'l.vaccine_code as lot_vaccine',
      'l.expires_on',
      'm.from_holder',
      'm.lot_id as used_lot',
      'd.lot_id',
    ])
    .orderBy('d.given_on')
    .execute();
  expect(doses).toHaveLength(report.vaccination!.doses);
  for (const d of doses) {
    expect(d.from_holder).toBe(`facility:${d.facility_id}`);
    expect(d.used_lot).toBe(d.lot_id);
    expect(d.lot_vaccine).toBe(d.vaccine_code);
    expect(d.expires_on >= d.given_on).toBe(true);
    expect(d.given_on <= today).toBe(true);
  }

  // Every person's doses count in full under the status engine, numbered as it numbers them.
  const catalogue = await rules(db);
  const byPerson = new Map<string, typeof doses>();
  for (const d of doses) byPerson.set(d.person_id, [...(byPerson.get(d.person_id) ?? []), d]);
  const states = new Map<string, number>();
  for (const list of byPerson.values()) {
    const status = vaccinationStatus(
      list.map((d) => ({ id: d.id, vaccineCode: d.vaccine_code, date: d.given_on })),
      catalogue,
      today,
    );
    expect(status.doses.filter((e) => e.role === 'not_counted')).toEqual([]);
    for (const e of status.doses) expect(list.find((d) => d.id === e.id)?.dose_number).toBe(e.number);
    states.set(status.state, (states.get(status.state) ?? 0) + 1);
  }
  expect(byPerson.size / report.people).toBeGreaterThan(0.5);
  for (const state of ['partial', 'complete', 'boosted']) expect(states.get(state)).toBeGreaterThan(10);
  const series = new Set([...byPerson.values()].map((l) => l.map((d) => d.vaccine_code).join('>')));
  for (const mixed of ['AZ>PFIZER', 'PFIZER>MODERNA', 'JANSSEN', 'ABDALA>ABDALA>ABDALA'])
    expect(
      [...series].some((s) => s.startsWith(mixed)),
      mixed,
    ).toBe(true);

  // Sessions from a week ago to two weeks ahead; booked = the registrations each holds, never over capacity.
  const sessions = await rows(sql<{
    id: string;
    session_date: string;
    capacity: number;
    booked: number;
    held: number;
  }>`select s.id, s.session_date::text, s.capacity, s.booked,
            (select count(*)::integer from registration r where r.session_id = s.id) as held
       from vaccination_session s order by s.session_date`);
  expect(sessions.length).toBe(report.vaccination!.sessions);
  for (const s of sessions) {
    expect(s.booked).toBe(s.held);
    expect(s.booked).toBeLessThanOrEqual(s.capacity);
    expect(s.session_date >= addDays(today, -7) && s.session_date <= addDays(today, 14)).toBe(true);
  }
  expect(sessions.some((s) => s.booked === s.capacity)).toBe(true);
  const registrations = await db.selectFrom('registration').select(['state']).execute();
  const count = (state: string) => registrations.filter((r) => r.state === state).length;
  expect(count('deferred')).toBe(1);
  expect(count('cancelled')).toBe(1);
  for (const state of ['pending', 'scheduled', 'checked_in', 'vaccinated'])
    expect(count(state), state).toBeGreaterThan(0);
  const walkIns = await db
    .selectFrom('registration')
    .select(['staff_id'])
    .where('source', '=', 'walk_in')
    .execute();
  expect(walkIns.length).toBeGreaterThan(0);
  expect(walkIns.filter((r) => !r.staff_id)).toEqual([]);
  // A vaccinated registration has its dose on the session's day at the session's facility.
  const unmatched = await rows(sql<{ id: string }>`
    select r.id from registration r join vaccination_session s on s.id = r.session_id
     where r.state = 'vaccinated' and not exists (
       select 1 from dose d where d.person_id = r.person_id and d.given_on = s.session_date
          and d.facility_id = s.facility_id and d.vaccine_code = s.vaccine_code)`);
  expect(unmatched).toEqual([]);

  // The site's screen today: a session with several slots, people vaccinated, checked in, deferred, expected.
  const site = await demoStaff(ctx, 'demo.tiem');
  const siteApi = testApi(ctx.app, { headers: site });
  const day = await siteApi.visits.dayList.raw();
  expect(day.status, JSON.stringify(day)).toBe(200);
  if (!day.ok) throw new Error(day.problem.code);
  const list = day.body;
  expect(list.date).toBe(today);
  expect(list.sessions.length).toBeGreaterThan(0);
  expect(list.sessions[0]?.slots.length).toBeGreaterThan(2);
  const itemStates = list.items.map((i) => i.state);
  for (const state of ['vaccinated', 'checked_in', 'deferred', 'scheduled'])
    expect(itemStates).toContain(state);
  expect(list.counts.vaccinated).toBe(itemStates.filter((s) => s === 'vaccinated').length);
  // Screenings as the site recorded them: the vaccinated fit, the deferred with a fever, one of the
  // checked-in screened and the others still waiting for the doctor.
  type Item = { state: string; screening: { outcome: string } | null };
  const items: Item[] = list.items;
  expect(
    items.filter((i) => i.state === 'vaccinated').every((i) => i.screening?.outcome === 'vaccinate'),
  ).toBe(true);
  expect(items.find((i) => i.state === 'deferred')?.screening?.outcome).toBe('defer');
  const waiting = items.filter((i) => i.state === 'checked_in');
  expect(waiting.filter((i) => i.screening).length).toBe(1);
  expect(waiting.filter((i) => !i.screening).length).toBeGreaterThan(0);
  const observed = await siteApi.visits.observation.raw();
  expect(observed.status, JSON.stringify(observed)).toBe(200);
  expect(observed.body?.items.length).toBeGreaterThan(0);

  // The managers: stock by site with the expiring lot, the AEFI list with a serious one and its alert.
  const province = await demoStaff(ctx, 'demo.tinh');
  const stock = await testApi(ctx.app, { headers: province }).stock.levels();
  expect(stock.items.some((i) => i.holder.startsWith('facility:'))).toBe(true);
  expect(
    stock.items.some(
      (i: { warning: string | null; quantity: number }) => i.warning === 'expiring' && i.quantity > 0,
    ),
  ).toBe(true);
  expect(stock.items.some((i: { warning: string | null }) => i.warning === 'expired')).toBe(false);
  for (const manager of [province, await demoStaff(ctx, 'demo.xa')]) {
    const aefi = (await ctx.app.inject({ url: '/api/staff/aefi', headers: manager })).json();
    expect(
      aefi.items.filter((a: { serious: boolean }) => a.serious),
      JSON.stringify(aefi),
    ).toHaveLength(1);
    const alerts = (await ctx.app.inject({ url: '/api/staff/alerts', headers: manager })).json();
    expect(alerts.items.map((a: { kind: string }) => a.kind)).toContain('aefi.serious');
  }
  const serious = await db.selectFrom('aefi_report').select('id').where('serious', '=', true).execute();
  const alertUnits = await db
    .selectFrom('staff_alert')
    .select('unit_id')
    .where('aefi_id', '=', serious[0].id)
    .execute();
  expect(alertUnits.map((a) => a.unit_id)).toContain(report.provinceId);
  expect(alertUnits).toHaveLength(2);
  const reporters = await db.selectFrom('aefi_report').select('reporter_kind').execute();
  expect(new Set(reporters.map((r) => r.reporter_kind))).toEqual(new Set(['citizen', 'staff']));

  // A demo household sees an appointment, and the first member keeps the boosted history.
  const phone = report.citizens[0].phone;
  const citizen = await citizenSession(ctx.app, sms, phone);
  const own = await testApi(ctx.app, citizen).registrations.mine();
  const appointments = [];
  for (const c of report.citizens) {
    const session = c.phone === phone ? citizen : await citizenSession(ctx.app, sms, c.phone);
    const { items } = await testApi(ctx.app, session).registrations.mine();
    appointments.push(
      ...items.flatMap((r) =>
        r.state === 'scheduled' && r.appointment ? [{ ...r, appointment: r.appointment }] : [],
      ),
    );
  }
  expect(own.items.length + appointments.length).toBeGreaterThan(0);
  expect(appointments.length).toBeGreaterThan(0);
  for (const a of appointments) expect(a.appointment.date > today).toBe(true);
}
