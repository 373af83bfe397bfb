import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import { MAX_HOUSEHOLD_MEMBERS } from '../../../shared/schemas/households.ts';
import type { PersonFields } from '../../../shared/schemas/people.ts';
import { AppError } from '../../app-error.ts';
import type { DB, Relationship } from '../../db/schema.ts';
import type { CitizenActor } from '../../policy/index.ts';
import * as citizenAccounts from '../accounts/citizen-accounts.repository.ts';
import * as sessions from '../accounts/sign-in-sessions.service.ts';
import * as audit from '../audit/audit.service.ts';
import { forgetAccountDevices } from '../notifications/push.ts';
import * as people from '../people/people.service.ts';
import * as repo from './households.repository.ts';
import { checkRoom, pendingLinks } from './link-requests.service.ts';

/** The account's household: each member with the person's record, and the members asked for. */
export async function listHousehold(db: Kysely<DB>, actor: CitizenActor, now = new Date()) {
  const links = await repo.listMembers(db, actor.accountId);
  const members = [];
  for (const link of links) {
    const person = await people.findForCitizen(db, link.person_id);
    if (person) {
      members.push({
        relationship: link.relationship,
        addedAt: link.added_at.toISOString(),
        managedByOthers: Number(link.others ?? 0),
        person,
      });
    }
  }
  return { members, pending: await pendingLinks(db, actor, now), maxMembers: MAX_HOUSEHOLD_MEMBERS };
}

/** The person behind a household link; 404 when the account does not manage them. */
export async function requireMember(db: Kysely<DB>, actor: CitizenActor, personId: string) {
  const link = await repo.findLink(db, actor.accountId, personId);
  const person = link ? await people.findForCitizen(db, personId) : undefined;
  if (!link || !person) throw AppError.notFound('person.not_found');
  return { link, person };
}

/**
 * Adds a member without a CCCD (a child, a foreigner with a passport): a new person is registered at
 * once. A member with a CCCD goes through a link request (link-requests.service.ts) instead.
 */
export async function addMemberWithoutCccd(
  db: Kysely<DB>,
  actor: CitizenActor,
  input: PersonFields & { relationship: Relationship },
) {
  if (input.cccd) throw new Error('a member with a CCCD is added through a link request');
  const row = await people.toRow(db, input);
  return db.transaction().execute(async (trx) => {
    await checkRoom(trx, actor.accountId, input.relationship);
    const who = audit.auditActorOf(actor);
    const created = await people.insertPerson(trx, row as people.NewPerson);
    const personId = created.id;
    await audit.record(trx, who, 'person.create', { personId, recordType: 'person', recordId: personId });
    await repo.insertLink(trx, actor.accountId, personId, input.relationship);
    await audit.record(trx, who, 'household.add', {
      personId,
      details: { relationship: input.relationship },
    });
    return (await listHousehold(trx, actor)).members.find((m) => m.person.id === personId)!;
  });
}

/** Changes a member's contact and address fields or relationship (identity goes through corrections). */
export async function updateMember(
  db: Kysely<DB>,
  actor: CitizenActor,
  personId: string,
  input: Partial<Pick<PersonFields, 'phone' | 'bhyt' | 'unitId' | 'addressLine'>> & {
    relationship?: Relationship;
  },
  now: Date,
) {
  return db.transaction().execute(async (trx) => {
    const { person } = await requireMember(trx, actor, personId);
    const { relationship, ...fields } = input;
    const changes = await people.toRow(trx, fields);
    const diff = people.diffRow(
      { phone: person.phone, bhyt: person.bhyt, unit_id: person.unitId, address_line: person.addressLine },
      changes,
    );
    if (Object.keys(diff).length) {
      await people.updatePersonRow(trx, personId, { ...changes, updated_at: now });
      await audit.record(trx, audit.auditActorOf(actor), 'person.update', {
        personId,
        recordType: 'person',
        recordId: personId,
        details: { changes: diff },
      });
    }
    if (relationship) await repo.updateLink(trx, actor.accountId, personId, relationship);
    return (await listHousehold(trx, actor)).members.find((m) => m.person.id === personId)!;
  });
}

/** Removes a member from the household; the person and their records stay. */
export async function removeMember(db: Kysely<DB>, actor: CitizenActor, personId: string) {
  await db.transaction().execute(async (trx) => {
    await requireMember(trx, actor, personId);
    await repo.deleteLink(trx, actor.accountId, personId);
    await audit.record(trx, audit.auditActorOf(actor), 'household.remove', { personId });
  });
}

/** Who on the staff side opened or changed a member's record ("access transparency"). */
export async function accessLog(db: Kysely<DB>, actor: CitizenActor, personId: string) {
  await requireMember(db, actor, personId);
  const rows = await repo.staffAccessTo(db, personId, 200);
  return {
    items: rows.map((r) => ({
      at: r.at.toISOString(),
      action: r.action,
      staffName: r.actor_label,
      role: r.actor_role,
      workplace: r.facility_name ?? r.unit_name ?? null,
    })),
  };
}

export const RETENTION_NOTICE = {
  vi: 'Xóa tài khoản chỉ gỡ liên kết giữa số điện thoại này và các thành viên. Hồ sơ sức khỏe và lịch sử tiêm chủng vẫn được lưu theo quy định về lưu trữ hồ sơ y tế.',
  en: 'Deleting the account only unlinks this phone from its members. Health records and vaccination history are kept, as the law on medical records requires.',
};

/**
 * Ends the account: links removed, sessions ended, its devices' push subscriptions deleted and messages
 * still waiting skipped, the account marked deleted; health records stay.
 */
export async function deleteAccount(db: Kysely<DB>, actor: CitizenActor, now: Date, log: FastifyBaseLogger) {
  await db.transaction().execute(async (trx) => {
    const unlinked = await repo.deleteAllLinks(trx, actor.accountId);
    const devices = await forgetAccountDevices(trx, actor.accountId);
    await citizenAccounts.markDeleted(trx, actor.accountId, now);
    await sessions.revokeAllSessions(trx, { accountId: actor.accountId }, now);
    await audit.record(trx, audit.auditActorOf(actor), 'account.delete', {
      recordType: 'citizen_account',
      recordId: actor.accountId,
      details: { unlinked, ...devices },
    });
  });
  log.info({ account: actor.accountId }, 'citizen account deleted');
}

/** Demo households: an account for a phone managing the given persons (the first is "self"). */
export async function createDemoHousehold(
  db: Kysely<DB>,
  phone: string,
  members: { personId: string; relationship: Relationship }[],
) {
  const account = await citizenAccounts.insertAccount(db, phone);
  for (const m of members) await repo.insertLink(db, account.id, m.personId, m.relationship);
  return account.id;
}
