import type { Kysely } from 'kysely';
import { formatMessage, type MessageCode } from '../../../shared/messages.ts';
import {
  registrationEligibility,
  type ScreeningAnswers,
  screeningNotes,
} from '../../../shared/rules/eligibility.ts';
import type { RuleIssue } from '../../../shared/rules/result.ts';
import { AppError } from '../../app-error.ts';
import type { DB } from '../../db/schema.ts';
import type { CitizenActor, StaffActor } from '../../policy/index.ts';
import * as audit from '../audit/audit.service.ts';
import * as doses from '../doses/doses.service.ts';
import * as households from '../households/households.service.ts';
import * as people from '../people/people.service.ts';
import * as repo from './registrations.repository.ts';

type CampaignRow = NonNullable<Awaited<ReturnType<typeof repo.findCampaign>>>;
type RegistrationRow = NonNullable<Awaited<ReturnType<typeof repo.findRegistration>>>;

const localized = (issues: RuleIssue[]) =>
  issues.map((i) => ({
    code: i.code,
    messages: { vi: formatMessage(i.code, 'vi', i.params), en: formatMessage(i.code, 'en', i.params) },
  }));

function toCampaign(c: CampaignRow) {
  return {
    id: c.id,
    code: c.code,
    name: { vi: c.name_vi, en: c.name_en },
    priorityGroupSet: c.priority_group_set,
    vaccineCodes: c.vaccine_codes,
    minAge: c.min_age,
    maxAge: c.max_age,
    startsOn: c.starts_on,
    endsOn: c.ends_on,
  };
}

type NextDose = { number: number; earliest: string; minDays: number; after: string; options: string[] };

function toRegistration(r: RegistrationRow, nextDose: NextDose | null = null) {
  return {
    id: r.id,
    campaignId: r.campaign_id,
    personId: r.person_id,
    personName: r.person_name,
    priorityGroup: r.priority_group,
    preferredUnitId: r.preferred_unit_id,
    preferredFacilityId: r.preferred_facility_id,
    preferredFrom: r.preferred_from,
    preferredTo: r.preferred_to,
    state: r.state,
    source: r.source,
    notes: localized(screeningNotes(r.screening as ScreeningAnswers)),
    appointment:
      r.session_id && r.session_date
        ? {
            sessionId: r.session_id,
            date: r.session_date,
            slot: r.slot,
            slotId: r.slot_id,
            vaccineCode: r.session_vaccine ?? '',
            facilityName: r.session_facility ?? '',
            address: r.session_address,
          }
        : null,
    nextDose,
    createdAt: r.created_at.toISOString(),
  };
}

/** A registration as the citizen sees it: a pending one with the next dose the sessions must suit. */
async function present(db: Kysely<DB>, r: RegistrationRow, today: string) {
  if (r.state !== 'pending' && r.state !== 'scheduled') return toRegistration(r);
  const { status } = await doses.vaccinationRecord(db, r.person_id, today);
  const next = status.nextDose;
  return toRegistration(
    r,
    next
      ? {
          number: next.number,
          earliest: next.earliest,
          minDays: next.minDays,
          after: next.after,
          options: next.options,
        }
      : null,
  );
}

/** Creates a campaign (admin). */
export async function createCampaign(
  db: Kysely<DB>,
  actor: StaffActor,
  input: {
    code: string;
    nameVi: string;
    nameEn: string;
    priorityGroupSet: string;
    vaccineCodes: string[];
    minAge: number;
    maxAge: number | null;
    startsOn: string;
    endsOn: string | null;
  },
) {
  const row = await repo.insertCampaign(db, {
    code: input.code,
    name_vi: input.nameVi,
    name_en: input.nameEn,
    priority_group_set: input.priorityGroupSet,
    vaccine_codes: JSON.stringify(input.vaccineCodes),
    min_age: input.minAge,
    max_age: input.maxAge,
    starts_on: input.startsOn,
    ends_on: input.endsOn,
  });
  await audit.record(db, audit.auditActorOf(actor), 'campaign.create', {
    recordType: 'campaign',
    recordId: row.id,
  });
  return toCampaign(row);
}

