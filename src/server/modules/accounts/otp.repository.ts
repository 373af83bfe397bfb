import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';

/** How many codes were sent to a phone since a moment. */
export async function countChallengesSince(db: Kysely<DB>, phone: string, since: Date): Promise<number> {
  const row = await db
    .selectFrom('otp_challenge')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('phone', '=', phone)
    .where('created_at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Retires the phone's earlier open codes and stores a new one. */
export async function replaceChallenge(
  db: Kysely<DB>,
  row: { id: string; phone: string; code_hash: string; expires_at: Date; ip: string; created_at: Date },
) {
  await db
    .updateTable('otp_challenge')
    .set({ superseded_at: row.created_at })
    .where('phone', '=', row.phone)
    .where('consumed_at', 'is', null)
    .where('superseded_at', 'is', null)
    .execute();
  await db.insertInto('otp_challenge').values(row).execute();
}

/** The phone's newest open code, locked for this transaction (two verifies must not both pass). */
export function lockCurrentChallenge(db: Kysely<DB>, phone: string) {
  return db
    .selectFrom('otp_challenge')
    .select(['id', 'code_hash', 'expires_at', 'attempts'])
    .where('phone', '=', phone)
    .where('consumed_at', 'is', null)
    .where('superseded_at', 'is', null)
    .orderBy('created_at', 'desc')
    .limit(1)
    .forUpdate()
    .executeTakeFirst();
}

/** Counts a wrong attempt. */
export async function addAttempt(db: Kysely<DB>, id: string): Promise<number> {
  const row = await db
    .updateTable('otp_challenge')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .returning('attempts')
    .executeTakeFirstOrThrow();
  return row.attempts;
}

/** Uses up a code. */
export async function consumeChallenge(db: Kysely<DB>, id: string, now: Date) {
  await db.updateTable('otp_challenge').set({ consumed_at: now }).where('id', '=', id).execute();
}

/** The live account of a phone, created on first sign-in. */
export async function upsertAccount(db: Kysely<DB>, phone: string, now: Date) {
  const existing = await db
    .selectFrom('citizen_account')
    .select(['id', 'phone', 'lang', 'created_at'])
    .where('phone', '=', phone)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (existing) {
    await db
      .updateTable('citizen_account')
      .set({ last_login_at: now })
      .where('id', '=', existing.id)
      .execute();
    return { account: existing, created: false };
  }
  const account = await db
    .insertInto('citizen_account')
    .values({ phone, last_login_at: now })
    .returning(['id', 'phone', 'lang', 'created_at'])
    .executeTakeFirstOrThrow();
  return { account, created: true };
}
