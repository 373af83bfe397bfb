import type { Kysely } from 'kysely';
import type { MessageCode } from '../../../shared/messages.ts';
import type { Correction } from '../../../shared/schemas/corrections.ts';
import type { Person } from '../../../shared/schemas/people.ts';
import { AppError } from '../../app-error.ts';
import type { CorrectionField, DB } from '../../db/schema.ts';
import type { CitizenActor, StaffActor } from '../../policy/index.ts';
import * as audit from '../audit/audit.service.ts';
import * as files from '../files/files.service.ts';
import * as households from '../households/households.service.ts';
import { enqueue } from '../notifications/outbox.service.ts';
import * as people from '../people/people.service.ts';
import * as repo from './corrections.repository.ts';

type Row = NonNullable<Awaited<ReturnType<typeof repo.findForAccount>>>;

const PERSON_KEY: Record<CorrectionField, keyof Person> = {
  full_name: 'fullName',
  birth_date: 'birthDate',
  sex: 'sex',
  cccd: 'cccd',
  cmnd: 'cmnd',
  passport: 'passport',
};

function toCorrection(row: Row): Correction {
  return {
    id: row.id,
    personId: row.person_id,
    personName: row.person_name,
    field: row.field,
    oldValue: row.old_value,
    newValue: row.new_value,
    citizenNote: row.citizen_note,
    hasDocument: row.document_id !== null,
    documentDeletedAt: row.document_purged_at?.toISOString() ?? null,
    status: row.status,
    decisionNote: row.decision_note,
    decidedBy: row.decided_by_name,
    decidedAt: row.decided_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    unitName: row.unit_name,
  };
}

/** The person as it would be with the correction applied, checked by the shared rules (400 on a bad value). */
function corrected(person: Person, field: CorrectionField, value: string) {
  const key = PERSON_KEY[field];
  if (field === 'sex' && value !== 'male' && value !== 'female') {
    throw AppError.validation([{ field: 'newValue', in: 'body', code: 'field.invalid_value' }]);
  }
  const next = { ...person, [key]: value };
  try {
    people.assertPersonRules({
      fullName: next.fullName,
      birthDate: next.birthDate,
      sex: next.sex,
      cccd: next.cccd,
      cmnd: next.cmnd,
    });
  } catch (error) {
    if (error instanceof AppError) {
      // Errors about the corrected field belong to `newValue`; others keep their own field name.
      throw AppError.validation(error.fields.map((f) => (f.field === key ? { ...f, field: 'newValue' } : f)));
    }
    throw error;
  }
  if (field === 'passport' && !/^[A-Za-z0-9]{5,20}$/.test(value)) {
    throw AppError.validation([{ field: 'newValue', in: 'body', code: 'field.invalid_format' }]);
  }
  return next;
}

async function storedValue(db: Kysely<DB>, field: CorrectionField, value: string): Promise<string> {
  const row = await people.toRow(db, { [PERSON_KEY[field]]: value });
  const stored = row[field as keyof typeof row];
  return typeof stored === 'string' ? stored : value;
}

/** A citizen asks to correct one identity field of a household member, optionally with a document photo. */
export async function requestCorrection(
  db: Kysely<DB>,
  actor: CitizenActor,
  personId: string,
  input: { field: CorrectionField; newValue: string; note?: string; documentId?: string },
) {
  return db.transaction().execute(async (trx) => {
    const { person } = await households.requireMember(trx, actor, personId);
    corrected(person, input.field, input.newValue.trim());
    const newValue = await storedValue(trx, input.field, input.newValue.trim());
    const oldValue = (person[PERSON_KEY[input.field]] as string | null) ?? null;
    if (oldValue === newValue)
      throw AppError.validation([{ field: 'newValue', in: 'body', code: 'correction.no_change' }]);
    if (await repo.findOpen(trx, personId, input.field))
      throw new AppError('correction_open', 409, 'correction.open_exists');
    if (input.documentId && !(await files.findOwnFile(trx, input.documentId, actor.accountId))) {
      throw AppError.validation([{ field: 'documentId', in: 'body', code: 'field.invalid' }]);
    }
    const { id } = await repo.insertRequest(trx, {
      person_id: personId,
      account_id: actor.accountId,
      field: input.field,
      old_value: oldValue,
      new_value: newValue,
      citizen_note: input.note?.trim() || null,
      document_id: input.documentId ?? null,
    });
    await audit.record(trx, audit.auditActorOf(actor), 'correction.request', {
      personId,
      recordType: 'correction_request',
      recordId: id,
      details: { field: input.field },
    });
    return toCorrection((await repo.findForAccount(trx, id, actor.accountId))!);
  });
}