/** The campaigns. */
export async function listCampaigns(db: Kysely<DB>) {
  return { items: (await repo.listCampaigns(db)).map(toCampaign) };
}

export interface RegistrationInput {
  campaignId: string;
  priorityGroup?: string;
  preferredUnitId?: string;
  preferredFacilityId?: string;
  preferredFrom?: string;
  preferredTo?: string;
  screening: ScreeningAnswers;
}

/** Checks campaign, group and eligibility; answers 400 with the reasons as field errors. */
async function check(db: Kysely<DB>, personId: string, input: RegistrationInput, today: string) {
  const campaign = await repo.findCampaign(db, input.campaignId);
  if (!campaign)
    throw AppError.validation([{ field: 'campaignId', in: 'body', code: 'field.invalid_value' }]);
  if (
    input.priorityGroup &&
    !(await repo.groupExists(db, campaign.priority_group_set, input.priorityGroup))
  ) {
    throw AppError.validation([{ field: 'priorityGroup', in: 'body', code: 'registration.group_unknown' }]);
  }
  const person = await people.findForCitizen(db, personId);
  if (!person) throw AppError.notFound('person.not_found');
  const { status } = await doses.vaccinationRecord(db, personId, today);
  const result = registrationEligibility({
    birthDate: person.birthDate,
    today,
    minAge: campaign.min_age,
    maxAge: campaign.max_age,
    status,
    screening: input.screening,
    latestDate: input.preferredTo ?? campaign.ends_on,
  });
  if (!result.eligible) {
    const field = (code: string) =>
      code === 'eligibility.not_due'
        ? 'preferredTo'
        : code.startsWith('eligibility.too')
          ? 'personId'
          : 'screening';
    throw new AppError(
      'not_eligible',
      400,
      'registration.not_eligible',
      result.blocking.map((i) => ({
        field: field(i.code),
        in: 'body',
        code: i.code as MessageCode,
        params: i.params,
      })),
    );
  }
  return campaign;
}

async function create(
  db: Kysely<DB>,
  personId: string,
  input: RegistrationInput,
  today: string,
  who: { source: 'citizen' | 'walk_in'; accountId?: string; staffId?: string },
  actor: audit.AuditActor,
) {
  await check(db, personId, input, today);
  const inserted = await repo.insertRegistration(db, {
    campaign_id: input.campaignId,
    person_id: personId,
    priority_group: input.priorityGroup ?? null,
    preferred_unit_id: input.preferredUnitId ?? null,
    preferred_facility_id: input.preferredFacilityId ?? null,
    preferred_from: input.preferredFrom ?? null,
    preferred_to: input.preferredTo ?? null,
    screening: JSON.stringify(input.screening),
    source: who.source,
    account_id: who.accountId ?? null,
    staff_id: who.staffId ?? null,
  });
  if (!inserted) throw new AppError('registration_open', 409, 'registration.open_exists');
  await audit.record(db, actor, 'registration.create', {
    personId,
    recordType: 'registration',
    recordId: inserted.id,
  });
  return present(db, (await repo.findRegistration(db, inserted.id))!, today);
}

/** A citizen registers a household member. */
export async function registerMember(
  db: Kysely<DB>,
  actor: CitizenActor,
  personId: string,
  input: RegistrationInput,
  today: string,
) {
  await households.requireMember(db, actor, personId);
  return create(
    db,
    personId,
    input,
    today,
    { source: 'citizen', accountId: actor.accountId },
    audit.auditActorOf(actor),
  );
}

