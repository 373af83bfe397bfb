import type { Kysely } from 'kysely';
import type { DB, Relationship } from '../../db/schema.ts';

/** The members of an account's household, with how many other live accounts manage each. */
export function listMembers(db: Kysely<DB>, accountId: string) {
  return db
    .selectFrom('household_member as h')
    .select((eb) => [
      'h.person_id',
      'h.relationship',
      'h.added_at',
      eb
        .selectFrom('household_member as o')
        .innerJoin('citizen_account as a', 'a.id', 'o.account_id')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('o.person_id', '=', 'h.person_id')
        .whereRef('o.account_id', '!=', 'h.account_id')
        .where('a.deleted_at', 'is', null)
        .as('others'),
    ])
    .where('h.account_id', '=', accountId)
    .orderBy('h.added_at')
    .execute();
}

/** The link between an account and a person, if any. */
export function findLink(db: Kysely<DB>, accountId: string, personId: string) {
  return db
    .selectFrom('household_member')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('person_id', '=', personId)
    .executeTakeFirst();
}

/** Adds a person to a household. */
export async function insertLink(
  db: Kysely<DB>,
  accountId: string,
  personId: string,
  relationship: Relationship,
) {
  await db
    .insertInto('household_member')
    .values({ account_id: accountId, person_id: personId, relationship })
    .execute();
}

/** Changes the relationship. */
export async function updateLink(
  db: Kysely<DB>,
  accountId: string,
  personId: string,
  relationship: Relationship,
) {
  await db
    .updateTable('household_member')
    .set({ relationship })
    .where('account_id', '=', accountId)
    .where('person_id', '=', personId)
    .execute();
}

/** Removes a person from a household (the person stays). */
export async function deleteLink(db: Kysely<DB>, accountId: string, personId: string) {
  await db
    .deleteFrom('household_member')
    .where('account_id', '=', accountId)
    .where('person_id', '=', personId)
    .execute();
}

/** Removes every link of an account (account deletion). */
export async function deleteAllLinks(db: Kysely<DB>, accountId: string) {
  const result = await db
    .deleteFrom('household_member')
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Other live accounts managing a person (to tell them someone else added the person). */
export function otherManagers(db: Kysely<DB>, personId: string, exceptAccountId: string) {
  return db
    .selectFrom('household_member as h')
    .innerJoin('citizen_account as a', 'a.id', 'h.account_id')
    .select(['a.id', 'a.phone'])
    .where('h.person_id', '=', personId)
    .where('h.account_id', '!=', exceptAccountId)
    .where('a.deleted_at', 'is', null)
    .execute();
}

/** Staff reads and writes of a person (and of records merged into it), newest first, with the workplace. */
export function staffAccessTo(db: Kysely<DB>, personId: string, limit: number) {
  return db
    .selectFrom('audit_event as e')
    .leftJoin('staff_user as u', 'u.id', 'e.actor_id')
    .leftJoin('facility as f', 'f.id', 'u.facility_id')
    .leftJoin('admin_unit as au', 'au.id', 'u.unit_id')
    .select([
      'e.at',
      'e.action',
      'e.actor_label',
      'e.actor_role',
      'f.name as facility_name',
      'au.name as unit_name',
    ])
    .where('e.actor_kind', '=', 'staff')
    .where((eb) =>
      eb.or([
        eb('e.person_id', '=', personId),
        eb(
          'e.person_id',
          'in',
          eb.selectFrom('person as m').select('m.id').where('m.merged_into', '=', personId),
        ),
      ]),
    )
    .orderBy('e.at', 'desc')
    .limit(limit)
    .execute();
}
