import { type Insertable, type Kysely, sql, type Updateable } from 'kysely';
import type { DB, StaffUserTable } from '../../db/schema.ts';

/** One staff user by username (lower case). */
export function findByUsername(db: Kysely<DB>, username: string) {
  return db.selectFrom('staff_user').selectAll().where('username', '=', username).executeTakeFirst();
}

/** One staff user by id. */
export function findById(db: Kysely<DB>, id: string) {
  return db.selectFrom('staff_user').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Adds a staff user. */
export function insertStaff(db: Kysely<DB>, row: Insertable<StaffUserTable>) {
  return db.insertInto('staff_user').values(row).returning('id').executeTakeFirstOrThrow();
}

/** Changes a staff user. */
export async function updateStaff(db: Kysely<DB>, id: string, changes: Updateable<StaffUserTable>) {
  await db.updateTable('staff_user').set(changes).where('id', '=', id).execute();
}

/** Staff users with their unit or facility names, for the admin list. */
export function listStaff(db: Kysely<DB>, limit: number, offset: number) {
  return db
    .selectFrom('staff_user as u')
    .leftJoin('admin_unit as au', 'au.id', 'u.unit_id')
    .leftJoin('facility as f', 'f.id', 'u.facility_id')
    .select([
      'u.id',
      'u.username',
      'u.display_name',
      'u.role',
      'u.unit_id',
      'u.facility_id',
      'u.totp_enabled',
      'u.locked_until',
      'u.disabled_at',
      'u.created_at',
      'u.is_demo',
      'au.name as unit_name',
      'f.name as facility_name',
      'f.code as facility_code',
    ])
    .orderBy('u.role')
    .orderBy('u.username')
    .limit(limit)
    .offset(offset)
    .execute();
}

/** Number of staff users. */
export async function countStaff(db: Kysely<DB>) {
  const row = await db
    .selectFrom('staff_user')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A facility by code or id. */
export function findFacility(db: Kysely<DB>, codeOrId: string) {
  const isUuid = /^[0-9a-f-]{36}$/i.test(codeOrId);
  return db
    .selectFrom('facility')
    .select(['id', 'code', 'name', 'unit_id'])
    .where(isUuid ? 'id' : 'code', '=', codeOrId)
    .executeTakeFirst();
}

/**
 * Counts one sign-in attempt before its check, atomically (parallel attempts each get their own
 * number); an attempt while the account is locked is not counted. Returns the count and the lock.
 */
export function countAttempt(db: Kysely<DB>, id: string, now: Date) {
  return db
    .updateTable('staff_user')
    .set({
      failed_logins: sql<number>`case when locked_until > ${now} then failed_logins else failed_logins + 1 end`,
    })
    .where('id', '=', id)
    .returning(['failed_logins', 'locked_until'])
    .executeTakeFirst();
}

/** Locks an account until `until` (unless it is locked already) and restarts its counter. */
export async function lockAccount(db: Kysely<DB>, id: string, until: Date, now: Date) {
  await db
    .updateTable('staff_user')
    .set({ locked_until: until, failed_logins: 0 })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .execute();
}

/** Clears the failure counter after a check passed. */
export async function clearFailures(db: Kysely<DB>, id: string) {
  await db
    .updateTable('staff_user')
    .set({ failed_logins: 0, locked_until: null })
    .where('id', '=', id)
    .execute();
}

/** Claims a TOTP time step: true only when it is later than the last one accepted (no replay). */
export async function claimTotpStep(db: Kysely<DB>, id: string, step: number): Promise<boolean> {
  const row = await db
    .updateTable('staff_user')
    .set({ totp_last_step: step })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .returning('id')
    .executeTakeFirst();
  return Boolean(row);
}