/** Staff register a walk-in (a person in their jurisdiction). */
export async function registerWalkIn(
  db: Kysely<DB>,
  actor: StaffActor,
  personId: string,
  input: RegistrationInput,
  today: string,
) {
  await people.requireInScope(db, personId, actor.scope);
  return create(
    db,
    personId,
    input,
    today,
    { source: 'walk_in', staffId: actor.staffId },
    audit.auditActorOf(actor),
  );
}

/** The registrations of an account's household. */
export async function listOwn(db: Kysely<DB>, actor: CitizenActor, today: string) {
  const rows = await repo.listForAccount(db, actor.accountId);
  return { items: await Promise.all(rows.map((r) => present(db, r, today))) };
}

/** A registration of one of the account's household members (404 otherwise). */
export async function requireOwn(db: Kysely<DB>, actor: CitizenActor, id: string) {
  const row = await repo.findRegistration(db, id);
  if (!row) throw AppError.notFound();
  await households.requireMember(db, actor, row.person_id);
  return row;
}

/** A pending registration of one of the account's household members (404 otherwise, 409 when not pending). */
export async function requireOwnPending(db: Kysely<DB>, actor: CitizenActor, id: string) {
  const row = await requireOwn(db, actor, id);
  if (row.state !== 'pending') throw new AppError('registration_closed', 409, 'registration.not_open');
  return row;
}

/** One registration's row (no reach check: for callers that did it). */
export const findRow = repo.findRegistration;

// For the vaccination day (visits): the registration's visit facts, its check-in and its deferral.
export const findForVisit = repo.findForVisit;
export const checkIn = repo.checkIn;
export const defer = repo.defer;

/** One registration as the API shows it. */
export async function registrationById(db: Kysely<DB>, id: string) {
  return toRegistration((await repo.findRegistration(db, id))!);
}

/** A citizen changes preferences or answers of a pending registration (eligibility checked again). */
export async function changeRegistration(
  db: Kysely<DB>,
  actor: CitizenActor,
  id: string,
  changes: Partial<Omit<RegistrationInput, 'campaignId'>>,
  today: string,
  now: Date,
) {
  const row = await requireOwnPending(db, actor, id);
  const next: RegistrationInput = {
    campaignId: row.campaign_id,
    priorityGroup: changes.priorityGroup ?? row.priority_group ?? undefined,
    preferredUnitId: changes.preferredUnitId ?? row.preferred_unit_id ?? undefined,
    preferredFacilityId: changes.preferredFacilityId ?? row.preferred_facility_id ?? undefined,
    preferredFrom: changes.preferredFrom ?? row.preferred_from ?? undefined,
    preferredTo: changes.preferredTo ?? row.preferred_to ?? undefined,
    screening: changes.screening ?? (row.screening as ScreeningAnswers),
  };
  await check(db, row.person_id, next, today);
  await repo.updateRegistration(db, id, {
    priority_group: next.priorityGroup ?? null,
    preferred_unit_id: next.preferredUnitId ?? null,
    preferred_facility_id: next.preferredFacilityId ?? null,
    preferred_from: next.preferredFrom ?? null,
    preferred_to: next.preferredTo ?? null,
    screening: JSON.stringify(next.screening),
    updated_at: now,
  });
  await audit.record(db, audit.auditActorOf(actor), 'registration.change', {
    personId: row.person_id,
    recordType: 'registration',
    recordId: id,
  });
  return present(db, (await repo.findRegistration(db, id))!, today);
}

/** A citizen cancels a pending registration. */
export async function cancelRegistration(db: Kysely<DB>, actor: CitizenActor, id: string, now: Date) {
  const row = await requireOwnPending(db, actor, id);
  await repo.updateRegistration(db, id, { state: 'cancelled', updated_at: now });
  await audit.record(db, audit.auditActorOf(actor), 'registration.cancel', {
    personId: row.person_id,
    recordType: 'registration',
    recordId: id,
  });
  return toRegistration((await repo.findRegistration(db, id))!);
}
