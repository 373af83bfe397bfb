import { createECDH, randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { testApi } from '../../../../test/helpers/api.ts';
import { citizenSession, personFields, type Session, smsFile } from '../../../../test/helpers/auth.ts';
import { addHouseholdMember } from '../../../../test/helpers/household.ts';
import { TEST_ENGINES, useTestApp } from '../../../../test/helpers/test-app.ts';
import { buildWorld, type World } from '../../../../test/helpers/world.ts';
import type { addMemberSchema } from '../../../shared/schemas/households.ts';

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
  const add = (s: Session, body: z.input<typeof addMemberSchema>) =>
    testApi(ctx.app, s).households.addMember.raw({ body });
  /** The id of the pending request a 202 answer names. */
  const requestId = (answer: Awaited<ReturnType<typeof add>>) =>
    answer.body && 'id' in answer.body ? answer.body.id : '';

  it('one phone manages a household of 4: self, spouse, child (no CCCD yet) and a parent', async () => {
    const members: z.input<typeof addMemberSchema>[] = [
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
    const api = testApi(ctx.app, childA);
    const first = await add(childA, members[0]!);
    expect(first.status, JSON.stringify(first)).toBe(202);
    expect(first.body).toMatchObject({ state: 'pending' });
    const pending = await api.households.household();
    expect(pending.members).toEqual([]);
    expect(pending.pending).toMatchObject([{ id: requestId(first), fullName: 'Hoàng Minh Tuấn' }]);
    const code = await sms.codeFor('0912300001', codesBefore + 1);
    const confirmed = await api.households.confirmLink.raw({
      params: { id: requestId(first) },
      body: { code },
    });
    expect(confirmed.status, JSON.stringify(confirmed)).toBe(201);
    expect(confirmed.body).toMatchObject({ relationship: 'self', person: { fullName: 'Hoàng Minh Tuấn' } });
    for (const m of members.slice(1)) await addHouseholdMember(ctx.app, sms, childA, m);
    const household = await api.households.household();
    expect(household.maxMembers).toBe(10);
    expect(household.members.map((m) => [m.relationship, m.person.fullName])).toEqual([
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
    expect(again.problem?.code).toBe('self_exists');
  });

  it("a second child asks to link the same parent: the code goes to the parent's phone; the first phone is told; a wrong name gets the same answer and no code", async () => {
    const household = await testApi(ctx.app, childA).households.household();
    const grandpa = household.members.find((m) => m.relationship === 'parent')!.person;
    const codesBefore = sms.codeCount('0912300007');
    const mismatch = await add(childB, {
      relationship: 'parent',
      fullName: 'Người Khác',
      birthDate: grandpa.birthDate,
      sex: 'male',
      cccd: grandpa.cccd!,
    });
    expect(mismatch.status).toBe(202);
    expect(Object.keys(mismatch.body!).sort()).toEqual(['expiresAt', 'id', 'state']);
    const linked = await add(childB, {
      relationship: 'parent',
      fullName: 'hoang van thai',
      birthDate: grandpa.birthDate,
      sex: 'male',
      cccd: grandpa.cccd!,
    });
    expect(linked.status, JSON.stringify(linked)).toBe(202);
    const code = await sms.codeFor('0912300007', codesBefore + 1);
    // Only the matching request sent a code.
    await new Promise((r) => setTimeout(r, 100));
    expect(sms.codeCount('0912300007')).toBe(codesBefore + 1);
    expect(sms.messagesTo('0912300007').at(-1)?.text).toContain('002');
    const apiB = testApi(ctx.app, childB);
    const wrongOne = await apiB.households.confirmLink.raw({
      params: { id: requestId(mismatch) },
      body: { code },
    });
    expect(wrongOne.status).toBe(400);
    expect(wrongOne.problem?.code).toBe('link_code_invalid');
    const confirmed = await apiB.households.confirmLink.raw({
      params: { id: requestId(linked) },
      body: { code },
    });
    expect(confirmed.status, JSON.stringify(confirmed)).toBe(201);
    expect(confirmed.body).toMatchObject({ person: { id: grandpa.id }, managedByOthers: 1 });
    const inbox = await testApi(ctx.app, childA).households.inbox();
    expect(inbox.items[0]).toMatchObject({ kind: 'household.co_manager_added', personId: grandpa.id });
    expect(inbox.items[0]!.body.vi).toContain('đuôi 002');
    // The mismatched request is withdrawn; it no longer shows.
    const cancelled = await apiB.households.cancelLink.raw({ params: { id: requestId(mismatch) } });
    expect(cancelled.status).toBe(204);
    const after = await apiB.households.household();
    expect(after.pending).toEqual([]);
  });

  it("never shows another household's member, and removing a member keeps the person", async () => {
    const api = testApi(ctx.app, childA);
    const mine = (await api.households.household()).members;
    const spouse = mine.find((m) => m.relationship === 'spouse')!.person;
    expect(
      (await testApi(ctx.app, parent).households.member.raw({ params: { personId: spouse.id } })).status,
    ).toBe(404);
    expect((await api.households.member.raw({ params: { personId: world.people.baDinh } })).status).toBe(404);
    const removed = await api.households.removeMember.raw({ params: { personId: spouse.id } });
    expect(removed.status).toBe(204);
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
        ).status,
      ).toBe(201);
    }
    const eleventh = await add(s, {
      relationship: 'other',
      fullName: 'Người Thừa',
      birthDate: '2000-01-01',
      sex: 'female',
    });
    expect(eleventh.status).toBe(409);
    expect(eleventh.problem).toMatchObject({
      code: 'household_full',
      messages: { en: 'An account manages at most 10 people' },
    });
  });

  it('shows the citizen which staff opened a member, and exports everything held about them as JSON', async () => {
    const api = testApi(ctx.app, childA);
    const self = (await api.households.household()).members[0]!.person;
    await testApi(ctx.app, world.staff.cmBaDinh).people.person.raw({ params: { id: self.id } });
    const log = await api.households.accessLog({ params: { personId: self.id } });
    expect(log.items[0]).toMatchObject({
      action: 'person.read',
      staffName: 'Test hh.cm-bd',
      role: 'commune_manager',
      workplace: 'Phường Ba Đình',
    });
    const exported = await api.households.exportMember.raw({ params: { personId: self.id } });
    expect(exported.headers['content-disposition']).toContain('attachment');
    expect(exported.body).toMatchObject({
      person: { id: self.id, fullName: 'Hoàng Minh Tuấn' },
      relationship: 'self',
    });
    expect(exported.body?.accessLog.map((a) => a.action)).toContain('person.read');
    expect(exported.body?.retention.en).toContain('kept');
  });

  it('deleting the account unlinks it and signs it out; the records stay', async () => {
    const api = testApi(ctx.app, parent);
    const self = await api.households.household();
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

    const deleted = await api.households.deleteAccount.raw();
    expect(deleted.status).toBe(200);
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
    expect(deleted.body?.retention.vi).toContain('vẫn được lưu');
    expect((await api.households.household.raw()).status).toBe(401);
    expect(
      await ctx.database.db
        .selectFrom('person')
        .select('id')
        .where('full_name', '=', 'Đinh Thị Mai')
        .execute(),
    ).toHaveLength(1);
    // Signing in again with the same phone starts a fresh, empty account.
    const fresh = await citizenSession(ctx.app, sms, '0912300003');
    expect((await testApi(ctx.app, fresh).households.household()).members).toEqual([]);
  });
});
