import { createECDH, randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { testApi } from '../../../../test/helpers/api.ts';
import { citizenSession, personFields, type Session, smsFile } from '../../../../test/helpers/auth.ts';
import { addHouseholdMember } from '../../../../test/helpers/household.ts';
import { TEST_ENGINES, useTestApp } from '../../../../test/helpers/test-app.ts';
import { buildWorld, type World } from '../../../../test/helpers/world.ts';

describe.each(TEST_ENGINES)('households (%s)', (engine) => {
  const sms = smsFile();
  const ctx = useTestApp(engine, { sms: sms.sender });
  let world: World;
  let parent: Session;
  let childA: Session;
  let childB: Session;
  beforeAll(async () => {
    world = await buildWorld(ctx.app, ctx.database.db, 'hh');
    childA = await citizenSession(ctx.app, sms, '0912300001');
    childB = await citizenSession(ctx.app, sms, '0912300002');
    parent = await citizenSession(ctx.app, sms, '0912300003');
  });
  const add = (s: Session, payload: object) =>
    ctx.app.inject({ method: 'POST', url: '/api/me/household/members', headers: s.headers, payload });

  it('one phone manages a household of 4: self, spouse, child (no CCCD yet) and a parent', async () => {
    const members = [
      {
        relationship: 'self',
        ...personFields({ fullName: 'Hoàng Minh Tuấn', birthDate: '1985-01-15', phone: '0912300001' }),
      },
      {
        relationship: 'spouse',
        ...personFields({ fullName: 'Phạm Thu Hà', sex: 'female', birthDate: '1987-06-30' }),
      },
      {
        relationship: 'child',
        fullName: 'Hoàng Gia Bảo',
        birthDate: '2019-09-09',
        sex: 'male',
        unitId: '2025-00004',
      },
      {
        relationship: 'parent',
        ...personFields({ fullName: 'Hoàng Văn Thái', birthDate: '1950-12-01', phone: '0912300007' }),
      },
    ];
    // Members with a CCCD wait for the code (sent to their own phone, or this account's); the child
    // without one is added at once.
    const codesBefore = sms.codeCount('0912300001');
    const first = await add(childA, members[0]);
    expect(first.statusCode, first.body).toBe(202);
    expect(first.json()).toMatchObject({ state: 'pending' });
    const pending = (await ctx.app.inject({ url: '/api/me/household', headers: childA.headers })).json();
    expect(pending.members).toEqual([]);
    expect(pending.pending).toMatchObject([{ id: first.json().id, fullName: 'Hoàng Minh Tuấn' }]);
    const code = await sms.codeFor('0912300001', codesBefore + 1);
    const confirmed = await ctx.app.inject({
      method: 'POST',
      url: `/api/me/household/link-requests/${first.json().id}/confirm`,
      headers: childA.headers,
      payload: { code },
    });
    expect(confirmed.statusCode, confirmed.body).toBe(201);
    expect(confirmed.json()).toMatchObject({ relationship: 'self', person: { fullName: 'Hoàng Minh Tuấn' } });
    for (const m of members.slice(1)) await addHouseholdMember(ctx.app, sms, childA, m);
    const household = (await ctx.app.inject({ url: '/api/me/household', headers: childA.headers })).json();
    expect(household.maxMembers).toBe(10);
    expect(
      household.members.map((m: { relationship: string; person: { fullName: string } }) => [
        m.relationship,
        m.person.fullName,
      ]),
    ).toEqual([
      ['self', 'Hoàng Minh Tuấn'],
      ['spouse', 'Phạm Thu Hà'],
      ['child', 'Hoàng Gia Bảo'],
      ['parent', 'Hoàng Văn Thái'],
    ]);
    const again = await add(childA, {
      relationship: 'self',
      fullName: 'Ai Đó',
      birthDate: '1990-01-01',
      sex: 'male',
    });
    expect(again.json().code).toBe('self_exists');
  });

  it("a second child asks to link the same parent: the code goes to the parent's phone; the first phone is told; a wrong name gets the same answer and no code", async () => {
    const household = (await ctx.app.inject({ url: '/api/me/household', headers: childA.headers })).json();
    const grandpa = household.members.find(
      (m: { relationship: string }) => m.relationship === 'parent',
    ).person;
    const codesBefore = sms.codeCount('0912300007');
    const mismatch = await add(childB, {
      relationship: 'parent',
      fullName: 'Người Khác',
      birthDate: grandpa.birthDate,
      sex: 'male',
      cccd: grandpa.cccd,
    });
    expect(mismatch.statusCode).toBe(202);
    expect(Object.keys(mismatch.json()).sort()).toEqual(['expiresAt', 'id', 'state']);
    const linked = await add(childB, {
      relationship: 'parent',
      fullName: 'hoang van thai',
      birthDate: grandpa.birthDate,
      sex: 'male',
      cccd: grandpa.cccd,
    });
    expect(linked.statusCode, linked.body).toBe(202);
    const code = await sms.codeFor('0912300007', codesBefore + 1);
    // Only the matching request sent a code.
    await new Promise((r) => setTimeout(r, 100));
    expect(sms.codeCount('0912300007')).toBe(codesBefore + 1);
    expect(sms.messagesTo('0912300007').at(-1)?.text).toContain('002');
    const wrongOne = await ctx.app.inject({
      method: 'POST',
      url: `/api/me/household/link-requests/${mismatch.json().id}/confirm`,
      headers: childB.headers,
      payload: { code },
    });
    expect(wrongOne.statusCode).toBe(400);
    expect(wrongOne.json().code).toBe('link_code_invalid');
    const confirmed = await ctx.app.inject({
      method: 'POST',
      url: `/api/me/household/link-requests/${linked.json().id}/confirm`,
      headers: childB.headers,
      payload: { code },
    });
    expect(confirmed.statusCode, confirmed.body).toBe(201);
    expect(confirmed.json()).toMatchObject({ person: { id: grandpa.id }, managedByOthers: 1 });
    const inbox = (await ctx.app.inject({ url: '/api/me/inbox', headers: childA.headers })).json();
    expect(inbox.items[0]).toMatchObject({ kind: 'household.co_manager_added', personId: grandpa.id });
    expect(inbox.items[0].body.vi).toContain('đuôi 002');
    // The mismatched request is withdrawn; it no longer shows.
    const cancelled = await ctx.app.inject({
      method: 'DELETE',
      url: `/api/me/household/link-requests/${mismatch.json().id}`,
      headers: childB.headers,
    });
    expect(cancelled.statusCode).toBe(204);
    const after = (await ctx.app.inject({ url: '/api/me/household', headers: childB.headers })).json();
    expect(after.pending).toEqual([]);
  });

  it("never shows another household's member, and removing a member keeps the person", async () => {
    const mine = (await ctx.app.inject({ url: '/api/me/household', headers: childA.headers })).json().members;
    const spouse = mine.find((m: { relationship: string }) => m.relationship === 'spouse').person;
    expect(
      (await ctx.app.inject({ url: `/api/me/household/members/${spouse.id}`, headers: parent.headers }))
        .statusCode,
    ).toBe(404);
    expect(
      (
        await ctx.app.inject({
          url: `/api/me/household/members/${world.people.baDinh}`,
          headers: childA.headers,
        })
      ).statusCode,
    ).toBe(404);
    const removed = await ctx.app.inject({
      method: 'DELETE',
      url: `/api/me/household/members/${spouse.id}`,
      headers: childA.headers,
    });
    expect(removed.statusCode).toBe(204);
    expect(
      await ctx.database.db
        .selectFrom('person')
        .select('full_name')
        .where('id', '=', spouse.id)
        .executeTakeFirst(),
    ).toEqual({ full_name: 'Phạm Thu Hà' });
  });

  it('caps a household at 10 members', async () => {
    const s = await citizenSession(ctx.app, sms, '0912300009');
    for (let i = 0; i < 10; i++) {
      expect(
        (
          await add(s, {
            relationship: 'other',
            fullName: `Người Thứ ${String.fromCharCode(65 + i)}`,
            birthDate: '2000-01-01',
            sex: 'female',
          })
        ).statusCode,
      ).toBe(201);
    }
    const eleventh = await add(s, {
      relationship: 'other',
      fullName: 'Người Thừa',
      birthDate: '2000-01-01',
      sex: 'female',
    });
    expect(eleventh.statusCode).toBe(409);
    expect(eleventh.json()).toMatchObject({
      code: 'household_full',
      messages: { en: 'An account manages at most 10 people' },
    });
  });

  it('shows the citizen which staff opened a member, and exports everything held about them as JSON', async () => {
    const self = (await ctx.app.inject({ url: '/api/me/household', headers: childA.headers })).json()
      .members[0].person;
    await ctx.app.inject({ url: `/api/staff/people/${self.id}`, headers: world.staff.cmBaDinh.headers });
    const log = (
      await ctx.app.inject({
        url: `/api/me/household/members/${self.id}/access-log`,
        headers: childA.headers,
      })
    ).json();
    expect(log.items[0]).toMatchObject({
      action: 'person.read',
      staffName: 'Test hh.cm-bd',
      role: 'commune_manager',
      workplace: 'Phường Ba Đình',
    });
    const exported = await ctx.app.inject({
      url: `/api/me/household/members/${self.id}/export`,
      headers: childA.headers,
    });
    expect(exported.headers['content-disposition']).toContain('attachment');
    expect(exported.json()).toMatchObject({
      person: { id: self.id, fullName: 'Hoàng Minh Tuấn' },
      relationship: 'self',
    });
    expect(exported.json().accessLog.map((a: { action: string }) => a.action)).toContain('person.read');
    expect(exported.json().retention.en).toContain('kept');
  });

  it('deleting the account unlinks it and signs it out; the records stay', async () => {
    const self = (await ctx.app.inject({ url: '/api/me/household', headers: parent.headers })).json();
    expect(self.members).toEqual([]);
    await addHouseholdMember(ctx.app, sms, parent, {
      relationship: 'self',
      ...personFields({ fullName: 'Đinh Thị Mai', sex: 'female', birthDate: '1955-05-05' }),
    });
    // A device subscribed to push, and a reminder still waiting to be sent.
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const subscribed = await testApi(ctx.app, parent).push.subscribe.raw({
      body: {
        endpoint: 'https://fcm.googleapis.com/fcm/send/household-delete',
        keys: { p256dh: ecdh.getPublicKey('base64url'), auth: randomBytes(16).toString('base64url') },
      },
    });
    expect(subscribed.status, JSON.stringify(subscribed.problem)).toBeLessThan(300);
    const db = ctx.database.db;
    const { id: accountId } = await db
      .selectFrom('push_subscription')
      .select('account_id as id')
      .where('endpoint', '=', 'https://fcm.googleapis.com/fcm/send/household-delete')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('notification_outbox')
      .values({
        dedupe_key: `reminder:${accountId}:sms`,
        account_id: accountId,
        kind: 'dose_due',
        params: '{}',
        channel: 'sms',
        next_attempt_at: new Date(Date.now() + 86_400_000),
      })
      .execute();

    const deleted = await ctx.app.inject({
      method: 'DELETE',
      url: '/api/me/account',
      headers: parent.headers,
    });
    expect(deleted.statusCode).toBe(200);
    // The device is forgotten and nothing more is sent to the phone.
    expect(await db.selectFrom('push_subscription').where('account_id', '=', accountId).execute()).toEqual(
      [],
    );
    expect(
      await db
        .selectFrom('notification_outbox')
        .select(['state', 'last_error'])
        .where('account_id', '=', accountId)
        .execute(),
    ).toEqual([{ state: 'skipped', last_error: 'account deleted' }]);
    const event = await db
      .selectFrom('audit_event')
      .select('details')
      .where('action', '=', 'account.delete')
      .where('record_id', '=', accountId)
      .executeTakeFirstOrThrow();
    expect(event.details).toMatchObject({ pushSubscriptions: 1, skippedMessages: 1 });
    expect(deleted.json().retention.vi).toContain('vẫn được lưu');
    expect((await ctx.app.inject({ url: '/api/me/household', headers: parent.headers })).statusCode).toBe(
      401,
    );
    expect(
      await ctx.database.db
        .selectFrom('person')
        .select('id')
        .where('full_name', '=', 'Đinh Thị Mai')
        .execute(),
    ).toHaveLength(1);
    // Signing in again with the same phone starts a fresh, empty account.
    const fresh = await citizenSession(ctx.app, sms, '0912300003');
    expect(
      (await ctx.app.inject({ url: '/api/me/household', headers: fresh.headers })).json().members,
    ).toEqual([]);
  });
});
