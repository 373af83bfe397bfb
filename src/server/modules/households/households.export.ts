import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { CitizenActor } from '../../policy/index.ts';
import * as audit from '../audit/audit.service.ts';
import * as inbox from '../notifications/inbox.service.ts';
import { RETENTION_NOTICE, requireMember } from './households.service.ts';

/**
 * Everything held about a household member, for the citizen to download. Other accounts managing the
 * person are not named (their phone numbers are theirs), and staff appear by name and role only.
 */
export async function exportMember(db: Kysely<DB>, actor: CitizenActor, personId: string, now: Date) {
  const { link, person } = await requireMember(db, actor, personId);
  const corrections = await db
    .selectFrom('correction_request')
    .select(['id', 'field', 'old_value', 'new_value', 'status', 'decision_note', 'created_at', 'decided_at'])
    .where('person_id', '=', personId)
    .orderBy('created_at')
    .execute();
  const access = await db
    .selectFrom('audit_event')
    .select(['at', 'action', 'actor_label', 'actor_role'])
    .where('person_id', '=', personId)
    .where('actor_kind', '=', 'staff')
    .orderBy('at')
    .execute();
  const notifications = await inbox.messagesAbout(db, actor.accountId, personId);
  await audit.record(db, audit.auditActorOf(actor), 'person.export', { personId });
  return {
    exportedAt: now.toISOString(),
    person,
    relationship: link.relationship,
    corrections: corrections.map((c) => ({
      ...c,
      created_at: c.created_at.toISOString(),
      decided_at: c.decided_at?.toISOString() ?? null,
    })),
    accessLog: access.map((a) => ({
      at: a.at.toISOString(),
      action: a.action,
      actorLabel: a.actor_label,
      actorRole: a.actor_role,
    })),
    notifications,
    retention: RETENTION_NOTICE,
  };
}
