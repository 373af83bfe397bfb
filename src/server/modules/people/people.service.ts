import type { Kysely, Updateable } from 'kysely';
import type { MessageCode } from '../../../shared/messages.ts';
import { compactDigits } from '../../../shared/rules/cccd.ts';
import { normalizePhone } from '../../../shared/rules/phone.ts';
import { normalizePersonName, searchKey } from '../../../shared/rules/vietnamese-text.ts';
import {
  checkPersonRules,
  type Person,
  type PersonFields,
  type PersonSummary,
} from '../../../shared/schemas/people.ts';
import { AppError, type FieldError } from '../../app-error.ts';
import type { DB, PersonTable } from '../../db/schema.ts';
import { ownFacility, type Scope, type StaffActor } from '../../policy/index.ts';
import * as audit from '../audit/audit.service.ts';
import * as limits from '../limits/limits.service.ts';
import * as places from '../places/places.service.ts';
import * as repo from './people.repository.ts';

export type { NewPerson } from './people.repository.ts';

type PersonRow = NonNullable<Awaited<ReturnType<typeof repo.findPersonAnyScope>>>;

/** The API view of a person row. */
export function toPerson(row: PersonRow): Person {
  return {
    id: row.id,
    fullName: row.full_name,
    birthDate: row.birth_date,
    sex: row.sex,
    cccd: row.cccd,
    cmnd: row.cmnd,
    passport: row.passport,
    phone: row.phone,
    bhyt: row.bhyt,
    nationality: row.nationality,
    unitId: row.unit_id,
    unitName: row.unit_name,
    provinceName: row.province_name,
    addressLine: row.address_line,
    priorityGroup: row.priority_group,
    mergedInto: row.merged_into,
    isDemo: row.is_demo,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

function toSummary(row: PersonRow): PersonSummary {
  return {
    id: row.id,
    fullName: row.full_name,
    birthDate: row.birth_date,
    sex: row.sex,
    unitName: row.unit_name,
    provinceName: row.province_name,
    isDemo: row.is_demo,
    cccdLast4: row.cccd ? row.cccd.slice(-4) : null,
    phoneLast3: row.phone ? row.phone.slice(-3) : null,
  };
}

/**
 * Person fields (already checked by the shared schema) in their stored form: name NFC title case with
 * its search key, identifiers without separators, phone in national form, BHYT upper case.
 */
export async function toRow(db: Kysely<DB>, fields: Partial<PersonFields>): Promise<Updateable<PersonTable>> {
  const row: Updateable<PersonTable> = {};
  if (fields.fullName !== undefined) {
    const name = normalizePersonName(fields.fullName);
    if (!name.ok)
      throw AppError.validation(name.issues.map((i) => ({ field: 'fullName', in: 'body', ...i })));
    row.full_name = name.value;
    row.name_key = searchKey(name.value);
  }
  if (fields.birthDate !== undefined) row.birth_date = fields.birthDate;
  if (fields.sex !== undefined) row.sex = fields.sex;
  if (fields.cccd !== undefined) row.cccd = fields.cccd ? compactDigits(fields.cccd) : null;
  if (fields.cmnd !== undefined) row.cmnd = fields.cmnd ? compactDigits(fields.cmnd) : null;
  if (fields.passport !== undefined) row.passport = fields.passport ? fields.passport.toUpperCase() : null;
  if (fields.phone !== undefined) {
    const phone = fields.phone ? normalizePhone(fields.phone) : null;
    row.phone = phone?.ok ? phone.value.national : null;
  }
  if (fields.bhyt !== undefined)
    row.bhyt = fields.bhyt ? fields.bhyt.replace(/[\s.-]/g, '').toUpperCase() : null;
  if (fields.nationality !== undefined) row.nationality = fields.nationality;
  if (fields.unitId !== undefined) {
    if (fields.unitId) {
      const unit = await places.findUnit(db, fields.unitId);
      if (unit?.level !== 'commune' || unit.validTo) {
        throw AppError.validation([{ field: 'unitId', in: 'body', code: 'person.unit_not_commune' }]);
      }
    }
    row.unit_id = fields.unitId ?? null;
  }
  if (fields.addressLine !== undefined) row.address_line = fields.addressLine?.trim() || null;
  if (fields.priorityGroup !== undefined) row.priority_group = fields.priorityGroup || null;
  return row;
}

/** Runs the shared person rules and answers 400 with their field errors. */
export function assertPersonRules(fields: Partial<PersonFields>) {
  const errors: FieldError[] = [];
  checkPersonRules(fields, {
    addIssue: (issue) => {
      const p = issue.params as { code: MessageCode; values?: Record<string, string | number> };
      errors.push({ field: issue.path[0], in: 'body', code: p.code, params: p.values });
    },
  });
  if (errors.length) throw AppError.validation(errors);
}

/** Reads a person inside the staff member's scope (404 outside it) and audits the read. */
export async function readPerson(db: Kysely<DB>, actor: StaffActor, id: string): Promise<Person> {
  const row = await repo.findPerson(db, id, actor.scope);
  if (!row) throw AppError.notFound('person.not_found');
  await audit.record(db, audit.auditActorOf(actor), 'person.read', {
    personId: id,
    recordType: 'person',
    recordId: id,
  });
  return toPerson(row);
}

/** Finds a person inside a scope without auditing (for services that audit their own action). */
export async function requireInScope(db: Kysely<DB>, id: string, scope: Scope) {
  const row = await repo.findPerson(db, id, scope);
  if (!row) throw AppError.notFound('person.not_found');
  return row;
}

/** Search for staff: CCCD/CMND or phone exactly, else the name ignoring accents, case and spacing. */
export async function searchPeople(
  db: Kysely<DB>,
  actor: StaffActor,
  query: { q: string; birthDate?: string; limit: number; offset: number },
) {
  const text = query.q.trim();
  const digits = compactDigits(text);
  const phone = normalizePhone(text);
  const search: repo.SearchKind =
    /^\d{9}$|^\d{12}$/.test(digits) && !phone.ok
      ? { kind: 'identifier', value: digits }
      : phone.ok
        ? { kind: 'phone', value: phone.value.national }
        : { kind: 'name', key: searchKey(text) };
  const { rows, total } = await repo.searchPeople(
    db,
    search,
    query.birthDate,
    actor.scope,
    query.limit,
    query.offset,
  );
  await audit.record(db, audit.auditActorOf(actor), 'person.search', {
    details: { by: search.kind, results: total },
  });
  return { items: rows.map(toSummary), total, limit: query.limit, offset: query.offset };
}

/**
 * Creates a person. An active person with the same CCCD is refused (409, with its id when the caller
 * may see it); likely duplicates (same name key and birth date, and same phone or commune) come back
 * as a 409 warning until the caller confirms. Facility staff's new persons are linked to the facility;
 * a manager's must live within the manager's unit (a field error on `unitId` otherwise).
 */
export async function createPerson(
  db: Kysely<DB>,
  actor: StaffActor,
  input: PersonFields & { confirmNotDuplicate?: boolean },
) {
  const row = await toRow(db, input);
  return db.transaction().execute(async (trx) => {
    if (row.cccd) {
      const existing = await repo.findByCccd(trx, row.cccd);
      if (existing) {
        const visible = await repo.findPerson(trx, existing.id, actor.scope);
        throw visible
          ? new AppError(
              'duplicate_cccd',
              409,
              'person.duplicate_cccd',
              [{ field: 'cccd', in: 'body', code: 'person.duplicate_cccd' }],
              {},
              { existingPersonId: existing.id },
            )
          : new AppError('duplicate_cccd', 409, 'person.duplicate_cccd_elsewhere', [
              { field: 'cccd', in: 'body', code: 'person.duplicate_cccd_elsewhere' },
            ]);
      }
    }
    if (!input.confirmNotDuplicate) {
      const likely = await repo.findLikelyDuplicates(
        trx,
        {
          name_key: row.name_key!,
          birth_date: row.birth_date!,
          phone: row.phone ?? null,
          unit_id: row.unit_id ?? null,
        },
        actor.scope,
      );
      if (likely.length) {
        throw new AppError(
          'likely_duplicate',
          409,
          'person.likely_duplicate',
          [],
          {},
          { candidates: likely.map(toSummary) },
        );
      }
    }
    const { id } = await repo.insertPerson(trx, row as repo.NewPerson);
    const own = ownFacility(actor.scope);
    if (own) await repo.linkFacility(trx, id, own, 'created');
    // The new person must be within the creator's reach (a manager's unit; facility staff reach theirs
    // through the link above): a record made for another jurisdiction is refused like one read there.
    if (!(await repo.findPerson(trx, id, actor.scope)))
      throw AppError.validation([{ field: 'unitId', in: 'body', code: 'person.unit_outside_reach' }]);
    await audit.record(trx, audit.auditActorOf(actor), 'person.create', {
      personId: id,
      recordType: 'person',
      recordId: id,
    });
    const created = await repo.findPersonAnyScope(trx, id);
    return toPerson(created!);
  });
}

/** Changes a person inside the scope; the audit entry keeps old and new values of each changed field. */
export async function updatePerson(
  db: Kysely<DB>,
  actor: StaffActor,
  id: string,
  input: Partial<PersonFields>,
  now: Date,
) {
  return db.transaction().execute(async (trx) => {
    const current = await requireInScope(trx, id, actor.scope);
    // The CCCD must agree with the birth date and sex that will be stored, not only the ones sent.
    const next = { ...toPerson(current), ...input };
    assertPersonRules({ cccd: next.cccd, birthDate: next.birthDate, sex: next.sex });
    const changes = await toRow(trx, input);
    if (changes.cccd && changes.cccd !== current.cccd) {
      const holder = await repo.findByCccd(trx, changes.cccd);
      if (holder && holder.id !== id)
        throw new AppError('duplicate_cccd', 409, 'person.duplicate_cccd', [
          { field: 'cccd', in: 'body', code: 'person.duplicate_cccd' },
        ]);
    }
    const diff = diffRow(current, changes);
    if (Object.keys(diff).length) {
      await repo.updatePerson(trx, id, { ...changes, updated_at: now });
      await audit.record(trx, audit.auditActorOf(actor), 'person.update', {
        personId: id,
        recordType: 'person',
        recordId: id,
        details: { changes: diff },
      });
    }
    return toPerson((await repo.findPersonAnyScope(trx, id))!);
  });
}

/** {column: {from, to}} for the columns a change really alters. */
export function diffRow(current: Record<string, unknown>, changes: Record<string, unknown>) {
  const diff: Record<string, { from: unknown; to: unknown }> = {};
  for (const [key, to] of Object.entries(changes)) {
    if (key === 'name_key') continue;
    if (current[key] !== to) diff[key] = { from: current[key] ?? null, to };
  }
  return diff;
}

/** Walk-in identification: at most this many attempts per staff member, and per facility, an hour. */
export const IDENTIFY_LIMITS = {
  perStaff: { max: 30, windowMs: 3600_000 },
  perFacility: { max: 120, windowMs: 3600_000 },
};

/**
 * A walk-in at a facility: the CCCD on the card and the birth date must both match an active person.
 * Both are printed on the card, so this is rate-limited per staff member and per facility, and every
 * attempt is audited (a failure keeps only the CCCD's last three digits). The person is linked to the
 * facility for `linkHours` only: the link lasts if a visit, registration or dose follows.
 */
export async function identifyWalkIn(
  db: Kysely<DB>,
  actor: StaffActor,
  input: { cccd: string; birthDate: string },
  now: Date,
  linkHours: number,
) {
  const facilityId = ownFacility(actor.scope);
  if (!facilityId) throw new AppError('forbidden', 403, 'auth.forbidden');
  await limits.enforce(
    db,
    [
      { key: `identify:staff:${actor.staffId}`, limit: IDENTIFY_LIMITS.perStaff },
      { key: `identify:facility:${facilityId}`, limit: IDENTIFY_LIMITS.perFacility },
    ],
    now,
  );
  const cccd = compactDigits(input.cccd);
  return db.transaction().execute(async (trx) => {
    const person = await repo.findByCccd(trx, cccd);
    if (!person || person.birth_date !== input.birthDate) {
      await audit.record(trx, audit.auditActorOf(actor), 'person.identify_failed', {
        recordType: 'facility',
        recordId: facilityId,
        details: { cccdEnd: cccd.slice(-3) },
      });
      return null;
    }
    await repo.linkFacility(trx, person.id, facilityId, 'identified', linkHours);
    await audit.record(trx, audit.auditActorOf(actor), 'person.identify', {
      personId: person.id,
      recordType: 'person',
      recordId: person.id,
    });
    return toPerson(person);
  });
}

/** Bulk-inserts already-validated persons (demo data, imports); rows whose CCCD exists are skipped. */
export function insertPeopleBatch(db: Kysely<DB>, rows: repo.NewPerson[]): Promise<number> {
  return repo.insertPeople(db, rows);
}

/** Number of active persons in the registry. */
export function countPeople(db: Kysely<DB>): Promise<number> {
  return repo.countPeople(db);
}

/** One person for citizen access (the household check is the caller's). */
export async function findForCitizen(db: Kysely<DB>, id: string) {
  const row = await repo.findPersonAnyScope(db, id);
  return row ? toPerson(row) : undefined;
}

export const findByCccd = repo.findByCccd;
export const insertPerson = repo.insertPerson;
export const updatePersonRow = repo.updatePerson;

export const listByUnit = repo.listByUnit;

export const linkFacility = repo.linkFacility;
