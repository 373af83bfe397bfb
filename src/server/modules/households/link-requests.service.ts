import { createHmac, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import { compactDigits } from '../../../shared/rules/cccd.ts';
import { searchKey } from '../../../shared/rules/vietnamese-text.ts';
import { MAX_HOUSEHOLD_MEMBERS } from '../../../shared/schemas/households.ts';
import type { PersonFields } from '../../../shared/schemas/people.ts';
import { AppError } from '../../app-error.ts';
import type { DB, Relationship } from '../../db/schema.ts';
import { type CitizenActor, personsInReach, type StaffActor } from '../../policy/index.ts';
import type { InstanceSecret } from '../../secrets.ts';
import type { SmsSender } from '../../sms-sender.ts';
import * as citizenAccounts from '../accounts/citizen-accounts.repository.ts';
import * as audit from '../audit/audit.service.ts';
import * as limits from '../limits/limits.service.ts';
import { notifyAccount } from '../notifications/inbox.service.ts';
import * as people from '../people/people.service.ts';
import * as repo from './households.repository.ts';
import * as requests from './link-requests.repository.ts';

/**
 * Adding a person with a CCCD to a household is a request until the person consents (issue 11): the
 * CCCD, name and birth date are printed on the card and photocopied every day, so knowing them proves
 * nothing. A code goes to the phone on the person's record; a record without a phone is confirmed by
 * staff who check the card at a site. A CCCD not yet registered gets its code on the member's own phone
 * (or the account's): nobody else's record is at stake, and if the real holder appears later, staff
 * resolve the duplicate. Every request answers alike — unknown CCCD, mismatch, no phone, a match — so
 * the answer says nothing about the registry.
 */

/** How long a request waits for its code or a visit to a site. */
export const LINK_REQUEST_HOURS = 72;
export const LINK_CODE_MAX_ATTEMPTS = 5;
/** Link requests per account per day (a whole household in a day): each may send an SMS to a stranger. */
export const LINK_REQUEST_LIMIT = { max: MAX_HOUSEHOLD_MEMBERS, windowMs: 24 * 3600_000 };

export interface LinkContext {
  db: Kysely<DB>;
  secret: InstanceSecret;
  sms: SmsSender;
  log: FastifyBaseLogger;
  now: Date;
}

const codeHash = (secret: InstanceSecret, requestId: string, code: string) =>
  createHmac('sha256', secret.key('otp')).update(`household-link:${requestId}:${code}`).digest('hex');

/** The one answer of every failed confirmation: wrong code, no code sent, expired, used, too many tries. */
const codeInvalid = () =>
  new AppError('link_code_invalid', 400, 'household.link_code_invalid', [
    { field: 'code', in: 'body', code: 'household.link_code_invalid' },
  ]);

/** The claimed identity matches the registry person (the same rule the old direct link used). */
function claimMatches(person: { name_key: string; birth_date: string }, claimed: PersonFields) {
  return person.name_key === searchKey(claimed.fullName) && person.birth_date === claimed.birthDate;
}

/** Refuses a member beyond the household's size, or a second "self". */
export async function checkRoom(db: Kysely<DB>, accountId: string, relationship: Relationship) {
  const links = await repo.listMembers(db, accountId);
  if (links.length >= MAX_HOUSEHOLD_MEMBERS)
    throw new AppError('household_full', 409, 'household.full', [], { maximum: MAX_HOUSEHOLD_MEMBERS });
  if (relationship === 'self' && links.some((l) => l.relationship === 'self')) {
    throw new AppError('self_exists', 409, 'household.self_exists', [
      { field: 'relationship', in: 'body', code: 'household.self_exists' },
    ]);
  }
  return links;
}

/**
 * Asks to add a member who has a CCCD. Always 202 `{id, state: 'pending', expiresAt}` unless the
 * account is over its limit or the household is full; the SMS (if any) goes after the answer.
 */
export async function requestLink(
  ctx: LinkContext,
  actor: CitizenActor,
  input: PersonFields & { relationship: Relationship },
) {
  // Validates and normalises the fields now, so a confirmation never fails on what was typed.
  const row = await people.toRow(ctx.db, input);
  const cccd = compactDigits(String(row.cccd));
  const who = audit.auditActorOf(actor);
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const outcome = await ctx.db.transaction().execute(async (trx) => {
    const links = await checkRoom(trx, actor.accountId, input.relationship);
    const state = await limits.hit(trx, `household-link:${actor.accountId}`, LINK_REQUEST_LIMIT, ctx.now);
    if (!state.allowed) {
      await audit.record(trx, who, 'household.link_limited', { details: { cccdEnd: cccd.slice(-3) } });
      return { limited: state, request: undefined, sendTo: undefined } as const;
    }
    const existing = await people.findByCccd(trx, cccd);
    if (existing && links.some((l) => l.person_id === existing.id))
      throw new AppError('already_member', 409, 'household.already_member');
    // Where the code goes: the record's phone when the claim matches; the member's own (typed) phone or
    // the account's for a CCCD not registered; nowhere for a mismatch or a record without a phone.
    const matched = existing && claimMatches(existing, input) ? existing : undefined;
    const sendTo = existing ? (matched?.phone ?? null) : (row.phone ?? actor.phone);
    const id = randomUUID();
    const request = await requests.insertRequest(trx, {
      id,
      account_id: actor.accountId,
      person_id: existing?.id ?? null,
      cccd,
      claimed: { ...input },
      relationship: input.relationship,
      code_hash: sendTo ? codeHash(ctx.secret, id, code) : null,
      created_at: ctx.now,
      expires_at: new Date(ctx.now.getTime() + LINK_REQUEST_HOURS * 3600_000),
    });
    await audit.record(trx, who, 'household.link_requested', {
      personId: existing?.id,
      recordType: 'household_link_request',
      recordId: request.id,
      details: {
        cccdEnd: cccd.slice(-3),
        outcome: !existing ? 'new_person' : matched ? 'matched' : 'mismatch',
        codeSent: Boolean(sendTo),
      },
    });
    return { limited: undefined, request, sendTo };
  });
  if (outcome.limited) throw limits.limitedError(outcome.limited);
  const { request, sendTo } = outcome;
  if (sendTo) {
    // After the answer and never stored in clear (only its HMAC), like the sign-in code. Without
    // diacritics: a plain SMS segment holds 160 characters, a Unicode one 70.
    ctx.sms
      .send({
        to: sendTo,
        code,
        text: `SSKDT: ma ${code} de xac nhan them ho so cua ban vao mot ho gia dinh (so dien thoai duoi ${actor.phone.slice(-3)}). Chi chia se neu ban dong y. / Code ${code} lets the phone ending ${actor.phone.slice(-3)} manage your health record. Share it only if you agree.`,
      })
      .catch((error) => ctx.log.warn({ err: error, channel: ctx.sms.channel }, 'SMS delivery failed'));
  }
  return { id: request.id, state: 'pending' as const, expiresAt: new Date(request.expires_at).toISOString() };
}

/**
 * Links the person of a confirmed request (creating them when the CCCD was not registered), tells the
 * other phones that manage the person, and audits. Runs inside the caller's transaction.
 */
async function completeLink(
  trx: Kysely<DB>,
  request: Awaited<ReturnType<typeof requests.lockRequest>> & {},
  who: audit.AuditActor,
  now: Date,
  decidedBy: string | null,
) {
  await checkRoom(trx, request.account_id, request.relationship);
  const claimed = request.claimed as unknown as PersonFields;
  let personId = request.person_id;
  if (!personId) {
    // Registered meanwhile by someone else: never linked silently; staff resolve it.
    if (await people.findByCccd(trx, request.cccd)) return null;
    const row = await people.toRow(trx, claimed);
    personId = (await people.insertPerson(trx, row as people.NewPerson)).id;
    await audit.record(trx, who, 'person.create', { personId, recordType: 'person', recordId: personId });
  } else {
    if (await repo.findLink(trx, request.account_id, personId)) return null;
    const account = await citizenAccounts.phoneOf(trx, request.account_id);
    const person = await people.findForCitizen(trx, personId);
    for (const other of await repo.otherManagers(trx, personId, request.account_id)) {
      await notifyAccount(trx, other.id, {
        kind: 'household.co_manager_added',
        personId,
        title: { vi: 'Có thêm người quản lý hồ sơ', en: 'Someone else now manages a record' },
        body: {
          vi: `Số điện thoại đuôi ${account.phone.slice(-3)} vừa thêm ${person?.fullName ?? ''} vào hộ gia đình của họ.`,
          en: `The phone ending ${account.phone.slice(-3)} added ${person?.fullName ?? ''} to their household.`,
        },
      });
    }
    await audit.record(trx, who, 'household.link_existing', {
      personId,
      recordType: 'person',
      recordId: personId,
    });
  }
  await repo.insertLink(trx, request.account_id, personId, request.relationship);
  await requests.decide(trx, request.id, 'confirmed', now, {
    linked_person_id: personId,
    decided_by: decidedBy,
  });
  await audit.record(trx, who, 'household.add', {
    personId,
    details: { relationship: request.relationship, linkRequest: request.id },
  });
  return personId;
}

/**
 * The citizen types the code the person received. Every failure gives the same answer; five wrong
 * codes end the request. Returns the linked person's id.
 */
export async function confirmLink(ctx: LinkContext, actor: CitizenActor, id: string, code: string) {
  const who = audit.auditActorOf(actor);
  const outcome = await ctx.db.transaction().execute(async (trx) => {
    const request = await requests.lockRequestOfAccount(trx, actor.accountId, id);
    if (!request) return { error: codeInvalid() };
    const usable =
      request.state === 'pending' &&
      request.expires_at.getTime() > ctx.now.getTime() &&
      request.attempts < LINK_CODE_MAX_ATTEMPTS &&
      request.code_hash !== null;
    const right =
      usable &&
      /^\d{6}$/.test(code) &&
      timingSafeEqual(
        Buffer.from(request.code_hash!, 'hex'),
        Buffer.from(codeHash(ctx.secret, id, code), 'hex'),
      );
    if (!right) {
      const attempts = request.state === 'pending' ? await requests.addAttempt(trx, id) : request.attempts;
      await audit.record(trx, who, 'household.link_failed', {
        recordType: 'household_link_request',
        recordId: id,
        details: { attempts },
      });
      if (request.state === 'pending' && attempts >= LINK_CODE_MAX_ATTEMPTS)
        await requests.decide(trx, id, 'rejected', ctx.now);
      return { error: codeInvalid() };
    }
    const personId = await completeLink(trx, request, who, ctx.now, null);
    if (!personId) {
      await requests.decide(trx, id, 'rejected', ctx.now);
      return { error: codeInvalid() };
    }
    return { personId };
  });
  // The failed attempt is counted and audited (committed) before the error goes out.
  if ('error' in outcome) throw outcome.error;
  return outcome.personId;
}

/** The citizen withdraws a pending request. */
export async function cancelLink(db: Kysely<DB>, actor: CitizenActor, id: string, now: Date) {
  await db.transaction().execute(async (trx) => {
    const request = await requests.lockRequestOfAccount(trx, actor.accountId, id);
    if (request?.state !== 'pending') throw AppError.notFound('household.link_request_not_found');
    await requests.decide(trx, id, 'cancelled', now);
    await audit.record(trx, audit.auditActorOf(actor), 'household.link_cancelled', {
      recordType: 'household_link_request',
      recordId: id,
    });
  });
}

/** The account's pending requests, for the household screen: only what the citizen typed. */
export async function pendingLinks(db: Kysely<DB>, actor: CitizenActor, now: Date) {
  const rows = await requests.pendingOfAccount(db, actor.accountId, now);
  return rows.map((r) => {
    const claimed = r.claimed as unknown as PersonFields;
    return {
      id: r.id,
      fullName: claimed.fullName,
      relationship: r.relationship,
      createdAt: r.created_at.toISOString(),
      expiresAt: r.expires_at.toISOString(),
    };
  });
}

/**
 * Staff holding the person's card list the pending requests for its CCCD: what was claimed, and
 * whether it matches the record. Only for a person within reach (a walk-in is identified first) or a
 * CCCD not registered; rate-limited and audited like walk-in identification.
 */
export async function pendingForCard(db: Kysely<DB>, actor: StaffActor, cccdInput: string, now: Date) {
  const cccd = compactDigits(cccdInput);
  await limits.enforce(
    db,
    [{ key: `identify:staff:${actor.staffId}`, limit: people.IDENTIFY_LIMITS.perStaff }],
    now,
  );
  const person = await people.findByCccd(db, cccd);
  if (person && !(await personsInReach(db, actor.scope, [person.id])).has(person.id)) {
    await audit.record(db, audit.auditActorOf(actor), 'household.link_lookup', {
      details: { cccdEnd: cccd.slice(-3), inReach: false },
    });
    return { items: [] };
  }
  const rows = await requests.pendingForCccd(db, cccd, now);
  await audit.record(db, audit.auditActorOf(actor), 'household.link_lookup', {
    personId: person?.id,
    details: { cccdEnd: cccd.slice(-3), found: rows.length },
  });
  return {
    items: rows.map((r) => {
      const claimed = r.claimed as unknown as PersonFields;
      return {
        id: r.id,
        fullName: claimed.fullName,
        birthDate: claimed.birthDate,
        relationship: r.relationship,
        accountPhoneEnd: r.phone.slice(-3),
        personId: r.person_id,
        matchesRecord: person ? claimMatches(person, claimed) : null,
        createdAt: r.created_at.toISOString(),
        expiresAt: r.expires_at.toISOString(),
      };
    }),
  };
}

/**
 * Staff confirm a request after checking the card in person: the person's record must be within
 * their reach (or the CCCD not registered) and match what was claimed.
 */
export async function confirmByStaff(db: Kysely<DB>, actor: StaffActor, id: string, now: Date) {
  const who = audit.auditActorOf(actor);
  return db.transaction().execute(async (trx) => {
    const request = await requests.lockRequest(trx, id);
    const notFound = AppError.notFound('household.link_request_not_found');
    if (request?.state !== 'pending' || request.expires_at.getTime() <= now.getTime()) throw notFound;
    if (request.person_id) {
      if (!(await personsInReach(trx, actor.scope, [request.person_id])).has(request.person_id))
        throw notFound;
      const person = await people.findByCccd(trx, request.cccd);
      if (!person || !claimMatches(person, request.claimed as unknown as PersonFields)) {
        throw new AppError('identity_mismatch', 409, 'household.link_mismatch');
      }
    }
    const personId = await completeLink(trx, request, who, now, actor.staffId);
    if (!personId) throw new AppError('identity_mismatch', 409, 'household.link_mismatch');
    await audit.record(trx, who, 'household.link_confirmed_by_staff', {
      personId,
      recordType: 'household_link_request',
      recordId: id,
    });
    return { personId };
  });
}

/**
 * Deletes link requests (what the asker typed: name, birth date, CCCD) `days` after they expired or
 * were decided; the audit trail keeps that they happened.
 */
export function pruneEnded(db: Kysely<DB>, now: Date, days: number): Promise<number> {
  return requests.deleteEnded(db, new Date(now.getTime() - days * 24 * 3600_000));
}
