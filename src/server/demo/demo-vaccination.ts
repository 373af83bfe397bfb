import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { vietnamDate } from '../../shared/format.ts';
import { addDays } from '../../shared/rules/dates.ts';
import { vaccinationStatus } from '../../shared/rules/vaccination-status.ts';
import type { DB } from '../db/schema.ts';
import { rules } from '../modules/doses/doses.service.ts';
import {
  type DemoPerson,
  type DemoVaccine,
  generateHistory,
  householdHistory,
  toFacts,
} from './demo-histories.ts';
import { createDemoReactions, type ReactionDose } from './demo-reactions.ts';
import { type DemoFacility, planSessions } from './demo-sessions.ts';
import { createDemoLots, writeSupplyChain } from './demo-stock.ts';
import { type DoseDraft, linkPeople, writeDoses, writePlan } from './demo-writes.ts';
import type { Random } from './random.ts';

export interface DemoVaccinationReport {
  doses: number;
  sessions: number;
  registrations: number;
  movements: number;
  reactions: number;
}

/**
 * The vaccination loop's demo data, in the caller's transaction: lots and their supply chain, dose
 * histories for most adults (the demo households keep theirs), a campaign when there is none,
 * sessions with registrations around today, today's visits at the demo site and clinic, and a few
 * reactions. Every dose counts under the status engine; the stock rollup equals the movements.
 */
export async function createDemoVaccination(
  db: Kysely<DB>,
  random: Random,
  input: {
    now: Date;
    provinceId: string;
    communeId: string;
    households: { accountId: string; personIds: string[] }[];
  },
): Promise<DemoVaccinationReport> {
  const { now } = input;
  const today = vietnamDate(now);
  const catalogue = await vaccineCatalogue(db);
  const engineRules = [...catalogue.values()];
  const { people, facilities, staff } = await readDemo(db);
  const station = new Map(facilities.filter((f) => f.code.startsWith('TYT-')).map((f) => [f.unit_id, f.id]));
  const siteRow = facilities.find((f) => f.id === station.get(input.communeId));
  if (!siteRow) return { doses: 0, sessions: 0, registrations: 0, movements: 0, reactions: 0 };
  const clinicRow = facilities.find((f) => f.code.startsWith('PK-') && f.unit_id === input.communeId);
  const facility = (row: (typeof facilities)[number]): DemoFacility => ({
    id: row.id,
    unitId: row.unit_id,
    name: row.name,
    staffId: staff.get(row.id) ?? null,
  });

  const lots = await createDemoLots(db, random, today);
  const histories = new Map<string, DoseDraft[]>();
  const draft = (personId: string, vaccineCode: string, date: string, givenAt: Date, facilityId: string) => {
    const list = histories.get(personId) ?? [];
    list.push({ id: randomUUID(), personId, vaccineCode, date, givenAt, facilityId });
    histories.set(personId, list);
  };
  const inHousehold = new Set(input.households.flatMap((h) => h.personIds));
  let k = 0;
  for (const household of input.households)
    for (const personId of household.personIds)
      for (const dose of householdHistory(k++, today))
        draft(personId, dose.vaccineCode, dose.date, new Date(`${dose.date}T02:00:00Z`), siteRow.id);
  for (const person of people) {
    if (inHousehold.has(person.id)) continue;
    const where =
      clinicRow && person.unitId === input.communeId && random.chance(0.15)
        ? clinicRow.id
        : (station.get(person.unitId) ?? siteRow.id);
    for (const dose of generateHistory(random, person, catalogue, today, addDays(today, -9)))
      draft(person.id, dose.vaccineCode, dose.date, at(dose.date, random.int(0, 480)), where);
  }

  const campaign = await ensureCampaign(db, today);
  const byId = new Map(people.map((p) => [p.id, p]));
  const poolCount = new Map<string, number>();
  for (const p of people) poolCount.set(p.unitId, (poolCount.get(p.unitId) ?? 0) + 1);
  const others = facilities
    .filter((f) => f.code.startsWith('TYT-') && f.unit_id !== input.communeId)
    .sort(
      (a, b) =>
        (poolCount.get(b.unit_id) ?? 0) - (poolCount.get(a.unit_id) ?? 0) || a.code.localeCompare(b.code),
    )
    .slice(0, 6);
  const plan = planSessions({
    random,
    today,
    now,
    campaign,
    site: facility(siteRow),
    clinic: clinicRow ? facility(clinicRow) : null,
    others: others.map(facility),
    pool: people.filter((p) => !inHousehold.has(p.id)),
    households: input.households.map((h) => ({
      accountId: h.accountId,
      members: h.personIds.map((id) => byId.get(id)).filter((p): p is DemoPerson => Boolean(p)),
    })),
    statusOf: (id) => vaccinationStatus(toFacts(histories.get(id) ?? []), engineRules, today),
  });
  for (const dose of plan.doses)
    draft(dose.personId, dose.vaccineCode, dose.date, dose.givenAt, dose.facilityId);

  const doses = await writeDoses(db, histories, engineRules, lots, today);
  await linkPeople(db, [
    ...doses.map((d) => ({ person_id: d.person_id, facility_id: d.facility_id, reason: 'dose' })),
    ...plan.links.map((l) => ({ person_id: l.personId, facility_id: l.facilityId, reason: 'registration' })),
  ]);
  const movements = await writeSupplyChain(db, random, {
    lots,
    uses: doses.map((d) => ({
      doseId: d.id,
      lotId: d.lot_id,
      facilityId: d.facility_id,
      givenAt: d.given_at,
    })),
    facilityIds: facilities.map((f) => f.id),
    provinceId: input.provinceId,
    returningFacilityId: siteRow.id,
    today,
    now,
  });
  await writePlan(db, plan);

  const lastDose = (personId: string, where?: string) =>
    doses.filter((d) => d.person_id === personId && (!where || d.facility_id === where)).at(-1);
  const asReaction = (d: (typeof doses)[number]): ReactionDose => ({
    personId: d.person_id,
    doseId: d.id,
    givenAt: d.given_at,
  });
  const citizenDose = input.households[0] && lastDose(input.households[0].personIds[0]);
  const recent = doses
    .filter((d) => d.facility_id === siteRow.id && d.given_on >= addDays(today, -7))
    .sort((a, b) => a.given_at.getTime() - b.given_at.getTime());
  // The serious one is of the site's commune (both demo managers see it): a recent dose there, else
  // the latest dose of anyone of the commune but the first household's holder (the citizen's report).
  const ofCommune = (d: (typeof doses)[number]) =>
    byId.get(d.person_id)?.unitId === input.communeId && d.person_id !== input.households[0]?.personIds[0];
  const serious =
    recent.find((d) => ofCommune(d) && !inHousehold.has(d.person_id)) ??
    doses
      .filter(ofCommune)
      .sort((a, b) => a.given_at.getTime() - b.given_at.getTime())
      .at(-1);
  const reactions = await createDemoReactions(db, {
    citizen: citizenDose ? { ...asReaction(citizenDose), accountId: input.households[0].accountId } : null,
    siteDoses: recent.filter((d) => !inHousehold.has(d.person_id) && d !== serious).map(asReaction),
    serious: serious ? asReaction(serious) : null,
    staffId: staff.get(siteRow.id) ?? null,
    now,
  });
  return {
    doses: doses.length,
    sessions: plan.sessions.length,
    registrations: plan.registrations.length,
    movements,
    reactions,
  };
}

