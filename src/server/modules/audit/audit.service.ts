import type { Insertable, Kysely } from 'kysely';
import type { AuditEventTable, DB } from '../../db/schema.ts';
import type { Actor } from '../../policy/index.ts';
import * as repo from './audit.repository.ts';

/** Who did it, as the audit trail keeps it. */
export interface AuditActor {
  kind: 'staff' | 'citizen' | 'system';
  id?: string | null;
  role?: string | null;
  label?: string | null;
  ip?: string | null;
}

/** The audit view of a signed-in actor. Labels never hold a phone number. */
export function auditActorOf(actor: Actor): AuditActor {
  return actor.kind === 'staff'
    ? { kind: 'staff', id: actor.staffId, role: actor.role, label: actor.displayName, ip: actor.ip }
    : { kind: 'citizen', id: actor.accountId, role: 'citizen', label: null, ip: actor.ip };
}

export interface AuditSubject {
  personId?: string | null;
  recordType?: string;
  recordId?: string;
  /** What changed ({field: {from, to}}) or what was asked; kept for the record, never logged. */
  details?: Record<string, unknown>;
}

/** The row of one audit event (for statements that write it together with the event's own rows). */
export function auditRow(
  actor: AuditActor,
  action: string,
  subject: AuditSubject = {},
): Insertable<AuditEventTable> {
  return {
    actor_kind: actor.kind,
    actor_id: actor.id ?? null,
    actor_role: actor.role ?? null,
    actor_label: actor.label ?? null,
    action,
    person_id: subject.personId ?? null,
    record_type: subject.recordType ?? null,
    record_id: subject.recordId ?? null,
    ip: actor.ip ?? null,
    details: JSON.stringify(subject.details ?? {}),
  };
}

/**
 * Records one event. Call it with the transaction of the write it describes, so the write and its
 * audit entry land together or not at all.
 */
export async function record(db: Kysely<DB>, actor: AuditActor, action: string, subject: AuditSubject = {}) {
  await repo.insertEvent(db, auditRow(actor, action, subject));
}

export const findEvents = repo.findEvents;
