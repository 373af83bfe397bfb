import type { Kysely } from 'kysely';
import { searchKey } from '../../../../shared/rules/vietnamese-text.ts';
import type { NormalizedRow, ReviewItem, ReviewResolution } from '../../../../shared/schemas/imports.ts';
import { AppError } from '../../../app-error.ts';
import type { DB } from '../../../db/schema.ts';
import { personsInReach, type Scope, type StaffActor } from '../../../policy/index.ts';
import * as audit from '../../audit/audit.service.ts';
import { uuidFrom } from '../rows/ids.ts';
import type { Decision, PersonFacts, StoredCandidate } from '../rows/matching.ts';
import { loadDoses, loadLots } from '../runner/batch-lookups.repository.ts';
import { writeBatch } from '../runner/batch-write.repository.ts';
import * as repo from './review.repository.ts';

/**
 * Renders review items: only candidates within the reader's reach are shown; of the others, only how
 * many there are ("a person with this CCCD exists outside your area — ask the commune"). Not even
 * initials, a birth date or a commune: with the CCCD in the row, those would reveal the holder.
 */
async function toItems(db: Kysely<DB>, scope: Scope, rows: repo.ReviewRow[]): Promise<ReviewItem[]> {
  const ids = [...new Set(rows.flatMap((r) => (r.candidates as StoredCandidate[]).map((c) => c.personId)))];
  const visible = await personsInReach(db, scope, ids);
  const persons = visible.size ? await repo.candidatePersons(db, [...visible]) : [];
  const byId = new Map(persons.map((p) => [p.id, p]));
  return rows.map((r) => {
    const stored = r.candidates as StoredCandidate[];
    return {
      id: r.id,
      jobId: r.job_id,
      rowNumber: r.row_number,
      row: r.row as NormalizedRow,
      reason: r.reason,
      candidates: stored.flatMap((c) => {
        const p = byId.get(c.personId);
        if (!p) return [];
        return [
          {
            personId: p.id,
            fullName: p.full_name,
            birthDate: p.birth_date,
            sex: p.sex,
            unitName: p.unit_name,
            cccdLast4: p.cccd ? p.cccd.slice(-4) : null,
            phoneLast3: p.phone ? p.phone.slice(-3) : null,
            score: c.score,
            reasons: c.reasons,
            existingDose: c.existingDose,
          },
        ];
      }),
      outsideReach: stored.filter((c) => !visible.has(c.personId)).length,
      state: r.state,
      resolution: r.resolution,
      personId: r.person_id,
      doseId: r.dose_id,
      resolvedAt: r.resolved_at?.toISOString() ?? null,
    };
  });
}

/** Review items of facilities within reach (one job's, or all), oldest first. Reading them is audited. */
export async function listReview(
  db: Kysely<DB>,
  actor: StaffActor,
  query: { jobId?: string; state: 'pending' | 'resolved' | 'rejected'; page: number; pageSize: number },
) {
  const { rows, total } = await repo.pageReviews(db, actor.scope, query);
  const items = await toItems(db, actor.scope, rows);
  await audit.record(db, audit.auditActorOf(actor), 'import.review_read', {
    recordType: 'import_job',
    recordId: query.jobId,
    details: { items: items.length, page: query.page },
  });
  return { items, total, page: query.page, pageSize: query.pageSize };
}

/**
 * Resolves a review item in one transaction: `match` records the row's dose for the chosen person (one
 * of the candidates, or a person within reach), `create` adds the row's person and its dose, `reject`
 * closes the item without a dose. A dose the person already has (same day and vaccine) is not added
 * twice; a dose number the person already has with another dose answers 409. Each resolution is audited.
 */
