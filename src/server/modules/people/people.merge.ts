import { type Kysely, sql } from 'kysely';
import { AppError } from '../../app-error.ts';
import type { DB } from '../../db/schema.ts';
import { personInReach, type StaffActor } from '../../policy/index.ts';
import * as audit from '../audit/audit.service.ts';
import { mergeDoses } from '../doses/doses.service.ts';
import * as repo from './people.repository.ts';
import { requireInScope } from './people.service.ts';

/**
 * Tables whose rows follow their person into a merge: `person_id` is rewritten from loser to winner.
 * A module that attaches records to persons adds its table here (doses, registrations, …).
 */
export const MERGE_MOVED_TABLES = ['correction_request', 'notification'] as const;

/** Identity fields the winner takes from the loser when it has none of its own. */
const FILLED_FIELDS = [
  'cccd',
  'cmnd',
  'passport',
  'phone',
  'bhyt',
  'unit_id',
  'address_line',
  'priority_group',
] as const;

/**
 * Merges two records of one person inside one transaction: the loser points to the winner, everything
 * attached moves to the winner, empty identifiers of the winner are filled from the loser, nothing is
 * deleted, and the merge is recorded and audited on both persons.
 */
export async function mergePeople(
  db: Kysely<DB>,
  actor: StaffActor,
  input: { winnerId: string; loserId: string; reason: string },
  now: Date,
) {
  if (input.winnerId === input.loserId) {
    throw AppError.validation([{ field: 'loserId', in: 'body', code: 'person.merge_self' }]);
  }
  return db.transaction().execute(async (trx) => {
    // Lock both rows in id order so two merges of the same pair cannot interleave.
    await sql`select id from person where id in (${input.winnerId}, ${input.loserId}) order by id for update`.execute(
      trx,
    );
    const winner = await requireInScope(trx, input.winnerId, actor.scope);
    const loser = await requireInScope(trx, input.loserId, actor.scope);
    if (winner.merged_into || loser.merged_into)
      throw new AppError('already_merged', 409, 'person.already_merged');

    const moved: Record<string, number> = {};
    await repo.updatePerson(trx, loser.id, { merged_into: winner.id, updated_at: now });
    const fill: Record<string, unknown> = {};
    for (const field of FILLED_FIELDS)
      if (winner[field] === null && loser[field] !== null) fill[field] = loser[field];
    if (Object.keys(fill).length) await repo.updatePerson(trx, winner.id, { ...fill, updated_at: now });

    moved.dose = await mergeDoses(trx, actor, winner.id, loser.id, now);
    for (const table of MERGE_MOVED_TABLES) {
      const result = await trx
        .updateTable(table)
        .set({ person_id: winner.id })
        .where('person_id', '=', loser.id)
        .executeTakeFirst();
      moved[table] = Number(result.numUpdatedRows);
    }
    // Household links move unless the account already manages the winner (then the old link stays on
    // the merged record, which reads follow to the winner).
    const households = await trx
      .updateTable('household_member')
      .set({ person_id: winner.id })
      .where('person_id', '=', loser.id)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('household_member as h2')
              .select('h2.person_id')
              .whereRef('h2.account_id', '=', 'household_member.account_id')
              .where('h2.person_id', '=', winner.id),
          ),
        ),
      )
      .executeTakeFirst();
    moved.household_member = Number(households.numUpdatedRows);
    // Expiring links (walk-in identifications) stay expiring on the winner.
    const facilities =
      await sql`insert into person_facility (person_id, facility_id, reason, since, expires_at)
      select ${winner.id}, facility_id, reason, since, expires_at from person_facility where person_id = ${loser.id}
      on conflict do nothing`.execute(trx);
    moved.person_facility = Number(facilities.numAffectedRows ?? 0);

    const merge = await trx
      .insertInto('person_merge')
      .values({
        winner_id: winner.id,
        loser_id: loser.id,
        merged_by: actor.staffId,
        reason: input.reason,
        moved: JSON.stringify(moved),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const details = {
      mergeId: merge.id,
      winnerId: winner.id,
      loserId: loser.id,
      moved,
      filled: Object.keys(fill),
    };
    await audit.record(trx, audit.auditActorOf(actor), 'person.merge', {
      personId: winner.id,
      recordType: 'person_merge',
      recordId: merge.id,
      details,
    });
    await audit.record(trx, audit.auditActorOf(actor), 'person.merged_away', {
      personId: loser.id,
      recordType: 'person_merge',
      recordId: merge.id,
      details,
    });
    return { id: merge.id, moved };
  });
}

/** Merges whose winner is inside the scope, newest first. */
export async function listMerges(db: Kysely<DB>, actor: StaffActor, limit: number, offset: number) {
  const rows = await db
    .selectFrom('person_merge as m')
    .innerJoin('person as p', 'p.id', 'm.winner_id')
    .innerJoin('person as l', 'l.id', 'm.loser_id')
    .innerJoin('staff_user as u', 'u.id', 'm.merged_by')
    .select([
      'm.id',
      'm.winner_id',
      'm.loser_id',
      'p.full_name as winner_name',
      'l.full_name as loser_name',
      'u.display_name',
      'm.reason',
      'm.moved',
      'm.merged_at',
    ])
    .where(personInReach(actor.scope))
    .orderBy('m.merged_at', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    winnerId: r.winner_id,
    loserId: r.loser_id,
    winnerName: r.winner_name,
    loserName: r.loser_name,
    mergedBy: r.display_name,
    reason: r.reason,
    moved: r.moved,
    mergedAt: r.merged_at.toISOString(),
  }));
}