/** The citizen answers a "needs more information" request; it goes back to the queue. */
export async function replyToCorrection(
  db: Kysely<DB>,
  actor: CitizenActor,
  id: string,
  input: { note: string; newValue?: string; documentId?: string },
  now: Date,
) {
  return db.transaction().execute(async (trx) => {
    const row = await repo.findForAccount(trx, id, actor.accountId);
    if (!row) throw AppError.notFound();
    if (row.status !== 'needs_info') throw new AppError('correction_closed', 409, 'correction.not_open');
    const { person } = await households.requireMember(trx, actor, row.person_id);
    let newValue = row.new_value;
    if (input.newValue) {
      corrected(person, row.field, input.newValue.trim());
      newValue = await storedValue(trx, row.field, input.newValue.trim());
    }
    if (input.documentId && !(await files.findOwnFile(trx, input.documentId, actor.accountId))) {
      throw AppError.validation([{ field: 'documentId', in: 'body', code: 'field.invalid' }]);
    }
    await repo.updateRequest(trx, id, {
      status: 'pending',
      new_value: newValue,
      citizen_note: [row.citizen_note, input.note.trim()].filter(Boolean).join('\n—\n'),
      document_id: input.documentId ?? row.document_id,
      updated_at: now,
    });
    await audit.record(trx, audit.auditActorOf(actor), 'correction.reply', {
      personId: row.person_id,
      recordType: 'correction_request',
      recordId: id,
    });
    return toCorrection((await repo.findForAccount(trx, id, actor.accountId))!);
  });
}

/** The account's requests. */
export async function listOwn(db: Kysely<DB>, actor: CitizenActor) {
  return { items: (await repo.listForAccount(db, actor.accountId)).map(toCorrection) };
}

/** The staff queue, inside the jurisdiction. */
export async function listQueue(
  db: Kysely<DB>,
  actor: StaffActor,
  status: Correction['status'] | undefined,
  limit: number,
) {
  return { items: (await repo.listForScope(db, actor.scope, status, limit)).map(toCorrection) };
}

/** The correction's status after each decision. */
const DECISION_STATUS = {
  approve: 'approved',
  needs_info: 'needs_info',
  reject: 'rejected',
} as const satisfies Record<'approve' | 'needs_info' | 'reject', Correction['status']>;

/**
 * Staff decide a request in their jurisdiction. Approval updates the person in the same transaction
 * (audited with old and new values); the citizen is told in the app and by SMS.
 */
export async function decide(
  db: Kysely<DB>,
  deps: { now: Date },
  actor: StaffActor,
  id: string,
  input: { decision: 'approve' | 'needs_info' | 'reject'; note?: string },
) {
  const note = input.note?.trim() || null;
  if (input.decision !== 'approve' && !note) {
    throw AppError.validation([
      { field: 'note', in: 'body', code: 'correction.reason_required' as MessageCode },
    ]);
  }
  await db.transaction().execute(async (trx) => {
    const row = await repo.findInScopeForUpdate(trx, id, actor.scope);
    if (!row) throw AppError.notFound();
    if (row.status !== 'pending' && row.status !== 'needs_info')
      throw new AppError('correction_closed', 409, 'correction.not_open');
    const status = DECISION_STATUS[input.decision];
    if (input.decision === 'approve') {
      const person = await people.requireInScope(trx, row.person_id, actor.scope);
      const current = people.toPerson(person);
      corrected(current, row.field, row.new_value);
      if (row.field === 'cccd') {
        const holder = await people.findByCccd(trx, row.new_value);
        if (holder && holder.id !== row.person_id)
          throw new AppError('duplicate_cccd', 409, 'person.duplicate_cccd');
      }
      const changes = await people.toRow(trx, { [PERSON_KEY[row.field]]: row.new_value });
      await people.updatePersonRow(trx, row.person_id, { ...changes, updated_at: deps.now });
      await audit.record(trx, audit.auditActorOf(actor), 'person.update', {
        personId: row.person_id,
        recordType: 'person',
        recordId: row.person_id,
        details: { changes: people.diffRow(person, changes), correctionId: id },
      });
    }
    await repo.updateRequest(trx, id, {
      status,
      decided_by: actor.staffId,
      decided_at: deps.now,
      decision_note: note,
      updated_at: deps.now,
    });
    await audit.record(trx, audit.auditActorOf(actor), `correction.${input.decision}`, {
      personId: row.person_id,
      recordType: 'correction_request',
      recordId: id,
      details: { field: row.field, from: row.old_value, to: row.new_value },
    });
    // The citizen is told in the app and by SMS / push through the outbox, only if this commits.
    await enqueue(trx, {
      key: `correction.decided:${id}:${status}:${deps.now.toISOString()}`,
      accountId: row.account_id,
      personId: row.person_id,
      kind: 'correction.decided',
      params: { correctionId: id, status, note },
      now: deps.now,
    });
  });
  return toCorrection((await repo.findInScopeForUpdate(db, id, actor.scope))!);
}

/**
 * The document photo of a request in the jurisdiction (the read is audited); 410 once the retention
 * job deleted it, so the screen says so instead of showing a broken image.
 */
export async function readDocument(db: Kysely<DB>, actor: StaffActor, id: string) {
  return db.transaction().execute(async (trx) => {
    const row = await repo.findInScopeForUpdate(trx, id, actor.scope);
    if (!row?.document_id) throw AppError.notFound();
    const file = await files.readFile(trx, row.document_id);
    if (!file) throw AppError.notFound();
    if (!file.data) throw new AppError('file_purged', 410, 'file.purged');
    await audit.record(trx, audit.auditActorOf(actor), 'correction.document_read', {
      personId: row.person_id,
      recordType: 'stored_file',
      recordId: row.document_id,
    });
    return { contentType: file.content_type, data: file.data };
  });
}
