import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { testApi } from '../../../../test/helpers/api.ts';
import { citizenSession, personFields, type Session, smsFile } from '../../../../test/helpers/auth.ts';
import { addHouseholdMember } from '../../../../test/helpers/household.ts';
import { ROOT } from '../../../../test/helpers/processes.ts';
import { NO_PRE } from '../../../../test/helpers/screening.ts';
import { TEST_ENGINES, useTestApp } from '../../../../test/helpers/test-app.ts';
import { buildWorld, type World } from '../../../../test/helpers/world.ts';
import type { sessionCreateSchema } from '../../../shared/schemas/registrations.ts';

type SessionInput = z.input<typeof sessionCreateSchema>;

describe.each(TEST_ENGINES)('session time slots: choose, book, move, cancel (%s)', (engine) => {
  const sms = smsFile();
  const ctx = useTestApp(engine, { sms: sms.sender, clock: () => new Date('2021-09-01T03:00:00Z') });
  let world: World;
  let campaign: string;
  let stranger: Session;
  /** Who manages each registration's person (a household holds at most 10 people). */
  const owner = new Map<string, Session>();
  /** Pending registrations of the citizen's household, handed out one test at a time. */
  const pending: string[] = [];
  const take = (n: number) => pending.splice(0, n);

  const createSession = async (payload: Partial<SessionInput>) => {
    const res = await testApi(ctx.app, world.staff.siteBaDinh).vaccinationSessions.create.raw({
      body: {
        facilityId: world.facilities.siteBaDinh,
        campaignId: campaign,
        date: '2021-09-10',
        vaccineCode: 'PFIZER',
        ...payload,
      },
    });
    expect(res.status, JSON.stringify(res)).toBe(201);
    return res.body!;
  };
  const slotsOf = async (sessionId: string) => {
    const res = await testApi(ctx.app).vaccinationSessions.slots.raw({ params: { id: sessionId } });
    expect(res.status, JSON.stringify(res)).toBe(200);
    return res.body!.items;
  };
  /** A citizen's booking, move or cancellation of a registration (by default as its household). */
  const booking = (id: string, who = owner.get(id)!) => testApi(ctx.app, who).vaccinationSessions;
  const book = (id: string, body: { sessionId: string; slotId?: string }, who?: Session) =>
    booking(id, who).book.raw({ params: { id }, body });
  const move = (id: string, body: { sessionId: string; slotId: string }, who?: Session) =>
    booking(id, who).move.raw({ params: { id }, body });
  const cancelAppointment = (id: string, who?: Session) =>
    booking(id, who).cancelAppointment.raw({ params: { id } });
  const registration = async (id: string) =>
    ctx.database.db
      .selectFrom('registration')
      .select(['state', 'session_id', 'slot_id', 'slot'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  const counts = async (sessionId: string) => ({
    session: (
      await ctx.database.db
        .selectFrom('vaccination_session')
        .select('booked')
        .where('id', '=', sessionId)
        .executeTakeFirstOrThrow()
    ).booked,
    slots: (await slotsOf(sessionId)).map((s) => s.booked),
  });

  beforeAll(async () => {
    world = await buildWorld(ctx.app, ctx.database.db, 'slt');
    campaign = (
      await testApi(ctx.app, world.staff.admin).registrations.createCampaign({
        body: {
          code: 'SLT-1',
          nameVi: 'Đợt khung giờ',
          nameEn: 'Slots round',
          priorityGroupSet: 'NQ21-2021',
          vaccineCodes: ['PFIZER'],
          startsOn: '2021-09-01',
          endsOn: '2021-09-30',
        },
      })
    ).id;
    stranger = await citizenSession(ctx.app, sms, '0912810009', '10.6.0.9');
    await addHouseholdMember(
      ctx.app,
      sms,
      stranger,
      { relationship: 'self', ...personFields({ fullName: 'Người Lạ Khung', birthDate: '1969-05-05' }) },
      '10.6.0.9',
    );
    for (let c = 0; c < 3; c++) {
      const ip = `10.6.0.${c + 1}`;
      const citizen = await citizenSession(ctx.app, sms, `091281000${c + 1}`, ip);
      for (let i = 0; i < 8; i++) {
        const added = await addHouseholdMember(
          ctx.app,
          sms,
          citizen,
          {
            relationship: i === 0 ? 'self' : 'other',
            ...personFields({
              fullName: `Người Chọn Giờ ${String.fromCharCode(65 + c)}${String.fromCharCode(65 + i)}`,
              birthDate: `19${60 + i}-04-0${c + 1}`,
            }),
          },
          ip,
        );
        const reg = await testApi(ctx.app, citizen).registrations.registerMember.raw({
          params: { personId: added.person.id },
          body: { campaignId: campaign, screening: NO_PRE },
        });
        expect(reg.status, JSON.stringify(reg)).toBe(201);
        pending.push(reg.body!.id);
        owner.set(reg.body!.id, citizen);
      }
    }
  });

  it('a session made from start, end, slot length and seats per slot lists its slots with free seats', async () => {
    const session = await createSession({
      startTime: '07:30',
      endTime: '09:00',
      slotMinutes: 30,
      slotCapacity: 4,
    });
    expect(session.capacity).toBe(12);
    expect(session.slots).toEqual(['07:30-08:00', '08:00-08:30', '08:30-09:00']);
    const slots = await slotsOf(session.id);
    expect(slots.map((s) => [s.label, s.capacity, s.free])).toEqual([
      ['07:30-08:00', 4, 4],
      ['08:00-08:30', 4, 4],
      ['08:30-09:00', 4, 4],
    ]);
    // Labels and a capacity: the seats shared out, the first slots taking the remainder.
    const labelled = await createSession({ capacity: 5, slots: ['08:00-10:00', '14:00-16:00'] });
    expect((await slotsOf(labelled.id)).map((s) => s.capacity)).toEqual([3, 2]);
    // Neither: one slot for the whole session.
    const whole = await createSession({ capacity: 7 });
    expect((await slotsOf(whole.id)).map((s) => [s.label, s.capacity])).toEqual([[null, 7]]);
  });

  it('session creation names the field that does not fit (vi + en)', async () => {
    const site = testApi(ctx.app, world.staff.siteBaDinh);
    const res = await site.vaccinationSessions.create.raw({
      body: {
        facilityId: world.facilities.siteBaDinh,
        campaignId: campaign,
        date: '2021-09-10',
        vaccineCode: 'PFIZER',
        startTime: '11:00',
        endTime: '10:00',
        slotCapacity: 3,
      },
    });
    expect(res.status, JSON.stringify(res)).toBe(400);
    expect(res.problem?.errors?.[0]).toMatchObject({ field: 'endTime', code: 'session.slot_times' });
    expect(res.problem?.errors?.[0].messages.vi).toContain('Giờ kết thúc');
    const noSeats = await site.vaccinationSessions.create.raw({
      body: {
        facilityId: world.facilities.siteBaDinh,
        campaignId: campaign,
        date: '2021-09-10',
        vaccineCode: 'PFIZER',
      },
    });
    expect(noSeats.status, JSON.stringify(noSeats)).toBe(400);
    expect(noSeats.problem?.errors?.[0].field).toBe('capacity');
  });

  it('books the chosen slot; a full slot answers 409 slot_full in Vietnamese and English', async () => {
    const session = await createSession({
      startTime: '13:00',
      endTime: '14:00',
      slotMinutes: 30,
      slotCapacity: 1,
    });
    const [first, second] = await slotsOf(session.id);
    const [a, b] = take(2);
    const booked = await book(a, { sessionId: session.id, slotId: second.id });
    expect(booked.status, JSON.stringify(booked)).toBe(200);
    expect(await registration(a)).toMatchObject({
      state: 'scheduled',
      session_id: session.id,
      slot_id: second.id,
      slot: '13:30-14:00',
    });
    const mine = await testApi(ctx.app, owner.get(a)!).registrations.mine();
    expect(mine.items.find((r) => r.id === a)?.appointment).toMatchObject({
      slot: '13:30-14:00',
      slotId: second.id,
    });
    const full = await book(b, { sessionId: session.id, slotId: second.id });
    expect(full.status, JSON.stringify(full)).toBe(409);
    expect(full.problem?.code).toBe('slot_full');
    expect(full.problem?.messages.vi).toBe('Khung giờ này đã hết chỗ, vui lòng chọn khung giờ khác');
    expect(full.problem?.messages.en).toBe('This time slot is full, please choose another');
    expect(await registration(b)).toMatchObject({ state: 'pending', slot_id: null });
    // The full slot is shown as such; the other is still free.
    expect((await slotsOf(session.id)).map((s) => s.free)).toEqual([1, 0]);
    expect(await counts(session.id)).toEqual({ session: 1, slots: [0, 1] });
    // A slot of another session is refused on the field.
    const other = await createSession({ capacity: 3 });
    const wrong = await book(b, { sessionId: other.id, slotId: first.id });
    expect(wrong.status, JSON.stringify(wrong)).toBe(400);
    expect(wrong.problem?.errors?.[0]).toMatchObject({ field: 'slotId', code: 'slot.not_in_session' });
  });

  it('12 parallel bookings for a slot of 3: exactly 3 succeed, the rest get slot_full', async () => {
    // Two slots of 3: the session has seats left, the chosen slot does not.
    const session = await createSession({
      startTime: '08:00',
      endTime: '10:00',
      slotMinutes: 60,
      slotCapacity: 3,
    });
    const [slot] = await slotsOf(session.id);
    const ids = take(12);
    const answers = await Promise.all(ids.map((id) => book(id, { sessionId: session.id, slotId: slot.id })));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(3);
    const refused = answers.filter((a) => a.status !== 200);
    expect(refused).toHaveLength(9);
    for (const r of refused) {
      expect(r.status, JSON.stringify(r)).toBe(409);
      expect(r.problem?.code).toBe('slot_full');
    }
    expect(await counts(session.id)).toEqual({ session: 3, slots: [3, 0] });
    const held = await ctx.database.db
      .selectFrom('registration')
      .select('id')
      .where('slot_id', '=', slot.id)
      .execute();
    expect(held).toHaveLength(3);
    pending.push(...ids.filter((_, i) => answers[i].status !== 200));
  });

  it('moves an appointment to another slot or session atomically; into a full slot nothing changes', async () => {
    const s1 = await createSession({
      startTime: '07:00',
      endTime: '08:00',
      slotMinutes: 30,
      slotCapacity: 1,
    });
    const s2 = await createSession({
      date: '2021-09-11',
      startTime: '07:00',
      endTime: '08:00',
      slotMinutes: 30,
      slotCapacity: 1,
    });
    const [a1, a2] = await slotsOf(s1.id);
    const [b1] = await slotsOf(s2.id);
    const [x, y] = take(2);
    expect((await book(x, { sessionId: s1.id, slotId: a1.id })).status).toBe(200);
    expect((await book(y, { sessionId: s1.id, slotId: a2.id })).status).toBe(200);
    // Into a full slot: 409, both keep their places.
    const full = await move(x, { sessionId: s1.id, slotId: a2.id });
    expect(full.status, JSON.stringify(full)).toBe(409);
    expect(full.problem?.code).toBe('slot_full');
    expect(await registration(x)).toMatchObject({ slot_id: a1.id });
    expect(await counts(s1.id)).toEqual({ session: 2, slots: [1, 1] });
    // Another session: the old seats go back, the new ones are taken.
    const moved = await move(x, { sessionId: s2.id, slotId: b1.id });
    expect(moved.status, JSON.stringify(moved)).toBe(200);
    expect(moved.body?.appointment).toMatchObject({ sessionId: s2.id, slotId: b1.id, slot: '07:00-07:30' });
    expect(await counts(s1.id)).toEqual({ session: 1, slots: [0, 1] });
    expect(await counts(s2.id)).toEqual({ session: 1, slots: [1, 0] });
    // Same session, another slot; and the same move again changes nothing (idempotent).
    const [, b2] = await slotsOf(s2.id);
    for (let i = 0; i < 2; i++) {
      const again = await move(x, { sessionId: s2.id, slotId: b2.id });
      expect(again.status, JSON.stringify(again)).toBe(200);
    }
    expect(await counts(s2.id)).toEqual({ session: 1, slots: [0, 1] });
    // A pending registration has nothing to move.
    const [z] = take(1);
    const nothing = await move(z, { sessionId: s2.id, slotId: b1.id });
    expect(nothing.status).toBe(409);
    expect(nothing.problem?.code).toBe('registration_not_scheduled');
    pending.push(z);
  });

  it('opposite moves between two sessions at once neither deadlock nor lose a seat', async () => {
    const s1 = await createSession({
      startTime: '10:00',
      endTime: '11:00',
      slotMinutes: 30,
      slotCapacity: 2,
    });
    const s2 = await createSession({
      date: '2021-09-12',
      startTime: '10:00',
      endTime: '11:00',
      slotMinutes: 30,
      slotCapacity: 2,
    });
    const [p1] = await slotsOf(s1.id);
    const [q1] = await slotsOf(s2.id);
    const [x, y] = take(2);
    await book(x, { sessionId: s1.id, slotId: p1.id });
    await book(y, { sessionId: s2.id, slotId: q1.id });
    for (let round = 0; round < 3; round++) {
      const [toX, toY] = round % 2 ? [p1, q1] : [q1, p1];
      const answers = await Promise.all([
        move(x, { sessionId: toX === p1 ? s1.id : s2.id, slotId: toX.id }),
        move(y, { sessionId: toY === p1 ? s1.id : s2.id, slotId: toY.id }),
      ]);
      expect(answers.map((a) => a.status)).toEqual([200, 200]);
    }
    expect(await counts(s1.id)).toEqual({ session: 1, slots: [1, 0] });
    expect(await counts(s2.id)).toEqual({ session: 1, slots: [1, 0] });
  });

  it('cancels an appointment: the seat is freed, the registration waits again; a retry changes nothing', async () => {
    const session = await createSession({
      startTime: '15:00',
      endTime: '15:30',
      slotMinutes: 30,
      slotCapacity: 1,
    });
    const [slot] = await slotsOf(session.id);
    const [x, y] = take(2);
    expect((await book(x, { sessionId: session.id, slotId: slot.id })).status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const cancelled = await cancelAppointment(x);
      expect(cancelled.status, JSON.stringify(cancelled)).toBe(200);
      expect(cancelled.body).toMatchObject({ state: 'pending', appointment: null });
    }
    expect(await counts(session.id)).toEqual({ session: 0, slots: [0] });
    // The freed seat can be booked by someone else.
    expect((await book(y, { sessionId: session.id, slotId: slot.id })).status).toBe(200);
    // Another household cannot cancel, move or book it (no existence oracle).
    for (const attempt of [
      () => cancelAppointment(y, stranger),
      () => move(y, { sessionId: session.id, slotId: slot.id }, stranger),
      () => book(y, { sessionId: session.id, slotId: slot.id }, stranger),
    ]) {
      expect((await attempt()).status).toBe(404);
    }
    expect(await registration(y)).toMatchObject({ state: 'scheduled', slot_id: slot.id });
    pending.push(x);
  });

  it('a retried booking (same registration and slot) does not book twice, even when sent at once', async () => {
    const session = await createSession({
      startTime: '16:00',
      endTime: '17:00',
      slotMinutes: 60,
      slotCapacity: 5,
    });
    const [slot] = await slotsOf(session.id);
    const [x] = take(1);
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => book(x, { sessionId: session.id, slotId: slot.id })),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    const retry = await book(x, { sessionId: session.id, slotId: slot.id });
    expect(retry.status, JSON.stringify(retry)).toBe(200);
    expect(await counts(session.id)).toEqual({ session: 1, slots: [1] });
    const inbox = await testApi(ctx.app, owner.get(x)!).households.inbox();
    expect(
      inbox.items.filter((n: { kind: string }) => n.kind === 'appointment.scheduled').length,
    ).toBeGreaterThan(0);
  });

  it('a session written without slots (before migration 0023) gets them on first use, its bookings counted', async () => {
    const db = ctx.database.db;
    const session = await db
      .insertInto('vaccination_session')
      .values({
        facility_id: world.facilities.siteBaDinh,
        campaign_id: campaign,
        session_date: '2021-09-15',
        vaccine_code: 'PFIZER',
        capacity: 4,
        booked: 1,
        slots: JSON.stringify(['08:00-10:00', '14:00-16:00']),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const [x, y] = take(2);
    await db
      .updateTable('registration')
      .set({ state: 'scheduled', session_id: session.id, slot: '14:00-16:00' })
      .where('id', '=', x)
      .execute();
    const slots = await slotsOf(session.id);
    expect(slots.map((s) => [s.label, s.capacity, s.booked])).toEqual([
      ['08:00-10:00', 2, 0],
      ['14:00-16:00', 2, 1],
    ]);
    expect((await registration(x)).slot_id).toBe(slots[1].id);
    const moved = await move(x, { sessionId: session.id, slotId: slots[0].id });
    expect(moved.status, JSON.stringify(moved)).toBe(200);
    expect((await book(y, { sessionId: session.id, slotId: slots[1].id })).status).toBe(200);
    expect(await counts(session.id)).toEqual({ session: 2, slots: [1, 1] });
  });

  it('migration 0023 backfills the slots of existing sessions and links their registrations', async () => {
    const db = ctx.database.db;
    // Two sessions as they were before 0023: slot labels (or none) and registrations holding a label.
    const old = async (capacity: number, booked: number, slots: string[]) =>
      (
        await db
          .insertInto('vaccination_session')
          .values({
            facility_id: world.facilities.siteBaDinh,
            campaign_id: campaign,
            session_date: '2021-09-20',
            vaccine_code: 'PFIZER',
            capacity,
            booked,
            slots: JSON.stringify(slots),
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const labelled = await old(7, 2, ['07:30-09:00', '09:00-10:30', '10:30-12:00']);
    const bare = await old(3, 1, []);
    const [x, y, z] = take(3);
    const place = (id: string, sessionId: string, slot: string | null) =>
      db
        .updateTable('registration')
        .set({ state: 'scheduled', session_id: sessionId, slot })
        .where('id', '=', id)
        .execute();
    await place(x, labelled, '09:00-10:30');
    await place(y, labelled, '07:30-09:00');
    await place(z, bare, null);
    const file = fs.readFileSync(path.join(ROOT, 'migrations', '0023_session_slots.sql'), 'utf8');
    const backfill = file.slice(file.indexOf('-- Backfill'));
    for (const statement of backfill.split(/;\s*\n/).filter((s) => s.replace(/--.*$/gm, '').trim()))
      await sql.raw(statement).execute(db);
    const rows = (id: string) =>
      db
        .selectFrom('session_slot')
        .select(['id', 'starts_at', 'ends_at', 'capacity', 'booked'])
        .where('session_id', '=', id)
        .orderBy('position')
        .execute();
    const slots = await rows(labelled);
    expect(slots.map((s) => [s.starts_at, s.ends_at, s.capacity, s.booked])).toEqual([
      ['07:30', '09:00', 3, 1],
      ['09:00', '10:30', 2, 1],
      ['10:30', '12:00', 2, 0],
    ]);
    expect((await registration(x)).slot_id).toBe(slots[1].id);
    expect((await registration(y)).slot_id).toBe(slots[0].id);
    const whole = await rows(bare);
    expect(whole.map((s) => [s.starts_at, s.capacity, s.booked])).toEqual([[null, 3, 1]]);
    expect((await registration(z)).slot_id).toBe(whole[0].id);
  });

  it('6 parallel moves into a slot of 2: exactly 2 move, the others keep their place (slot_full)', async () => {
    const session = await createSession({
      date: '2021-09-21',
      startTime: '08:00',
      endTime: '10:00',
      slotMinutes: 60,
      capacity: 8,
      slotCapacity: 6,
    });
    const [from, to] = await slotsOf(session.id);
    const ids = take(6);
    for (const id of ids)
      expect((await book(id, { sessionId: session.id, slotId: from.id })).status).toBe(200);
    await ctx.database.db.updateTable('session_slot').set({ capacity: 2 }).where('id', '=', to.id).execute();
    const answers = await Promise.all(ids.map((id) => move(id, { sessionId: session.id, slotId: to.id })));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(2);
    for (const refused of answers.filter((a) => a.status !== 200)) {
      expect(refused.status, JSON.stringify(refused)).toBe(409);
      expect(refused.problem?.code).toBe('slot_full');
    }
    expect(await counts(session.id)).toEqual({ session: 6, slots: [4, 2] });
    const held = await ctx.database.db
      .selectFrom('registration')
      .select('slot_id')
      .where('id', 'in', ids)
      .execute();
    expect(held.filter((r) => r.slot_id === to.id)).toHaveLength(2);
    expect(held.filter((r) => r.slot_id === from.id)).toHaveLength(4);
  });
});
