import { beforeAll, describe, expect, it } from 'vitest';
import { invalid, testApi } from '../../../../test/helpers/api.ts';
import { smsFile } from '../../../../test/helpers/auth.ts';
import { citizenWithMember } from '../../../../test/helpers/notify.ts';
import { TEST_ENGINES, useTestApp } from '../../../../test/helpers/test-app.ts';
import { runOnce } from './notification-runner.ts';
import { planAppointmentReminders } from './reminder-planners.ts';

const T0 = new Date('2021-09-02T03:00:00Z'); // 10:00 on 2 September in Vietnam

describe.each(TEST_ENGINES)('notification planners (%s)', (engine) => {
  const sms = smsFile();
  const ctx = useTestApp(engine, { sms: sms.sender, clock: () => T0 });
  let citizen: Awaited<ReturnType<typeof citizenWithMember>>;
  const smsTexts = () =>
    sms
      .messagesTo(citizen.phone)
      .filter((m) => !m.code)
      .map((m) => m.text);

  beforeAll(async () => {
    citizen = await citizenWithMember(ctx.app, ctx.database.db, sms, '0912700201', 'Hoàng Thị Lan');
  });

  /** A session on `day` at a new facility and a registration of the citizen's member scheduled into it. */
  async function scheduled(code: string, day: string) {
    const db = ctx.database.db;
    const set = await db.selectFrom('priority_group_set').select('code').executeTakeFirstOrThrow();
    const vaccine = await db.selectFrom('vaccine_product').select('code').executeTakeFirstOrThrow();
    const campaign = await db
      .insertInto('campaign')
      .values({
        code: `${engine}-${code}`,
        name_vi: 'Chiến dịch',
        name_en: 'Campaign',
        priority_group_set: set.code,
        vaccine_codes: JSON.stringify([vaccine.code]),
        starts_on: '2021-08-01',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const facility = await db
      .insertInto('facility')
      .values({
        code: `${engine}-F-${code}`,
        name: `Điểm tiêm ${code}`,
        kind: 'vaccination_site',
        unit_id: '2025-00004',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const session = await db
      .insertInto('vaccination_session')
      .values({
        facility_id: facility.id,
        campaign_id: campaign.id,
        session_date: day,
        vaccine_code: vaccine.code,
        capacity: 10,
        booked: 1,
        slots: JSON.stringify(['08:00-09:00']),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return db
      .insertInto('registration')
      .values({
        campaign_id: campaign.id,
        person_id: citizen.personId,
        screening: JSON.stringify({}),
        state: 'scheduled',
        source: 'citizen',
        account_id: citizen.accountId,
        session_id: session.id,
        slot: '08:00-09:00',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
  }

  it('reminds the day before from 08:00, once, and skips a registration cancelled in between', async () => {
    const db = ctx.database.db;
    const kept = await scheduled('A', '2021-09-03');
    const cancelled = await scheduled('B', '2021-09-03');
    await scheduled('C', '2021-09-04'); // the day after tomorrow: not yet
    const night = new Date('2021-09-01T17:30:00Z'); // 00:30 on 2 September in Vietnam
    const channels = { sms: sms.sender, push: null };

    expect(await runOnce(db, channels, night)).toMatchObject({ planned: 2, claimed: 0 });
    expect(await planAppointmentReminders(db, night)).toBe(0);
    expect(await runOnce(db, channels, new Date('2021-09-02T00:00:00Z'))).toMatchObject({
      planned: 0,
      claimed: 0,
    });
    const reminders = await db
      .selectFrom('notification_outbox')
      .select(['dedupe_key', 'state', 'next_attempt_at'])
      .where('kind', '=', 'appointment.reminder')
      .execute();
    expect(reminders).toHaveLength(2);
    expect(reminders.every((r) => r.next_attempt_at.toISOString() === '2021-09-02T01:00:00.000Z')).toBe(true);
    expect(reminders.map((r) => r.dedupe_key)).toEqual(
      expect.arrayContaining(
        [kept.id, cancelled.id].map((id) => expect.stringContaining(`appointment.reminder:${id}:`)),
      ),
    );

    await db.updateTable('registration').set({ state: 'cancelled' }).where('id', '=', cancelled.id).execute();
    const morning = new Date('2021-09-02T01:00:00Z');
    expect(await runOnce(db, channels, morning)).toMatchObject({ claimed: 2, sent: 1, skipped: 1 });
    expect(await runOnce(db, channels, morning)).toMatchObject({ claimed: 1, sent: 1 }); // its SMS
    expect(smsTexts()).toEqual([
      'SSKDT: nhac lich tiem ngay mai tai Diem tiem A, 03/09/2021, 08:00-09:00. Nho mang CCCD.',
    ]);
    const inbox = await testApi(ctx.app, citizen.session).households.inbox();
    const shown = inbox.items.filter((i: { kind: string }) => i.kind === 'appointment.reminder');
    expect(shown).toHaveLength(1);
    expect(shown[0].title).toEqual({ vi: 'Nhắc lịch tiêm ngày mai', en: 'Vaccination tomorrow' });
    expect(shown[0].body.vi).toContain('Hoàng Thị Lan');
    expect(shown[0].createdAt).toBe(morning.toISOString());
    // Planning again the same day changes nothing.
    expect(await runOnce(db, channels, new Date('2021-09-02T09:00:00Z'))).toMatchObject({
      planned: 0,
      claimed: 0,
    });
  });

  it('a reported reaction schedules a follow-up three days later, in the report transaction', async () => {
    const db = ctx.database.db;
    const api = testApi(ctx.app, citizen.session);
    const params = { personId: citizen.personId };
    const bad = await api.reactions.report.raw({
      params,
      body: { onsetAt: '2021-09-01T20:00:00+07:00', symptoms: invalid(['hiccups']), severity: 'mild' },
    });
    expect(bad.status).toBe(400);
    const count = async () =>
      (
        await db
          .selectFrom('notification_outbox')
          .select('id')
          .where('kind', '=', 'reaction.followup')
          .execute()
      ).length;
    expect(await count()).toBe(0); // a refused report schedules nothing
    const reported = await api.reactions.report.raw({
      params,
      body: { onsetAt: '2021-09-01T20:00:00+07:00', symptoms: ['fever'], severity: 'mild' },
    });
    expect(reported.status, JSON.stringify(reported.problem)).toBe(201);
    const row = await db
      .selectFrom('notification_outbox')
      .selectAll()
      .where('kind', '=', 'reaction.followup')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      channel: 'inbox',
      state: 'pending',
      dedupe_key: `reaction.followup:${reported.body?.id}`,
    });
    expect(row.next_attempt_at.toISOString()).toBe('2021-09-05T01:00:00.000Z');
    const channels = { sms: sms.sender, push: null };
    expect(await runOnce(db, channels, new Date('2021-09-05T00:59:59Z'), { plan: false })).toMatchObject({
      claimed: 0,
    });
    const due = new Date('2021-09-05T01:00:00Z');
    expect(await runOnce(db, channels, due, { plan: false })).toMatchObject({ sent: 1 });
    expect(await runOnce(db, channels, due, { plan: false })).toMatchObject({ sent: 1 });
    expect(smsTexts().at(-1)).toContain('SSKDT: suc khoe sau tiem the nao?');
  });
});
