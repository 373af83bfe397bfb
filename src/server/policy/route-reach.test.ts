import { randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { type Kysely, sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { HEADERS } from '../../../test/fixtures/imports/faulty-file.ts';
import { citizenSession, personFields, type Session, smsFile } from '../../../test/helpers/auth.ts';
import { addHouseholdMember } from '../../../test/helpers/household.ts';
import { csvText, uploadCsv } from '../../../test/helpers/imports.ts';
import { CLEAR, NO_PRE, NORMAL } from '../../../test/helpers/screening.ts';
import { TEST_ENGINES, useTestApp } from '../../../test/helpers/test-app.ts';
import { buildWorld, type World } from '../../../test/helpers/world.ts';
import type { DB } from '../db/schema.ts';
import { keySealer } from '../key-seal.ts';
import { initKeys } from '../modules/certificates/keys.service.ts';
import { runNextJob } from '../modules/imports/runner/job-runner.ts';
import { runnerName } from '../modules/imports/runner/runner-name.ts';
import { notifyAccount } from '../modules/notifications/inbox.service.ts';

/**
 * Reach, route by route, generated from the route table: every route that needs a signed-in principal
 * has an attack here (REACH) or a stated reason why it touches no record of someone else (NO_RECORD);
 * a new route without either fails the first test.
 *
 * Each attack: a principal that holds the route's permission, but whose reach does not include the
 * record, reads or writes it. Out of reach is 404 (no existence oracle) and a write changes nothing;
 * lists and reports leave the record out. Each attack has a positive control: the same request by a
 * principal whose reach includes the record succeeds, so the test can fail.
 *
 * The records attacked live in Hồ Chí Minh (commune B, its site) and are reached from Hà Nội, or belong
 * to the HCM citizen's household and are reached by the Hà Nội citizen; the staff household-link cases
 * go the other way (a Ba Đình card, the HCM site). One world per engine, built through the HTTP API.
 *
 * The file is long on purpose: one case per signed-in route (about 75) and the fixtures they share.
 */

// 09:00 in Vietnam on 10 September 2021.
const NOW = new Date('2021-09-10T02:00:00Z');
const SECRET = 'route-reach-test-secret-0123456789';
const PREFIX = 'reach';
const HCM_PROVINCE = '2025-79';
const PHONES = { citizenHn: '0912600001', citizenHcm: '0912600002', victim: '0912600003' };
/** A real 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
type Res = LightMyRequestResponse;
type Citizen = 'citizenHn' | 'citizenHcm';
type ApiKey = 'keyBaDinh' | 'keyHcm';
/** Every principal of the world: staff of each role, two citizens, the two sites' API keys. */
type Who = keyof World['staff'] | Citizen | ApiKey;
type PersonInput = ReturnType<typeof personFields> & { id: string };

/** The records the attacks aim at, built once per engine. */
interface Fixtures {
  world: World;
  headers: Record<Who, Record<string, string>>;
  citizens: Record<Citizen, Session & { accountId: string }>;
  hcmCode: string;
  campaign: string;
  lot: string;
  /** The HCM citizen's own record: a dose at the HCM site now, a certificate. */
  member: string;
  /** The Hà Nội citizen's own record, and the HCM citizen's uploaded document photo. */
  hnMember: string;
  photo: string;
  uvci: string;
  /** More members of the HCM household (no CCCD): to register, to delete, to correct. */
  regMember: string;
  spareMember: string;
  /** `book` is booked by the book case's control, then moved and its appointment cancelled by the next two. */
  registrations: { patch: string; cancel: string; book: string; scheduled: string };
  corrections: { pending: string; needsInfo: string };
  notification: string;
  /** Pending household requests of the HCM citizen (with the code sent for the first). */
  linkToConfirm: { id: string; code: string };
  linkToCancel: string;
  /** A record with its own phone, not in any household. */
  victim: PersonInput;
  /** Ba Đình records without a phone, asked for by the Hà Nội citizen: staff who hold the card confirm. */
  cardLinks: { list: { id: string; cccd: string }; confirm: string };
  /** HCM persons for one attack each. */
  people: Record<'doseTarget' | 'batchTarget' | 'identify' | 'noCccd', PersonInput>;
  voidDose: string;
  /** A dose at the HCM site now: its person is under observation there. */
  dischargeDose: string;
  keyDose: string;
  revokeUvci: string;
  revokedUvci: string;
  merged: { winnerId: string; loserId: string };
  toMerge: { winnerId: string; loserId: string };
  aefi: string;
  alert: string;
  sessions: { book: string; schedule: string; move: string };
  walkIns: { pending: string; checkedIn: string };
  tallyDay: string;
  imports: { done: string; needsMapping: string; queued: string; review: string };
}

/** What a case gets: the fixtures, the database, and a way to call as anyone. */
interface Probe extends Fixtures {
  app(): FastifyInstance;
  db: Kysely<DB>;
  sms: ReturnType<typeof smsFile>;
  call(who: Who, method: Method, url: string, payload?: object): Promise<Res>;
  /** The row of `table` with this id, to compare before and after an attack. */
  row(table: string, id: string): Promise<unknown>;
}

interface ReachCase {
  /** The attack in words: who tries what on whose record. */
  attack: string;
  run(t: Probe): Promise<unknown>;
}

/** Refused without confirming the record (404), unless the route is known to answer otherwise. */
function expectRefused(res: Res, status = 404) {
  expect(res.statusCode, res.body).toBe(status);
}

/** Answered with success: not refused, so the attack above it could have failed. */
function expectOk(res: Res) {
  expect(res.statusCode, res.body).toBeGreaterThanOrEqual(200);
  expect(res.statusCode, res.body).toBeLessThan(300);
}

interface SingleRecord {
  attackers: Who[];
  owner: Who;
  method?: Method;
  url: string;
  payload?: object;
  /** The status the attack gets (404 by default). */
  status?: number;
  /** Reads the record: it must read the same after each attack. */
  unchanged?: () => Promise<unknown>;
}

/** The attack on one record, then the owner's same request as the control; returns the owner's answer. */
async function single(t: Probe, c: SingleRecord): Promise<Res> {
  const before = await c.unchanged?.();
  if (c.unchanged) expect(before, 'the record to attack exists').not.toBeUndefined();
  for (const who of c.attackers) {
    expectRefused(await t.call(who, c.method ?? 'GET', c.url, c.payload), c.status);
    if (c.unchanged) expect(await c.unchanged(), `${who} changed the record`).toEqual(before);
  }
  const own = await t.call(c.owner, c.method ?? 'GET', c.url, c.payload);
  expectOk(own);
  return own;
}

interface Listing {
  attackers: Who[];
  owner: Who;
  url: string;
  /** What must not appear for the attackers, and must for the owner: an id, a UVCI. */
  shows: string;
}

/** A list or report: the attackers get it without the record, the owner with it. */
async function listed(t: Probe, c: Listing) {
  for (const who of c.attackers) {
    const res = await t.call(who, 'GET', c.url);
    expectOk(res);
    expect(res.body, `${who} sees the record`).not.toContain(c.shows);
  }
  const own = await t.call(c.owner, 'GET', c.url);
  expectOk(own);
  expect(own.body).toContain(c.shows);
}

/** A case on one record (see `single`). */
const one = (attack: string, spec: (t: Probe) => SingleRecord): ReachCase => ({
  attack,
  run: (t) => single(t, spec(t)),
});

/** A case on a list or report (see `listed`). */
const inList = (attack: string, spec: (t: Probe) => Listing): ReachCase => ({
  attack,
  run: (t) => listed(t, spec(t)),
});

/**
 * Routes that touch no person, dose, certificate, facility, import, tally, stock, registration,
 * correction or AEFI record of someone else, and why.
 */
const NO_RECORD: Record<string, string> = {
  'POST /api/auth/staff/totp': 'own session: the second factor of the caller’s own sign-in',
  'POST /api/auth/staff/totp/setup': 'own account: TOTP enrolment of the caller',
  'POST /api/auth/staff/totp/enable': 'own account: TOTP enrolment of the caller',
  'POST /api/auth/staff/password': 'own account: the caller’s own password',
  'GET /api/admin/users': 'admin only (users.manage); admin reach is national, so reach does not apply',
  'POST /api/admin/users': 'admin only (users.manage); admin reach is national, so reach does not apply',
  'POST /api/admin/users/:id/disable': 'admin only (users.manage); national reach',
  'POST /api/admin/users/:id/enable': 'admin only (users.manage); national reach',
  'POST /api/admin/users/:id/reset-password': 'admin only (users.manage); national reach',
  'GET /api/admin/audit': 'admin only (audit.read); national reach',
  'POST /api/admin/api-keys': 'admin only (api_keys.manage); national reach',
  'GET /api/admin/api-keys': 'admin only (api_keys.manage); national reach',
  'POST /api/admin/api-keys/:id/expire': 'admin only (api_keys.manage); national reach',
  'POST /api/admin/api-keys/:id/revoke': 'admin only (api_keys.manage); national reach',
  'POST /api/admin/campaigns': 'admin only (campaigns.manage): campaigns are national',
  'GET /api/me/inbox': 'own inbox: messages are selected by the caller’s account',
  'DELETE /api/me/account': 'own account: deletes the caller’s account and its links only',
  'POST /api/me/files':
    'own upload: stored under the caller’s account (another account’s file is refused when attached to a correction)',
  'POST /api/me/push-subscriptions':
    'own device: the browser’s push endpoint is stored under the account signed in on it',
  'DELETE /api/me/push-subscriptions': 'own device: the delete is keyed by the caller’s account and endpoint',
  'GET /api/staff/lots': 'the national lot catalogue (vaccine, lot number, expiry): nobody’s record',
  'POST /api/staff/lots': 'adds to the national lot catalogue; stock per holder is reached through movements',
  'GET /api/staff/imports/template.xlsx': 'a blank template file',
};

const REACH: Record<string, ReachCase> = {
  // ── places ──────────────────────────────────────────────────────────────────────────────────────
  'GET /api/staff/facilities': inList('Hà Nội staff search for the HCM site by its code', (t) => ({
    attackers: ['pmHanoi', 'siteBaDinh'],
    owner: 'pmHcm',
    url: `/api/staff/facilities?q=${t.hcmCode}`,
    shows: t.world.facilities.siteHcm,
  })),

  // ── people ──────────────────────────────────────────────────────────────────────────────────────
  'GET /api/staff/people': inList('Hà Nội staff search an HCM person by name', (t) => ({
    attackers: ['pmHanoi', 'cmBaDinh', 'siteBaDinh'],
    owner: 'pmHcm',
    url: '/api/staff/people?q=le%20van%20cuong',
    shows: t.world.people.hcm,
  })),
  'POST /api/staff/people': {
    attack:
      'Hà Nội managers register a person living in HCM (or Ngọc Hà), and the CCCD of an HCM person (409 without a pointer)',
    run: async (t) => {
      const outside = personFields({
        fullName: 'Người Ngoài Vùng',
        birthDate: '1966-06-06',
        unitId: t.world.communeB,
      });
      const made = () => t.db.selectFrom('person').select('id').where('cccd', '=', outside.cccd).execute();
      // Units are public: the refusal names the field, as any other invalid input would.
      const elsewhere = await t.call('pmHanoi', 'POST', '/api/staff/people', outside);
      expectRefused(elsewhere, 400);
      expect(elsewhere.json().errors[0]).toMatchObject({
        field: 'unitId',
        code: 'person.unit_outside_reach',
      });
      expectRefused(
        await t.call('cmBaDinh', 'POST', '/api/staff/people', { ...outside, unitId: '2025-00008' }),
        400,
      );
      expect(await made()).toEqual([]);
      expect((await t.call('pmHcm', 'POST', '/api/staff/people', outside)).statusCode).toBe(201);
      // An existing CCCD: the answer points at the record only for those who reach it.
      const { cccd } = await t.db
        .selectFrom('person')
        .select('cccd')
        .where('id', '=', t.world.people.hcm)
        .executeTakeFirstOrThrow();
      const payload = personFields({ fullName: 'Lê Văn Cường', birthDate: '1990-11-11', cccd });
      const foreign = await t.call('pmHanoi', 'POST', '/api/staff/people', payload);
      expectRefused(foreign, 409);
      expect(foreign.body).not.toContain(t.world.people.hcm);
      const own = await t.call('pmHcm', 'POST', '/api/staff/people', {
        ...payload,
        unitId: t.world.communeB,
      });
      expect(own.statusCode, own.body).toBe(409);
      expect(own.body).toContain(t.world.people.hcm);
    },
  },
  'GET /api/staff/people/:id': one('Hà Nội staff read an HCM person', (t) => ({
    attackers: ['pmHanoi', 'cmBaDinh', 'siteBaDinh', 'clinicBaDinh'],
    owner: 'siteHcm',
    url: `/api/staff/people/${t.world.people.hcm}`,
  })),
  'PATCH /api/staff/people/:id': one('Hà Nội staff change an HCM person', (t) => ({
    attackers: ['pmHanoi', 'siteBaDinh'],
    owner: 'pmHcm',
    method: 'PATCH',
    url: `/api/staff/people/${t.world.people.hcm}`,
    payload: { addressLine: 'Số 9 đường Thử' },
    unchanged: () => t.row('person', t.world.people.hcm),
  })),
  'POST /api/staff/people/identify': {
    attack: 'the Ba Đình site identifies an HCM person by CCCD without the card (a guessed birth date)',
    run: async (t) => {
      const p = t.people.identify;
      const links = () =>
        t.db.selectFrom('person_facility').selectAll().where('person_id', '=', p.id).execute();
      const before = await links();
      const guessed = await t.call('siteBaDinh', 'POST', '/api/staff/people/identify', {
        cccd: p.cccd,
        birthDate: '1966-01-01',
      });
      expectRefused(guessed);
      expect(await links()).toEqual(before);
      // With the card in hand (its birth date) the walk-in is identified: the route's purpose.
      const card = await t.call('siteBaDinh', 'POST', '/api/staff/people/identify', {
        cccd: p.cccd,
        birthDate: p.birthDate,
      });
      expectOk(card);
      expect(card.json().id).toBe(p.id);
    },
  },
  'POST /api/staff/people/merge': {
    attack: 'Hà Nội managers merge an HCM record into one of theirs, or two HCM duplicates',
    run: async (t) => {
      const url = '/api/staff/people/merge';
      const reason = 'trùng hồ sơ';
      const rows = async () => [
        await t.row('person', t.toMerge.winnerId),
        await t.row('person', t.toMerge.loserId),
      ];
      const before = await rows();
      for (const who of ['pmHanoi', 'cmBaDinh'] as const) {
        const into = { winnerId: t.world.people.baDinh, loserId: t.toMerge.loserId, reason };
        expectRefused(await t.call(who, 'POST', url, into));
        expectRefused(await t.call(who, 'POST', url, { ...t.toMerge, reason }));
        expect(await rows()).toEqual(before);
      }
      expectOk(await t.call('pmHcm', 'POST', url, { ...t.toMerge, reason }));
    },
  },
  'GET /api/staff/merges': inList('Hà Nội managers list merges and see an HCM one', (t) => ({
    attackers: ['pmHanoi', 'cmBaDinh'],
    owner: 'pmHcm',
    url: '/api/staff/merges',
    shows: t.merged.winnerId,
  })),

  // ── households ──────────────────────────────────────────────────────────────────────────────────
  'GET /api/me/household': inList(
    'the Hà Nội citizen’s household shows a member of the HCM household',
    (t) => ({
      attackers: ['citizenHn'],
      owner: 'citizenHcm',
      url: '/api/me/household',
      shows: t.member,
    }),
  ),
  'POST /api/me/household/members': {
    attack: 'the Hà Nội citizen adds a stranger’s record by its CCCD, name and birth date: nothing is linked',
    run: async (t) => {
      const linked = (accountId: string) =>
        t.db
          .selectFrom('household_member')
          .select('person_id')
          .where('account_id', '=', accountId)
          .where('person_id', '=', t.victim.id)
          .execute();
      const { id, ...fields } = t.victim;
      const codes = t.sms.codeCount(PHONES.victim);
      const asked = await t.call('citizenHn', 'POST', '/api/me/household/members', {
        ...fields,
        phone: undefined,
        relationship: 'parent',
      });
      expect(asked.statusCode, asked.body).toBe(202);
      expect(asked.body).not.toContain(id);
      expect(await linked(t.citizens.citizenHn.accountId)).toEqual([]);
      // The code went to the record's phone, not to the asking one.
      await t.sms.codeFor(PHONES.victim, codes + 1);
      // The holder of the record's phone adds it (the code goes to that phone).
      const holder = await citizenSession(t.app(), t.sms, PHONES.victim, '10.61.0.3');
      const added = await addHouseholdMember(t.app(), t.sms, holder, { ...fields, relationship: 'self' });
      expect(added.person.id).toBe(id);
    },
  },
  'POST /api/me/household/link-requests/:id/confirm': one(
    'the Hà Nội citizen confirms the HCM citizen’s pending request with its code (400 link_code_invalid, as for any failure)',
    (t) => ({
      attackers: ['citizenHn'],
      owner: 'citizenHcm',
      method: 'POST',
      url: `/api/me/household/link-requests/${t.linkToConfirm.id}/confirm`,
      payload: { code: t.linkToConfirm.code },
      status: 400,
      unchanged: () => t.row('household_link_request', t.linkToConfirm.id),
    }),
  ),
  'DELETE /api/me/household/link-requests/:id': one(
    'the Hà Nội citizen withdraws the HCM citizen’s pending request',
    (t) => ({
      attackers: ['citizenHn'],
      owner: 'citizenHcm',
      method: 'DELETE',
      url: `/api/me/household/link-requests/${t.linkToCancel}`,
      unchanged: () => t.row('household_link_request', t.linkToCancel),
    }),
  ),
  'GET /api/staff/household-link-requests': inList(
    'HCM staff look up the pending requests for a Ba Đình card',
    (t) => ({
      attackers: ['siteHcm'],
      owner: 'siteBaDinh',
      url: `/api/staff/household-link-requests?cccd=${t.cardLinks.list.cccd}`,
      shows: t.cardLinks.list.id,
    }),
  ),
  'POST /api/staff/household-link-requests/:id/confirm': one(
    'HCM staff confirm a request for a Ba Đình record',
    (t) => ({
      attackers: ['siteHcm'],
      owner: 'siteBaDinh',
      method: 'POST',
      url: `/api/staff/household-link-requests/${t.cardLinks.confirm}/confirm`,
      unchanged: () => t.row('household_link_request', t.cardLinks.confirm),
    }),
  ),
  'GET /api/me/household/members/:personId': one(
    'the Hà Nội citizen reads a member of the HCM household',
    (t) => ({
      attackers: ['citizenHn'],
      owner: 'citizenHcm',
      url: `/api/me/household/members/${t.member}`,
    }),
  ),
  'PATCH /api/me/household/members/:personId': one(
    'the Hà Nội citizen changes a member of the HCM household',
    (t) => ({
      attackers: ['citizenHn'],
      owner: 'citizenHcm',
      method: 'PATCH',
      url: `/api/me/household/members/${t.member}`,
      payload: { addressLine: 'Số 1 đường Thử' },
      unchanged: () => t.row('person', t.member),
    }),
  ),
  'DELETE /api/me/household/members/:personId': one(
    'the Hà Nội citizen removes a member of the HCM household',
    (t) => ({
      attackers: ['citizenHn'],
      owner: 'citizenHcm',
      method: 'DELETE',
      url: `/api/me/household/members/${t.spareMember}`,
      unchanged: () =>
        t.db.selectFrom('household_member').selectAll().where('person_id', '=', t.spareMember).execute(),
    }),
  ),
  'GET /api/me/household/members/:personId/access-log': one(
    'the Hà Nội citizen reads who opened an HCM member’s record',
    (t) => ({
      attackers: ['citizenHn'],
      owner: 'citizenHcm',
      url: `/api/me/household/members/${t.member}/access-log`,
    }),
  ),
  'GET /api/me/household/members/:personId/export': one(
    'the Hà Nội citizen exports an HCM member’s data',
    (t) => ({
      attackers: ['citizenHn'],
      owner: 'citizenHcm',
      url: `/api/me/household/members/${t.member}/export`,
    }),
  ),
  'POST /api/me/inbox/read': {
    attack: 'the Hà Nội citizen marks the HCM citizen’s message read (answered 204 alike: nothing changes)',
    run: async (t) => {
      const readAt = async () =>
        (
          await t.db
            .selectFrom('notification')
            .select('read_at')
            .where('id', '=', t.notification)
            .executeTakeFirstOrThrow()
        ).read_at;
      const payload = { ids: [t.notification] };
      expect((await t.call('citizenHn', 'POST', '/api/me/inbox/read', payload)).statusCode).toBe(204);
      expect(await readAt()).toBeNull();
      expect((await t.call('citizenHcm', 'POST', '/api/me/inbox/read', payload)).statusCode).toBe(204);
      expect(await readAt()).not.toBeNull();
    },
  },

  // ── corrections ─────────────────────────────────────────────────────────────────────────────────
  'POST /api/me/household/members/:personId/corrections': {
    attack:
      'the Hà Nội citizen asks to correct an HCM member, or attaches the HCM citizen’s photo to their own',
    run: async (t) => {
      const correction = { field: 'full_name', newValue: 'Đặng Văn Hải Nam', documentId: t.photo };
      const url = `/api/me/household/members/${t.hnMember}/corrections`;
      const ownMember = await t.call('citizenHn', 'POST', url, correction);
      expectRefused(ownMember, 400);
      expect(ownMember.json().errors[0].field).toBe('documentId');
      await single(t, {
        attackers: ['citizenHn'],
        owner: 'citizenHcm',
        method: 'POST',
        url: `/api/me/household/members/${t.member}/corrections`,
        payload: { field: 'full_name', newValue: 'Võ Thị Hồng Nhung', documentId: t.photo },
        unchanged: () =>
          t.db.selectFrom('correction_request').select('id').where('person_id', '=', t.member).execute(),
      });
    },
  },
  'GET /api/me/corrections': inList(
    'the Hà Nội citizen lists corrections and sees the HCM citizen’s',
    (t) => ({
      attackers: ['citizenHn'],
      owner: 'citizenHcm',
      url: '/api/me/corrections',
      shows: t.corrections.pending,
    }),
  ),
  'POST /api/me/corrections/:id/reply': one(
    'the Hà Nội citizen answers the HCM citizen’s correction request',
    (t) => ({
      attackers: ['citizenHn'],
      owner: 'citizenHcm',
      method: 'POST',
      url: `/api/me/corrections/${t.corrections.needsInfo}/reply`,
      payload: { note: 'Ảnh CCCD đã gửi lại' },
      unchanged: () => t.row('correction_request', t.corrections.needsInfo),
    }),
  ),
  'GET /api/staff/corrections': inList('Hà Nội staff see an HCM correction in their queue', (t) => ({
    attackers: ['pmHanoi', 'cmBaDinh', 'siteBaDinh'],
    owner: 'pmHcm',
    url: '/api/staff/corrections',
    shows: t.corrections.pending,
  })),
  'POST /api/staff/corrections/:id/decision': one('Hà Nội staff decide an HCM correction', (t) => ({
    attackers: ['pmHanoi', 'siteBaDinh'],
    owner: 'pmHcm',
    method: 'POST',
    url: `/api/staff/corrections/${t.corrections.pending}/decision`,
    payload: { decision: 'needs_info', note: 'Cần ảnh rõ hơn' },
    unchanged: () => t.row('correction_request', t.corrections.pending),
  })),
  'GET /api/staff/corrections/:id/document': {
    attack: 'Hà Nội staff open the document photo of an HCM correction',
    run: async (t) => {
      const own = await single(t, {
        attackers: ['pmHanoi', 'siteBaDinh'],
        owner: 'pmHcm',
        url: `/api/staff/corrections/${t.corrections.pending}/document`,
      });
      expect(own.headers['content-type']).toBe('image/png');
    },
  },

  // ── doses ───────────────────────────────────────────────────────────────────────────────────────
  'POST /api/staff/doses': {
    attack: 'the Ba Đình site records a dose for an HCM person, then replays the HCM site’s dose',
    run: async (t) => {
      const person = t.people.doseTarget.id;
      const doses = () => t.db.selectFrom('dose').select('id').where('person_id', '=', person).execute();
      const payload = { id: randomUUID(), personId: person, vaccineCode: 'PFIZER', lotId: t.lot };
      expectRefused(await t.call('siteBaDinh', 'POST', '/api/staff/doses', payload));
      expect(await doses()).toEqual([]);
      const own = await t.call('siteHcm', 'POST', '/api/staff/doses', payload);
      expect(own.statusCode, own.body).toBe(201);
      // The same request again is the HCM site's replay; from Ba Đình it must not read the dose back.
      const replay = await t.call('siteBaDinh', 'POST', '/api/staff/doses', payload);
      expectRefused(replay);
      expect(replay.body).not.toContain(payload.id);
    },
  },
  'POST /api/staff/doses/:id/void': one('Hà Nội staff void a dose given to an HCM person', (t) => ({
    attackers: ['pmHanoi', 'cmBaDinh', 'siteBaDinh'],
    owner: 'pmHcm',
    method: 'POST',
    url: `/api/staff/doses/${t.voidDose}/void`,
    payload: { reason: 'nhập nhầm' },
    unchanged: () => t.row('dose', t.voidDose),
  })),
  'GET /api/staff/people/:id/vaccination': one(
    'Hà Nội staff read an HCM person’s vaccination record',
    (t) => ({
      attackers: ['pmHanoi', 'siteBaDinh', 'clinicBaDinh'],
      owner: 'siteHcm',
      url: `/api/staff/people/${t.member}/vaccination`,
    }),
  ),
  'GET /api/me/household/members/:personId/vaccination': one(
    'the Hà Nội citizen reads an HCM member’s vaccination record',
    (t) => ({
      attackers: ['citizenHn'],
      owner: 'citizenHcm',
      url: `/api/me/household/members/${t.member}/vaccination`,
    }),
  ),
  'GET /api/staff/doses/recorded-by-key': inList(
    'the Ba Đình key reads back doses and sees one the HCM key recorded',
    (t) => ({
      attackers: ['keyBaDinh'],
      owner: 'keyHcm',
      url: '/api/staff/doses/recorded-by-key',
      shows: t.keyDose,
    }),
  ),
  'POST /api/staff/doses/batch': {
    attack: 'the Ba Đình key (and site) send a dose for an HCM person: refused as not found',
    run: async (t) => {
      const person = t.people.batchTarget.id;
      const doses = () => t.db.selectFrom('dose').select('id').where('person_id', '=', person).execute();
      const dose = { id: randomUUID(), personId: person, vaccineCode: 'PFIZER', lotId: t.lot };
      for (const who of ['keyBaDinh', 'siteBaDinh'] as const) {
        const res = await t.call(who, 'POST', '/api/staff/doses/batch', { doses: [dose] });
        expect(res.statusCode, res.body).toBe(200);
        expect(res.json().results[0], who).toMatchObject({
          status: 'refused',
          problem: { code: 'not_found' },
        });
        expect(await doses()).toEqual([]);
      }
      const own = await t.call('keyHcm', 'POST', '/api/staff/doses/batch', { doses: [dose] });
      expect(own.json().results[0].status, own.body).toBe('recorded');
      // Resent from Ba Đình, the HCM key's dose is not read back as `already_recorded`.
      const replay = await t.call('keyBaDinh', 'POST', '/api/staff/doses/batch', { doses: [dose] });
      expect(replay.json().results[0]).toMatchObject({ status: 'refused', problem: { code: 'not_found' } });
    },
  },

  // ── stock ───────────────────────────────────────────────────────────────────────────────────────
  'POST /api/staff/stock/movements': one('Hà Nội staff record wastage out of the HCM site’s stock', (t) => ({
    attackers: ['pmHanoi', 'cmBaDinh', 'siteBaDinh'],
    owner: 'siteHcm',
    method: 'POST',
    url: '/api/staff/stock/movements',
    payload: {
      lotId: t.lot,
      kind: 'wastage',
      from: `facility:${t.world.facilities.siteHcm}`,
      quantity: 1,
    },
    unchanged: () =>
      t.db
        .selectFrom('stock_movement')
        .select('id')
        .where((eb) =>
          eb.or([
            eb('from_holder', '=', `facility:${t.world.facilities.siteHcm}`),
            eb('to_holder', '=', `facility:${t.world.facilities.siteHcm}`),
          ]),
        )
        .execute(),
  })),
  'GET /api/staff/stock': {
    attack: 'Hà Nội staff read the HCM site’s stock, in the list and by its id',
    run: async (t) => {
      const site = t.world.facilities.siteHcm;
      await listed(t, {
        attackers: ['pmHanoi', 'siteBaDinh'],
        owner: 'pmHcm',
        url: '/api/staff/stock',
        shows: site,
      });
      await single(t, {
        attackers: ['pmHanoi', 'siteBaDinh'],
        owner: 'pmHcm',
        url: `/api/staff/stock?facilityId=${site}`,
      });
    },
  },

  // ── reactions ───────────────────────────────────────────────────────────────────────────────────
  'POST /api/me/household/members/:personId/reactions': one(
    'the Hà Nội citizen reports a reaction for an HCM member',
    (t) => ({
      attackers: ['citizenHn'],
      owner: 'citizenHcm',
      method: 'POST',
      url: `/api/me/household/members/${t.member}/reactions`,
      payload: { onsetAt: NOW.toISOString(), symptoms: ['fever'], severity: 'mild' },
      unchanged: () =>
        t.db.selectFrom('aefi_report').select('id').where('person_id', '=', t.member).execute(),
    }),
  ),
  'GET /api/me/household/members/:personId/reactions': one(
    'the Hà Nội citizen reads an HCM member’s reaction reports',
    (t) => ({
      attackers: ['citizenHn'],
      owner: 'citizenHcm',
      url: `/api/me/household/members/${t.member}/reactions`,
    }),
  ),
  'POST /api/staff/aefi': one('Hà Nội staff record an AEFI for an HCM person', (t) => ({
    attackers: ['pmHanoi', 'siteBaDinh', 'clinicBaDinh'],
    owner: 'pmHcm',
    method: 'POST',
    url: '/api/staff/aefi',
    payload: {
      personId: t.world.people.hcm,
      onsetAt: NOW.toISOString(),
      symptoms: ['fever'],
      severity: 'mild',
      serious: false,
      outcome: 'recovering',
    },
    unchanged: () =>
      t.db.selectFrom('aefi_report').select('id').where('person_id', '=', t.world.people.hcm).execute(),
  })),
  'GET /api/staff/aefi': inList('Hà Nội staff list AEFI reports and see an HCM one', (t) => ({
    attackers: ['pmHanoi', 'cmBaDinh', 'siteBaDinh'],
    owner: 'pmHcm',
    url: '/api/staff/aefi',
    shows: t.aefi,
  })),
  'GET /api/staff/alerts': inList('Hà Nội managers see the alert of a serious AEFI in HCM', (t) => ({
    attackers: ['pmHanoi', 'cmBaDinh'],
    owner: 'pmHcm',
    url: '/api/staff/alerts',
    shows: t.alert,
  })),
  'POST /api/staff/alerts/:id/acknowledge': one('the Hà Nội manager acknowledges an HCM alert', (t) => ({
    attackers: ['pmHanoi', 'cmBaDinh'],
    owner: 'pmHcm',
    method: 'POST',
    url: `/api/staff/alerts/${t.alert}/acknowledge`,
    unchanged: () => t.row('staff_alert', t.alert),
  })),

  // ── registrations and sessions ──────────────────────────────────────────────────────────────────
  'POST /api/me/household/members/:personId/registrations': one(
    'the Hà Nội citizen registers an HCM member for vaccination',
    (t) => ({
      attackers: ['citizenHn'],
      owner: 'citizenHcm',
      method: 'POST',
      url: `/api/me/household/members/${t.regMember}/registrations`,
      payload: { campaignId: t.campaign, screening: NO_PRE },
      unchanged: () =>
        t.db.selectFrom('registration').select('id').where('person_id', '=', t.regMember).execute(),
    }),
  ),
  'GET /api/me/registrations': inList(
    'the Hà Nội citizen lists registrations and sees the HCM household’s',
    (t) => ({
      attackers: ['citizenHn'],
      owner: 'citizenHcm',
      url: '/api/me/registrations',
      shows: t.registrations.patch,
    }),
  ),
  'PATCH /api/me/registrations/:id': one(
    'the Hà Nội citizen changes the HCM household’s registration',
    (t) => ({
      attackers: ['citizenHn'],
      owner: 'citizenHcm',
      method: 'PATCH',
      url: `/api/me/registrations/${t.registrations.patch}`,
      payload: { preferredFrom: '2021-09-20' },
      unchanged: () => t.row('registration', t.registrations.patch),
    }),
  ),
  'POST /api/me/registrations/:id/cancel': one(
    'the Hà Nội citizen cancels the HCM household’s registration',
    (t) => ({
      attackers: ['citizenHn'],
      owner: 'citizenHcm',
      method: 'POST',
      url: `/api/me/registrations/${t.registrations.cancel}/cancel`,
      unchanged: () => t.row('registration', t.registrations.cancel),
    }),
  ),
  'POST /api/me/registrations/:id/book': one(
    'the Hà Nội citizen books the HCM household’s registration into a session',
    (t) => ({
      attackers: ['citizenHn'],
      owner: 'citizenHcm',
      method: 'POST',
      url: `/api/me/registrations/${t.registrations.book}/book`,
      payload: { sessionId: t.sessions.book },
      unchanged: async () => [
        await t.row('registration', t.registrations.book),
        await t.row('vaccination_session', t.sessions.book),
      ],
    }),
  ),
  'POST /api/me/registrations/:id/move': {
    // The registration the book case's control booked (cases run in this order).
    attack: 'the Hà Nội citizen moves the HCM household’s appointment to another session’s slot',
    run: async (t) => {
      const slots = await t.call('citizenHn', 'GET', `/api/sessions/${t.sessions.move}/slots`);
      const slotId = slots.json().items[0].id as string;
      await single(t, {
        attackers: ['citizenHn'],
        owner: 'citizenHcm',
        method: 'POST',
        url: `/api/me/registrations/${t.registrations.book}/move`,
        payload: { sessionId: t.sessions.move, slotId },
        unchanged: async () => [
          await t.row('registration', t.registrations.book),
          await t.row('session_slot', slotId),
          await t.row('vaccination_session', t.sessions.book),
        ],
      });
    },
  },
  'POST /api/me/registrations/:id/cancel-appointment': one(
    'the Hà Nội citizen cancels the HCM household’s appointment (the one the move case moved)',
    (t) => ({
      attackers: ['citizenHn'],
      owner: 'citizenHcm',
      method: 'POST',
      url: `/api/me/registrations/${t.registrations.book}/cancel-appointment`,
      unchanged: async () => [
        await t.row('registration', t.registrations.book),
        await t.row('vaccination_session', t.sessions.move),
      ],
    }),
  ),
  'POST /api/staff/people/:id/registrations': one(
    'the Ba Đình site registers an HCM person as a walk-in',
    (t) => ({
      attackers: ['siteBaDinh', 'pmHanoi'],
      owner: 'siteHcm',
      method: 'POST',
      url: `/api/staff/people/${t.world.people.hcm}/registrations`,
      payload: { campaignId: t.campaign, screening: NO_PRE },
      unchanged: () =>
        t.db.selectFrom('registration').select('id').where('person_id', '=', t.world.people.hcm).execute(),
    }),
  ),
  'POST /api/staff/sessions': one('Hà Nội staff plan a session at the HCM site', (t) => ({
    attackers: ['pmHanoi', 'cmBaDinh', 'siteBaDinh'],
    owner: 'siteHcm',
    method: 'POST',
    url: '/api/staff/sessions',
    payload: {
      facilityId: t.world.facilities.siteHcm,
      campaignId: t.campaign,
      date: '2021-09-17',
      vaccineCode: 'PFIZER',
      capacity: 5,
    },
    unchanged: () =>
      t.db
        .selectFrom('vaccination_session')
        .select('id')
        .where('facility_id', '=', t.world.facilities.siteHcm)
        .execute(),
  })),
  'GET /api/staff/sessions': inList('Hà Nội staff see an HCM session in their overview', (t) => ({
    attackers: ['pmHanoi', 'cmBaDinh', 'siteBaDinh'],
    owner: 'pmHcm',
    url: '/api/staff/sessions',
    shows: t.sessions.book,
  })),
  'POST /api/staff/sessions/:id/schedule': one('Hà Nội staff run the scheduling of an HCM session', (t) => ({
    attackers: ['pmHanoi', 'siteBaDinh'],
    owner: 'pmHcm',
    method: 'POST',
    url: `/api/staff/sessions/${t.sessions.schedule}/schedule`,
    unchanged: () => t.row('vaccination_session', t.sessions.schedule),
  })),

  // ── the vaccination day ─────────────────────────────────────────────────────────────────────────
  'GET /api/staff/day-list': {
    attack: 'Hà Nội staff read the HCM site’s day list',
    run: async (t) => {
      const site = t.world.facilities.siteHcm;
      const own = await single(t, {
        attackers: ['pmHanoi', 'cmBaDinh', 'siteBaDinh'],
        owner: 'pmHcm',
        url: `/api/staff/day-list?facilityId=${site}`,
      });
      expect(own.body).toContain(t.walkIns.checkedIn);
      const home = await t.call('siteBaDinh', 'GET', '/api/staff/day-list');
      expect(home.body).not.toContain(t.walkIns.checkedIn);
    },
  },
  'POST /api/staff/registrations/:id/check-in': {
    attack: 'the Ba Đình site checks in HCM registrations: a walk-in, an appointment, one checked in (409)',
    run: async (t) => {
      const url = (id: string) => `/api/staff/registrations/${id}/check-in`;
      // An appointment at the HCM site: its date and place are not told to Ba Đình.
      const booked = await t.call('siteBaDinh', 'POST', url(t.registrations.scheduled), {});
      expectRefused(booked);
      expect(booked.body).not.toContain('2021-09-15');
      // Checked in at the HCM site: refused as closed (409 with the state, an existence oracle kept by
      // visits.test.ts: "another site cannot check the same person in").
      const closed = await t.call('siteBaDinh', 'POST', url(t.walkIns.checkedIn), {});
      expectRefused(closed, 409);
      expect(closed.json().code).toBe('registration_closed');
      await single(t, {
        attackers: ['siteBaDinh'],
        owner: 'siteHcm',
        method: 'POST',
        url: url(t.walkIns.pending),
        payload: {},
        unchanged: () => t.row('registration', t.walkIns.pending),
      });
    },
  },
  'POST /api/staff/registrations/:id/screening': one(
    'the Ba Đình site screens an HCM person checked in at the HCM site (answered 409 not_checked_in)',
    (t) => ({
      attackers: ['siteBaDinh'],
      owner: 'siteHcm',
      method: 'POST',
      url: `/api/staff/registrations/${t.walkIns.checkedIn}/screening`,
      payload: { id: randomUUID(), checklist: CLEAR, vitals: NORMAL, outcome: 'vaccinate' },
      status: 409,
      unchanged: () =>
        t.db
          .selectFrom('screening')
          .select('id')
          .where('registration_id', '=', t.walkIns.checkedIn)
          .execute(),
    }),
  ),
  'POST /api/staff/doses/:id/discharge': one(
    'the Ba Đình site ends the observation of an HCM person vaccinated at the HCM site',
    (t) => ({
      attackers: ['siteBaDinh'],
      owner: 'siteHcm',
      method: 'POST',
      url: `/api/staff/doses/${t.dischargeDose}/discharge`,
      unchanged: () => t.row('dose', t.dischargeDose),
    }),
  ),
  'POST /api/staff/visits/batch': {
    attack: 'the Ba Đình site sends an offline day with HCM people: check-in, screening, dose each refused',
    run: async (t) => {
      const screeningId = randomUUID();
      const doseId = randomUUID();
      const items = (registrationId: string) => [
        { kind: 'check_in', id: randomUUID(), registrationId },
        {
          kind: 'screening',
          id: screeningId,
          registrationId,
          screening: { id: screeningId, checklist: CLEAR, vitals: NORMAL, outcome: 'vaccinate' },
        },
        {
          kind: 'dose',
          id: doseId,
          registrationId,
          dose: { id: doseId, personId: t.people.batchTarget.id, vaccineCode: 'PFIZER', lotId: t.lot },
        },
      ];
      const before = await t.row('registration', t.walkIns.pending);
      const res = await t.call('siteBaDinh', 'POST', '/api/staff/visits/batch', {
        items: items(t.walkIns.pending),
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().results.map((r: { status: string }) => r.status)).toEqual([
        'refused',
        'refused',
        'refused',
      ]);
      // Not found while pending; once the HCM site checked it in (the check-in case's control), closed
      // (the single route's 409, see there).
      expect(['not_found', 'registration_closed']).toContain(res.json().results[0].problem.code);
      expect(await t.row('registration', t.walkIns.pending)).toEqual(before);
      // Screening and dose alone (no check-in before them): refused too, nothing written.
      const alone = await t.call('siteBaDinh', 'POST', '/api/staff/visits/batch', {
        items: items(t.walkIns.checkedIn).slice(1),
      });
      expect(alone.json().results.map((r: { status: string }) => r.status)).toEqual(['refused', 'refused']);
      expect(alone.json().results[1].problem.code).toBe('blocked');
      expect(await t.db.selectFrom('screening').select('id').where('id', '=', screeningId).execute()).toEqual(
        [],
      );
      expect(await t.db.selectFrom('dose').select('id').where('id', '=', doseId).execute()).toEqual([]);
      // Positive control: the HCM site's own check-in of its checked-in walk-in is answered as done.
      const own = await t.call('siteHcm', 'POST', '/api/staff/visits/batch', {
        items: items(t.walkIns.checkedIn).slice(0, 1),
      });
      expect(own.json().results[0].status, own.body).toBe('already_recorded');
    },
  },
  'GET /api/staff/observation': {
    attack: 'Hà Nội staff read who is under observation at the HCM site',
    run: async (t) => {
      const own = await single(t, {
        attackers: ['pmHanoi', 'cmBaDinh', 'siteBaDinh'],
        owner: 'pmHcm',
        url: `/api/staff/observation?facilityId=${t.world.facilities.siteHcm}`,
      });
      expect(own.body).toContain(t.member);
    },
  },

  // ── tallies, completeness, data quality ─────────────────────────────────────────────────────────
  'PUT /api/staff/tallies': {
    attack: 'Ba Đình (its key, site and commune manager) report a tally for the HCM site, by id and by code',
    run: async (t) => {
      const item = { day: t.tallyDay, vaccineCode: 'PFIZER', doses: 99 };
      const tallies = () =>
        t.db
          .selectFrom('dose_tally')
          .selectAll()
          .where('facility_id', '=', t.world.facilities.siteHcm)
          .execute();
      for (const facility of [{ facilityId: t.world.facilities.siteHcm }, { facilityCode: t.hcmCode }])
        await single(t, {
          attackers: ['keyBaDinh', 'siteBaDinh', 'cmBaDinh'],
          owner: 'keyHcm',
          method: 'PUT',
          url: '/api/staff/tallies',
          payload: { items: [{ ...facility, ...item }] },
          unchanged: tallies,
        });
    },
  },
  'GET /api/staff/tallies': one(
    'Ba Đình (its key) and the Hà Nội manager read the HCM site’s tallies',
    (t) => ({
      attackers: ['keyBaDinh', 'pmHanoi', 'siteBaDinh'],
      owner: 'keyHcm',
      url: `/api/staff/tallies?facility=${t.world.facilities.siteHcm}&from=${t.tallyDay}&to=${t.tallyDay}`,
    }),
  ),
  'GET /api/staff/completeness': {
    attack: 'the Hà Nội manager reads the completeness of HCM (by unit, and in their own report)',
    run: async (t) => {
      await single(t, {
        attackers: ['pmHanoi', 'cmBaDinh'],
        owner: 'pmHcm',
        url: `/api/staff/completeness?unit=${HCM_PROVINCE}`,
      });
      await listed(t, {
        attackers: ['pmHanoi'],
        owner: 'pmHcm',
        url: '/api/staff/completeness',
        shows: t.world.facilities.siteHcm,
      });
    },
  },
  'GET /api/staff/data-quality': {
    attack: 'Hà Nội staff see an HCM adult without a CCCD in the data-quality report',
    run: async (t) => {
      const id = t.people.noCccd.id;
      await listed(t, {
        attackers: ['pmHanoi', 'siteBaDinh'],
        owner: 'pmHcm',
        url: '/api/staff/data-quality?sample=20',
        shows: id,
      });
      await single(t, {
        attackers: ['pmHanoi'],
        owner: 'pmHcm',
        url: `/api/staff/data-quality?unit=${HCM_PROVINCE}`,
      });
      const facility = `/api/staff/data-quality?facility=${t.world.facilities.siteHcm}`;
      await single(t, { attackers: ['pmHanoi', 'siteBaDinh'], owner: 'pmHcm', url: facility });
    },
  },
  'GET /api/staff/data-quality/items': {
    attack: 'Hà Nội staff page through the no-CCCD items and see an HCM person',
    run: async (t) => {
      const url = '/api/staff/data-quality/items?category=no_cccd&limit=100';
      await listed(t, {
        attackers: ['pmHanoi', 'siteBaDinh'],
        owner: 'pmHcm',
        url,
        shows: t.people.noCccd.id,
      });
      await single(t, { attackers: ['pmHanoi'], owner: 'pmHcm', url: `${url}&unit=${HCM_PROVINCE}` });
    },
  },

  // ── imports ─────────────────────────────────────────────────────────────────────────────────────
  'POST /api/staff/imports': {
    attack: 'Hà Nội staff upload a file for the HCM site',
    run: async (t) => {
      const jobs = () =>
        t.db
          .selectFrom('import_job')
          .select('id')
          .where('facility_id', '=', t.world.facilities.siteHcm)
          .execute();
      const before = await jobs();
      const upload = (who: Who) =>
        uploadCsv(t.app(), t.headers[who], `facility=${t.hcmCode}&dryRun=true`, csvText([[...HEADERS]]));
      for (const who of ['pmHanoi', 'siteBaDinh'] as const) {
        expectRefused(await upload(who));
        expect(await jobs()).toEqual(before);
      }
      expect((await upload('siteHcm')).statusCode).toBe(202);
    },
  },
  'GET /api/staff/imports': {
    attack: 'Hà Nội staff list import jobs (all, and the HCM site’s by its code) and see an HCM job',
    run: async (t) => {
      const who = {
        attackers: ['pmHanoi', 'siteBaDinh'] as Who[],
        owner: 'pmHcm' as const,
        shows: t.imports.done,
      };
      await listed(t, { ...who, url: '/api/staff/imports' });
      await listed(t, { ...who, url: `/api/staff/imports?facility=${t.hcmCode}` });
    },
  },
  'GET /api/staff/imports/mappings': one('Hà Nội staff read the HCM site’s saved column mappings', (t) => ({
    attackers: ['pmHanoi', 'siteBaDinh'],
    owner: 'siteHcm',
    url: `/api/staff/imports/mappings?facility=${t.hcmCode}`,
  })),
  'GET /api/staff/imports/review': {
    attack: 'Hà Nội staff see an HCM row waiting for review (in their queue, and asking by its job)',
    run: async (t) => {
      const who = {
        attackers: ['pmHanoi', 'siteBaDinh'] as Who[],
        owner: 'pmHcm' as const,
        shows: t.imports.review,
      };
      await listed(t, { ...who, url: '/api/staff/imports/review' });
      await listed(t, { ...who, url: `/api/staff/imports/review?jobId=${t.imports.done}` });
    },
  },
  'POST /api/staff/imports/review/:id': {
    attack: 'Hà Nội staff resolve an HCM review item; the HCM site matches it to a Ba Đình person (400)',
    run: async (t) => {
      const url = `/api/staff/imports/review/${t.imports.review}`;
      const baDinhDoses = () =>
        t.db.selectFrom('dose').select('id').where('person_id', '=', t.world.people.baDinh).execute();
      const before = await baDinhDoses();
      const matched = await t.call('siteHcm', 'POST', url, {
        action: 'match',
        personId: t.world.people.baDinh,
      });
      expectRefused(matched, 400);
      expect(matched.json().errors[0].field).toBe('personId');
      expect(await baDinhDoses()).toEqual(before);
      await single(t, {
        attackers: ['pmHanoi', 'siteBaDinh'],
        owner: 'siteHcm',
        method: 'POST',
        url,
        payload: { action: 'reject' },
        unchanged: () => t.row('import_review', t.imports.review),
      });
    },
  },
  'GET /api/staff/imports/:id': one('Hà Nội staff read an HCM import job', (t) => ({
    attackers: ['pmHanoi', 'siteBaDinh'],
    owner: 'pmHcm',
    url: `/api/staff/imports/${t.imports.done}`,
  })),
  'POST /api/staff/imports/:id/cancel': one('Hà Nội staff cancel an HCM import job', (t) => ({
    attackers: ['pmHanoi', 'siteBaDinh'],
    owner: 'siteHcm',
    method: 'POST',
    url: `/api/staff/imports/${t.imports.queued}/cancel`,
    unchanged: () => t.row('import_job', t.imports.queued),
  })),
  'PUT /api/staff/imports/:id/mapping': one('Hà Nội staff map the columns of an HCM import job', (t) => ({
    attackers: ['pmHanoi', 'siteBaDinh'],
    owner: 'siteHcm',
    method: 'PUT',
    url: `/api/staff/imports/${t.imports.needsMapping}/mapping`,
    payload: {
      mapping: {
        STT: 'sourceRowId',
        Ten: 'fullName',
        NS: 'birthDate',
        Phai: 'sex',
        Vacxin: 'vaccine',
        Ngay: 'givenOn',
        Lan: 'doseNumber',
      },
    },
    unchanged: () => t.row('import_job', t.imports.needsMapping),
  })),
  'GET /api/staff/imports/:id/errors': {
    attack: 'Hà Nội staff read the failed rows of an HCM import',
    run: async (t) => {
      const own = await single(t, {
        attackers: ['pmHanoi', 'siteBaDinh'],
        owner: 'pmHcm',
        url: `/api/staff/imports/${t.imports.done}/errors`,
      });
      expect(own.json().total).toBeGreaterThan(0);
    },
  },
  'GET /api/staff/imports/:id/report.xlsx': one(
    'Hà Nội staff download the error report of an HCM import',
    (t) => ({
      attackers: ['pmHanoi', 'siteBaDinh'],
      owner: 'pmHcm',
      url: `/api/staff/imports/${t.imports.done}/report.xlsx`,
    }),
  ),

  // ── certificates ────────────────────────────────────────────────────────────────────────────────
  'GET /api/me/household/members/:personId/certificate': one(
    'the Hà Nội citizen reads an HCM member’s certificate',
    (t) => ({
      attackers: ['citizenHn'],
      owner: 'citizenHcm',
      url: `/api/me/household/members/${t.member}/certificate`,
    }),
  ),
  'GET /api/me/household/members/:personId/certificate.pdf': {
    attack: 'the Hà Nội citizen prints an HCM member’s certificate',
    run: async (t) => {
      const own = await single(t, {
        attackers: ['citizenHn'],
        owner: 'citizenHcm',
        url: `/api/me/household/members/${t.member}/certificate.pdf`,
      });
      expect(own.headers['content-type']).toBe('application/pdf');
    },
  },
  'POST /api/me/household/members/:personId/certificate': one(
    'the Hà Nội citizen asks for a new certificate of an HCM member',
    (t) => ({
      attackers: ['citizenHn'],
      owner: 'citizenHcm',
      method: 'POST',
      url: `/api/me/household/members/${t.member}/certificate`,
      unchanged: () =>
        t.db.selectFrom('issued_certificate').selectAll().where('person_id', '=', t.member).execute(),
    }),
  ),
  'GET /api/staff/people/:id/certificate': one('Hà Nội staff read an HCM person’s certificate', (t) => ({
    attackers: ['pmHanoi', 'siteBaDinh', 'clinicBaDinh'],
    owner: 'pmHcm',
    url: `/api/staff/people/${t.member}/certificate`,
  })),
  'POST /api/staff/certificates/revocations': one(
    'Hà Nội managers revoke an HCM person’s certificate',
    (t) => ({
      attackers: ['pmHanoi', 'cmBaDinh'],
      owner: 'pmHcm',
      method: 'POST',
      url: '/api/staff/certificates/revocations',
      payload: { uvci: t.revokeUvci, reason: 'issued_in_error' },
      unchanged: () => t.db.selectFrom('certificate_revocation').selectAll().execute(),
    }),
  ),
  'GET /api/staff/certificates/revocations': inList(
    'Hà Nội managers list revocations and see an HCM one',
    (t) => ({
      attackers: ['pmHanoi', 'cmBaDinh'],
      owner: 'pmHcm',
      url: '/api/staff/certificates/revocations',
      shows: t.revokedUvci,
    }),
  ),
  'GET /api/staff/certificates/:uvci': one('Hà Nội staff look up an HCM certificate by its UVCI', (t) => ({
    attackers: ['pmHanoi', 'siteBaDinh'],
    owner: 'siteHcm',
    url: `/api/staff/certificates/${encodeURIComponent(t.uvci)}`,
  })),
};

/** Builds the world, the records every attack aims at, and the principals, through the HTTP API. */
async function buildProbe(
  app: FastifyInstance,
  db: Kysely<DB>,
  sms: ReturnType<typeof smsFile>,
): Promise<Probe> {
  const world = await buildWorld(app, db, PREFIX);
  const { siteBaDinh, siteHcm } = world.facilities;
  const hcm = world.communeB;
  await initKeys(db, keySealer(SECRET), { now: NOW, csca: 'online' });
  const send = async (
    headers: Record<string, string>,
    method: Method,
    url: string,
    payload: object | undefined,
    status: number,
  ) => {
    const res = await app.inject({ method, url, headers, payload });
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(status);
    return res.json();
  };
  const staff = (who: keyof World['staff']) => world.staff[who].headers;
  const admin = staff('admin');

  // Stock, campaigns and the sites' API keys.
  const lot = (
    await send(
      admin,
      'POST',
      '/api/staff/lots',
      { vaccineCode: 'PFIZER', lotNumber: 'REACH1', expiresOn: '2022-12-31' },
      201,
    )
  ).id as string;
  for (const site of [siteBaDinh, siteHcm])
    await send(
      admin,
      'POST',
      '/api/staff/stock/movements',
      { lotId: lot, kind: 'receipt', to: `facility:${site}`, quantity: 100 },
      201,
    );
  const campaignOf = async (code: string) =>
    (
      await send(
        admin,
        'POST',
        '/api/admin/campaigns',
        {
          code,
          nameVi: 'Đợt thử',
          nameEn: 'Test round',
          priorityGroupSet: 'NQ21-2021',
          vaccineCodes: ['PFIZER'],
          startsOn: '2021-09-01',
          endsOn: '2021-12-31',
        },
        201,
      )
    ).id as string;
  const campaign = await campaignOf('REACH-1');
  const otherCampaign = await campaignOf('REACH-2');
  const keyOf = async (facility: string) =>
    (await send(admin, 'POST', '/api/admin/api-keys', { facility, name: 'HIS' }, 201)).key as string;
  const keys = { keyBaDinh: await keyOf(siteBaDinh), keyHcm: await keyOf(siteHcm) };

  // The two citizens; the HCM household and what it asked for.
  const citizenHn = await citizenSession(app, sms, PHONES.citizenHn, '10.61.0.1');
  const citizenHcm = await citizenSession(app, sms, PHONES.citizenHcm, '10.61.0.2');
  const self = (session: Session, fields: object, ip: string) =>
    addHouseholdMember(app, sms, session, { relationship: 'self', ...fields }, ip);
  const hnMember = (
    await self(citizenHn, personFields({ fullName: 'Đặng Văn Hải', birthDate: '1982-02-02' }), '10.61.0.1')
  ).person.id as string;
  const member = (
    await self(
      citizenHcm,
      personFields({ fullName: 'Võ Thị Hồng', sex: 'female', birthDate: '1980-05-05', unitId: hcm }),
      '10.61.0.2',
    )
  ).person.id as string;
  const accountOf = async (personId: string) =>
    (
      await db
        .selectFrom('household_member')
        .select('account_id')
        .where('person_id', '=', personId)
        .executeTakeFirstOrThrow()
    ).account_id;
  const hcmAccount = await accountOf(member);
  const hnAccount = (
    await db
      .selectFrom('citizen_account')
      .select('id')
      .where('phone', '=', PHONES.citizenHn)
      .executeTakeFirstOrThrow()
  ).id;
  const household = (fullName: string, birthDate: string, sex = 'male') =>
    send(
      citizenHcm.headers,
      'POST',
      '/api/me/household/members',
      { relationship: 'other', ...personFields({ fullName, birthDate, sex, unitId: hcm, cccd: undefined }) },
      201,
    ).then((m) => m.person.id as string);
  const regMember = await household('Võ Minh Đăng', '1985-01-01');
  const spareMember = await household('Võ Minh Quân', '2015-07-07');
  const register = async (fullName: string, birthDate: string) =>
    (
      await send(
        citizenHcm.headers,
        'POST',
        `/api/me/household/members/${await household(fullName, birthDate)}/registrations`,
        { campaignId: campaign, screening: NO_PRE },
        201,
      )
    ).id as string;
  const registrations = {
    patch: await register('Võ Minh Khoa', '1986-02-02'),
    cancel: await register('Võ Minh Luân', '1987-03-03'),
    book: await register('Võ Minh Nam', '1988-04-04'),
    scheduled: await register('Võ Minh Phúc', '1984-08-08'),
  };
  const photo = await app.inject({
    method: 'POST',
    url: '/api/me/files',
    headers: { ...citizenHcm.headers, 'content-type': 'image/png' },
    payload: PNG,
  });
  expect(photo.statusCode, photo.body).toBe(201);
  const correct = async (fullName: string, newValue: string, documentId?: string) =>
    (
      await send(
        citizenHcm.headers,
        'POST',
        `/api/me/household/members/${await household(fullName, '1989-05-05', 'female')}/corrections`,
        { field: 'full_name', newValue, documentId },
        201,
      )
    ).id as string;
  const corrections = {
    pending: await correct('Vo Thi Oanh', 'Võ Thị Oanh', photo.json().id as string),
    needsInfo: await correct('Vo Thi Phuong', 'Võ Thị Phương'),
  };
  await send(
    staff('pmHcm'),
    'POST',
    `/api/staff/corrections/${corrections.needsInfo}/decision`,
    { decision: 'needs_info', note: 'Cần ảnh CCCD' },
    200,
  );
  await notifyAccount(db, hcmAccount, {
    kind: 'reach.test',
    title: { vi: 'Thử', en: 'Test' },
    body: { vi: 'Thử', en: 'Test' },
  });
  const notification = (
    await db
      .selectFrom('notification')
      .select('id')
      .where('account_id', '=', hcmAccount)
      .executeTakeFirstOrThrow()
  ).id;
  const ask = async (session: Session, fields: object) =>
    (
      await send(
        session.headers,
        'POST',
        '/api/me/household/members',
        { relationship: 'other', ...fields },
        202,
      )
    ).id as string;
  const codes = sms.codeCount(PHONES.citizenHcm);
  const toConfirm = await ask(
    citizenHcm,
    personFields({ fullName: 'Võ Thị Rạng', sex: 'female', birthDate: '1991-01-01', unitId: hcm }),
  );
  const linkToConfirm = { id: toConfirm, code: await sms.codeFor(PHONES.citizenHcm, codes + 1) };
  const linkToCancel = await ask(
    citizenHcm,
    personFields({ fullName: 'Võ Văn Sáng', birthDate: '1992-02-02', unitId: hcm }),
  );

  // Ba Đình records without a phone, asked for by the Hà Nội citizen: staff who hold the card decide.
  const card = async (fullName: string) => {
    const fields = personFields({ fullName, birthDate: '1950-05-05', unitId: '2025-00004' });
    await send(admin, 'POST', '/api/staff/people', fields, 201);
    return { id: await ask(citizenHn, fields), cccd: fields.cccd as string };
  };
  const cardLinks = { list: await card('Đinh Văn Thẻ'), confirm: (await card('Đinh Văn Xác')).id };

  // HCM persons, registered by their province manager; doses at the HCM site; certificates.
  const hcmPerson = async (fullName: string, more: Record<string, unknown> = {}): Promise<PersonInput> => {
    const fields = personFields({ fullName, unitId: hcm, ...more });
    const created = await send(
      staff('pmHcm'),
      'POST',
      '/api/staff/people',
      { ...fields, confirmNotDuplicate: true },
      201,
    );
    return { ...fields, id: created.id };
  };
  const victim = await hcmPerson('Lý Thị Nạn Nhân', {
    sex: 'female',
    birthDate: '1970-02-02',
    phone: PHONES.victim,
  });
  const dose = async (personId: string) => {
    const id = randomUUID();
    await send(
      staff('siteHcm'),
      'POST',
      '/api/staff/doses',
      { id, personId, vaccineCode: 'PFIZER', lotId: lot },
      201,
    );
    return id;
  };
  const certificateOf = async (personId: string) => {
    await dose(personId);
    return (await send(staff('pmHcm'), 'GET', `/api/staff/people/${personId}/certificate`, undefined, 200))
      .uvci as string;
  };
  const uvci = await certificateOf(member);
  const revokeUvci = await certificateOf((await hcmPerson('Lý Văn Thu Hồi')).id);
  const revokedUvci = await certificateOf((await hcmPerson('Lý Văn Đã Thu')).id);
  await send(
    staff('pmHcm'),
    'POST',
    '/api/staff/certificates/revocations',
    { uvci: revokedUvci, reason: 'issued_in_error' },
    201,
  );
  const voidDose = await dose((await hcmPerson('Lý Văn Hủy')).id);
  const dischargeDose = await dose((await hcmPerson('Lý Văn Về')).id);
  const keyDose = randomUUID();
  const batch = await app.inject({
    method: 'POST',
    url: '/api/staff/doses/batch',
    headers: { authorization: `Bearer ${keys.keyHcm}` },
    payload: {
      doses: [
        { id: keyDose, personId: (await hcmPerson('Lý Văn Khóa')).id, vaccineCode: 'PFIZER', lotId: lot },
      ],
    },
  });
  expect(batch.json().results[0].status, batch.body).toBe('recorded');
  const people = {
    doseTarget: await hcmPerson('Lý Văn Tiêm'),
    batchTarget: await hcmPerson('Lý Văn Lô'),
    identify: await hcmPerson('Lý Văn Định', { birthDate: '1977-07-07' }),
    noCccd: await hcmPerson('Lý Văn Thiếu', { cccd: undefined }),
  };
  const pair = async (fullName: string, birthDate: string) => ({
    winnerId: (await hcmPerson(fullName, { birthDate })).id,
    loserId: (await hcmPerson(fullName, { birthDate })).id,
  });
  const merged = await pair('Mai Văn Trùng', '1971-01-01');
  await send(staff('pmHcm'), 'POST', '/api/staff/people/merge', { ...merged, reason: 'trùng hồ sơ' }, 200);
  const toMerge = await pair('Mai Văn Gộp', '1972-02-02');

  // A serious AEFI (with its alert), sessions, walk-ins at the HCM site, a tally.
  const aefi = (
    await send(
      staff('pmHcm'),
      'POST',
      '/api/staff/aefi',
      {
        personId: world.people.hcm,
        onsetAt: NOW.toISOString(),
        symptoms: ['fever'],
        severity: 'severe',
        serious: true,
        seriousCriteria: ['hospitalisation'],
        outcome: 'recovering',
      },
      201,
    )
  ).id as string;
  const alerts = await send(staff('pmHcm'), 'GET', '/api/staff/alerts', undefined, 200);
  const alert = alerts.items.find((a: { aefiId: string }) => a.aefiId === aefi).id as string;
  const sessionOf = async (campaignId: string, date: string) =>
    (
      await send(
        staff('siteHcm'),
        'POST',
        '/api/staff/sessions',
        { facilityId: siteHcm, campaignId, date, vaccineCode: 'PFIZER', capacity: 10 },
        201,
      )
    ).id as string;
  const sessions = {
    book: await sessionOf(campaign, '2021-09-15'),
    schedule: await sessionOf(otherCampaign, '2021-09-16'),
    move: await sessionOf(campaign, '2021-09-18'),
  };
  const booking = { sessionId: sessions.book };
  await send(
    citizenHcm.headers,
    'POST',
    `/api/me/registrations/${registrations.scheduled}/book`,
    booking,
    200,
  );
  const walkIn = async (fullName: string) => {
    const person = await send(
      staff('siteHcm'),
      'POST',
      '/api/staff/people',
      personFields({ fullName, birthDate: '1979-09-09', unitId: hcm }),
      201,
    );
    return (
      await send(
        staff('siteHcm'),
        'POST',
        `/api/staff/people/${person.id}/registrations`,
        { campaignId: campaign, screening: NO_PRE },
        201,
      )
    ).id as string;
  };
  const walkIns = { pending: await walkIn('Lý Văn Đến'), checkedIn: await walkIn('Lý Văn Khám') };
  await send(staff('siteHcm'), 'POST', `/api/staff/registrations/${walkIns.checkedIn}/check-in`, {}, 200);
  const tallyDay = '2021-09-09';
  await send(
    staff('siteHcm'),
    'PUT',
    '/api/staff/tallies',
    { items: [{ day: tallyDay, vaccineCode: 'PFIZER', doses: 5 }] },
    200,
  );

  // Imports at the HCM site: a finished job (a failed row, a row for a Ba Đình person to review),
  // one waiting for its column mapping, one queued.
  const hcmCode = `${PREFIX}-SITE-HCM`;
  const upload = async (rows: (string | number | null)[][]) => {
    const res = await uploadCsv(
      app,
      staff('siteHcm'),
      `facility=${hcmCode}&filename=reach.csv`,
      csvText(rows),
    );
    expect(res.statusCode, res.body).toBe(202);
    return res.json().id as string;
  };
  const row = (cells: Record<string, string | number>) => HEADERS.map((h) => cells[h] ?? null);
  const baDinh = await db
    .selectFrom('person')
    .select('cccd')
    .where('id', '=', world.people.baDinh)
    .executeTakeFirstOrThrow();
  const dosed = { 'Mũi số': 1, 'Ngày tiêm': '01/09/2021', 'Tên vắc xin': 'Pfizer' };
  const done = await upload([
    [...HEADERS],
    row({
      'Họ và tên': 'Nguyễn Văn A',
      'Ngày sinh': '02/03/1960',
      'Giới tính': 'Nam',
      'Số CCCD/CMND': baDinh.cccd!,
      ...dosed,
    }),
    row({ 'Họ và tên': 'Đỗ Văn Em', 'Ngày sinh': '31/02/1990', 'Giới tính': 'Nam', ...dosed }),
  ]);
  const needsMapping = await upload([
    ['STT', 'Ten', 'NS', 'Phai', 'Vacxin', 'Ngay', 'Lan'],
    ['1', 'Nguyễn Thị Hoa', '12/12/1992', 'Nữ', 'Pfizer', '01/09/2021', '1'],
  ]);
  while (await runNextJob(db, runnerName('server'), { localFiles: false })) {}
  const queued = await upload([[...HEADERS]]);
  const review = await send(
    staff('siteHcm'),
    'GET',
    `/api/staff/imports/review?jobId=${done}`,
    undefined,
    200,
  );

  const headers: Record<Who, Record<string, string>> = {
    admin,
    pmHanoi: staff('pmHanoi'),
    pmHcm: staff('pmHcm'),
    cmBaDinh: staff('cmBaDinh'),
    cmNgocHa: staff('cmNgocHa'),
    siteBaDinh: staff('siteBaDinh'),
    clinicBaDinh: staff('clinicBaDinh'),
    siteHcm: staff('siteHcm'),
    citizenHn: citizenHn.headers,
    citizenHcm: citizenHcm.headers,
    keyBaDinh: { authorization: `Bearer ${keys.keyBaDinh}` },
    keyHcm: { authorization: `Bearer ${keys.keyHcm}` },
  };
  return {
    app: () => app,
    db,
    sms,
    world,
    headers,
    citizens: {
      citizenHn: { ...citizenHn, accountId: hnAccount },
      citizenHcm: { ...citizenHcm, accountId: hcmAccount },
    },
    hcmCode,
    campaign,
    lot,
    member,
    hnMember,
    photo: photo.json().id,
    uvci,
    regMember,
    spareMember,
    registrations,
    corrections,
    notification,
    linkToConfirm,
    linkToCancel,
    victim,
    cardLinks,
    people,
    voidDose,
    dischargeDose,
    keyDose,
    revokeUvci,
    revokedUvci,
    merged,
    toMerge,
    aefi,
    alert,
    sessions,
    walkIns,
    tallyDay,
    imports: { done, needsMapping, queued, review: review.items[0].id },
    call: (who, method, url, payload) => app.inject({ method, url, headers: headers[who], payload }),
    row: async (table, id) =>
      (await sql`select * from ${sql.table(table)} where id = ${id}`.execute(db)).rows[0],
  };
}

describe.each(TEST_ENGINES)('reach of every signed-in route, from the route table (%s)', (engine) => {
  const sms = smsFile();
  const ctx = useTestApp(engine, { sms: sms.sender, clock: () => NOW, certificates: { keySecret: SECRET } });
  let probe: Probe;
  beforeAll(async () => {
    probe = await buildProbe(ctx.app, ctx.database.db, sms);
  });

  it('every route that needs a signed-in principal has a reach case or a stated reason', () => {
    const routes = ctx.app.routeTable.filter((r) => r.policy !== 'public').map((r) => `${r.method} ${r.url}`);
    expect(routes.length).toBeGreaterThan(70);
    const missing = routes.filter((key) => !(key in REACH) && !(key in NO_RECORD));
    expect(missing, 'add a REACH case (or a NO_RECORD reason) for these routes').toEqual([]);
    const known = new Set(routes);
    const stale = [...Object.keys(REACH), ...Object.keys(NO_RECORD)].filter((key) => !known.has(key));
    expect(stale, 'these entries name no signed-in route of the route table').toEqual([]);
    expect(Object.keys(REACH).filter((key) => key in NO_RECORD)).toEqual([]);
  });

  for (const [key, reachCase] of Object.entries(REACH)) it(key, () => reachCase.run(probe));
});
