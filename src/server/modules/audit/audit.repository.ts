import type { Insertable, Kysely } from 'kysely';
import type { AuditEventTable, DB } from '../../db/schema.ts';

/** Appends one audit event (the table refuses updates and deletes). */
export async function insertEvent(db: Kysely<DB>, row: Insertable<AuditEventTable>) {
  await db.insertInto('audit_event').values(row).execute();
}

export interface AuditFilter {
  personId?: string;
  personIds?: string[];
  actorId?: string;
  actorKind?: 'staff' | 'citizen' | 'system';
  action?: string;
  from?: Date;
  to?: Date;
}

/** Audit events, newest first. */
export async function findEvents(db: Kysely<DB>, filter: AuditFilter, limit: number, offset: number) {
  let query = db.selectFrom('audit_event');
  if (filter.personId) query = query.where('person_id', '=', filter.personId);
  if (filter.personIds)
    query = query.where(
      'person_id',
      'in',
      filter.personIds.length ? filter.personIds : ['00000000-0000-0000-0000-000000000000'],
    );
  if (filter.actorId) query = query.where('actor_id', '=', filter.actorId);
  if (filter.actorKind) query = query.where('actor_kind', '=', filter.actorKind);
  if (filter.action) query = query.where('action', '=', filter.action);
  if (filter.from) query = query.where('at', '>=', filter.from);
  if (filter.to) query = query.where('at', '<', filter.to);
  const rows = await query
    .selectAll()
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
  const total = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { rows, total: Number(total.n) };
}