export async function resolveReview(
  db: Kysely<DB>,
  actor: StaffActor,
  id: string,
  resolution: ReviewResolution,
  now: Date,
): Promise<ReviewItem> {
  return db.transaction().execute(async (trx) => {
    const review = await repo.findReview(trx, actor.scope, id, true);
    if (!review) throw AppError.notFound();
    if (review.state !== 'pending') throw new AppError('review_closed', 409, 'import.review_closed');
    const row = review.row as NormalizedRow;
    const done = async (
      state: 'resolved' | 'rejected',
      outcome: 'matched' | 'created' | 'rejected',
      personId: string | null,
      doseId: string | null,
    ) => {
      await repo.closeReview(
        trx,
        id,
        { state, resolution: outcome, personId, doseId, resolvedBy: actor.staffId },
        now,
      );
      await audit.record(trx, audit.auditActorOf(actor), `import.review_${outcome}`, {
        personId,
        recordType: 'import_review',
        recordId: id,
        details: { jobId: review.job_id, rowNumber: review.row_number, reason: review.reason },
      });
      const [item] = await toItems(trx, actor.scope, [(await repo.findReview(trx, actor.scope, id))!]);
      return item;
    };
    if (resolution.action === 'reject') return done('rejected', 'rejected', null, null);

    const facility = await repo.facilityIdByCode(trx, row.facilityCode);
    let person: PersonFacts;
    let newPerson = false;
    if (resolution.action === 'match') {
      // Only a person within reach, candidate or not: a candidate outside it is resolved by someone
      // whose reach covers the person.
      const found = await repo.personInScope(trx, actor.scope, resolution.personId);
      if (!found)
        throw AppError.validation([{ field: 'personId', in: 'body', code: 'import.review_person' }]);
      person = {
        id: found.id,
        nameKey: found.name_key,
        birthDate: found.birth_date,
        sex: found.sex,
        cccd: found.cccd,
        cmnd: found.cmnd,
        phone: found.phone,
        unitId: found.unit_id,
      };
      const doses = (await loadDoses(trx, [person.id])).get(person.id) ?? [];
      if (doses.some((d) => d.givenOn === row.givenOn && d.vaccineCode === row.vaccineCode))
        return done('resolved', 'matched', person.id, null);
      if (doses.some((d) => d.doseNumber === row.doseNumber))
        throw new AppError('dose_number_taken', 409, 'dose.number_taken', [
          { field: 'personId', in: 'body', code: 'dose.number_taken', params: { number: row.doseNumber! } },
        ]);
    } else {
      if (!row.sex) throw AppError.validation([{ field: 'action', in: 'body', code: 'import.sex_required' }]);
      if (row.cccd) {
        const holder = await repo.cccdHolder(trx, row.cccd);
        if (holder) {
          // The holder's id only for a reader who may open the record.
          const mine = (await personsInReach(trx, actor.scope, [holder.id])).has(holder.id);
          throw new AppError(
            'duplicate_cccd',
            409,
            mine ? 'person.duplicate_cccd' : 'import.cccd_outside_reach',
            [],
            {},
            mine ? { existingPersonId: holder.id } : {},
          );
        }
      }
      newPerson = true;
      person = {
        id: uuidFrom(`person:review:${id}`),
        nameKey: searchKey(row.fullName),
        birthDate: row.birthDate,
        sex: row.sex,
        cccd: row.cccd,
        cmnd: row.cmnd,
        phone: row.phone,
        unitId: row.unitId,
      };
    }
    const valid = {
      rowNumber: review.row_number,
      row,
      nameKey: searchKey(row.fullName),
      facilityId: facility?.id ?? review.facility_id,
      importKey: review.import_key,
    };
    const doseId = uuidFrom(`dose:${review.import_key}`);
    const decision: Decision = {
      kind: 'import',
      row: valid,
      person,
      newPerson,
      doseNumber: row.doseNumber!,
      doseId,
    };
    await writeBatch(
      trx,
      {
        jobId: review.job_id,
        recordedBy: actor.staffId,
        facilityId: review.facility_id,
        lots: await loadLots(trx, [valid]),
      },
      [decision],
      [],
    );
    return done('resolved', newPerson ? 'created' : 'matched', person.id, doseId);
  });
}
