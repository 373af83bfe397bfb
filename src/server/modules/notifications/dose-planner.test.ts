import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { testApi } from '../../../../test/helpers/api.ts';
import { citizenSession, smsFile } from '../../../../test/helpers/auth.ts';
import { citizenWithMember } from '../../../../test/helpers/notify.ts';
import { TEST_ENGINES, useTestApp } from '../../../../test/helpers/test-app.ts';
import { buildWorld, relogin, type World } from '../../../../test/helpers/world.ts';
import { planDoseFollowUps } from './dose-planner.ts';
import { runOnce } from './notification-runner.ts';

const T0 = new Date('2021-09-02T03:00:00Z');

describe.each(TEST_ENGINES)('messages planned from recorded doses (%s)', (engine) => {
  const sms = smsFile();
  let now = T0;
  const ctx = useTestApp(engine, { sms: sms.sender, clock: () => now });
  let world: World;
  let citizen: Awaited<ReturnType<typeof citizenWithMember>>;
  let lot: string;
  const outbox = () =>
    ctx.database.db
      .selectFrom('notification_outbox')
      .select(['dedupe_key', 'state', 'next_attempt_at', 'channel'])
      .where('person_id', '=', citizen.personId)
      .orderBy('dedupe_key')
      .execute();
  const dose = async (givenAt: string, overrideReason?: string) => {
    const res = await testApi(ctx.app, world.staff.siteBaDinh).doses.recordDose.raw({
      body: {
        id: randomUUID(),
        personId: citizen.personId,
        vaccineCode: 'PFIZER',
        lotId: lot,
        givenAt,
        overrideReason,
      },
    });
    expect(res.status, JSON.stringify(res)).toBe(201);
  };

  beforeAll(async () => {
    world = await buildWorld(ctx.app, ctx.database.db, 'dplan');
    citizen = await citizenWithMember(ctx.app, ctx.database.db, sms, '0912700301', 'Phùng Thị Hẹn');
    const admin = testApi(ctx.app, world.staff.admin);
    lot = (
      await admin.stock.createLot({
        body: { vaccineCode: 'PFIZER', lotNumber: 'PLAN01', expiresOn: '2022-12-31' },
      })
    ).id;
    await admin.stock.recordMovement({
      body: { lotId: lot, kind: 'receipt', to: `facility:${world.facilities.siteBaDinh}`, quantity: 10 },
    });
  });

  it('dose 1 plans "next dose due" once, on the earliest day at 08:00; dose 2 plans "certificate ready"', async () => {
    await dose('2021-09-01T02:00:00Z');
    expect(await planDoseFollowUps(ctx.database.db, T0, { settleSeconds: 0 })).toBe(1);
    // A repeated pass (the watermark moved on) plans nothing more.
    expect(await planDoseFollowUps(ctx.database.db, T0, { settleSeconds: 0 })).toBe(0);
    const planned = await outbox();
    const due = planned.filter((r) => r.dedupe_key.startsWith('dose.next_due'));
    expect(due.length).toBeGreaterThan(0);
    // Pfizer dose 2 from 21 days after 1 September: 22 September, 08:00 in Vietnam = 01:00 UTC.
    expect(due.map((r) => r.next_attempt_at.toISOString())).toEqual(
      due.map(() => '2021-09-22T01:00:00.000Z'),
    );

    now = new Date('2021-09-23T03:00:00Z');
    await relogin(ctx.app, world, 'dplan');
    await dose('2021-09-23T02:00:00Z');
    await planDoseFollowUps(ctx.database.db, now, { settleSeconds: 0 });
    const after = await outbox();
    expect(after.some((r) => r.dedupe_key.startsWith('certificate.ready'))).toBe(true);
    // Sending: the next-dose reminder went stale (dose 2 exists) and is skipped, the certificate one goes.
    await runOnce(ctx.database.db, { sms: sms.sender, push: null }, now, { plan: false });
    const states = await outbox();
    const dueFor = (n: number) =>
      states.filter((r) => r.dedupe_key.startsWith(`dose.next_due:${citizen.personId}:${n}:`));
    expect(dueFor(2).map((r) => r.state)).toEqual(['skipped']);
    // Dose 2 planned the booster reminder for 90 days after it (22 December, 08:00 in Vietnam).
    expect(dueFor(3).map((r) => [r.state, r.next_attempt_at.toISOString()])).toEqual([
      ['pending', '2021-12-22T01:00:00.000Z'],
    ]);
    expect(
      states.filter((r) => r.dedupe_key.startsWith('certificate.ready')).every((r) => r.state === 'sent'),
    ).toBe(true);
    // Three weeks on, the citizen's week-long session has ended: they sign in again.
    const session = await citizenSession(ctx.app, sms, citizen.phone);
    const inbox = await testApi(ctx.app, session).households.inbox();
    expect(inbox.items.map((n: { kind: string }) => n.kind)).not.toContain('dose.next_due');
    expect(inbox.items.map((n: { kind: string }) => n.kind)).toContain('certificate.ready');
  });
});