/** A moment on a Vietnamese day, `minutes` after 07:30. */
const at = (date: string, minutes: number) =>
  new Date(new Date(`${date}T07:30:00+07:00`).getTime() + minutes * 60_000);

async function vaccineCatalogue(db: Kysely<DB>): Promise<Map<string, DemoVaccine>> {
  const ages = await db.selectFrom('vaccine_product').select(['code', 'min_age', 'max_age']).execute();
  const byCode = new Map(ages.map((a) => [a.code, a]));
  return new Map(
    (await rules(db)).map((r) => [
      r.code,
      { ...r, minAge: byCode.get(r.code)?.min_age ?? null, maxAge: byCode.get(r.code)?.max_age ?? null },
    ]),
  );
}

/** Demo people in a stable order (ids are random; names, births and numbers come from the seed). */
async function readDemo(db: Kysely<DB>) {
  const people = await db
    .selectFrom('person')
    .select(['id', 'birth_date', 'unit_id', 'priority_group'])
    .where('is_demo', '=', true)
    .where('merged_into', 'is', null)
    .orderBy('name_key')
    .orderBy('birth_date')
    .orderBy('cccd')
    .orderBy('phone')
    .orderBy('id')
    .execute();
  const facilities = await db
    .selectFrom('facility')
    .select(['id', 'code', 'name', 'unit_id'])
    .where('is_demo', '=', true)
    .orderBy('code')
    .execute();
  const staff = await db
    .selectFrom('staff_user')
    .select(['id', 'facility_id'])
    .where('is_demo', '=', true)
    .where('facility_id', 'is not', null)
    .orderBy('username')
    .execute();
  return {
    people: people
      .filter((p) => p.unit_id)
      .map((p) => ({
        id: p.id,
        birthDate: p.birth_date,
        unitId: p.unit_id!,
        priorityGroup: p.priority_group,
      })),
    facilities,
    staff: new Map(staff.map((s) => [s.facility_id!, s.id])),
  };
}

/** The newest campaign, or a demo one around today. */
async function ensureCampaign(db: Kysely<DB>, today: string) {
  const existing = await db
    .selectFrom('campaign')
    .select(['id', 'min_age', 'max_age'])
    .orderBy('starts_on', 'desc')
    .executeTakeFirst();
  const row =
    existing ??
    (await db
      .insertInto('campaign')
      .values({
        code: 'DEMO-COVID19',
        name_vi: 'Tiêm vắc xin phòng COVID-19 (demo)',
        name_en: 'COVID-19 vaccination (demo)',
        priority_group_set: 'NQ21-2021',
        vaccine_codes: JSON.stringify(['PFIZER', 'MODERNA']),
        min_age: 18,
        max_age: null,
        starts_on: addDays(today, -30),
        ends_on: addDays(today, 90),
      })
      .returning(['id', 'min_age', 'max_age'])
      .executeTakeFirstOrThrow());
  return { id: row.id, minAge: row.min_age, maxAge: row.max_age };
}
