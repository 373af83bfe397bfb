import { beforeAll, describe, expect, it } from 'vitest';
import { testApi } from '../../../../test/helpers/api.ts';
import { smsFile } from '../../../../test/helpers/auth.ts';
import { citizenWithMember, flakySms } from '../../../../test/helpers/notify.ts';
import { TEST_ENGINES, useTestApp } from '../../../../test/helpers/test-app.ts';
import { claimDue, DEFAULT_RUNNER_OPTIONS, runOnce } from './notification-runner.ts';
import { enqueue, scheduleNextDoseDue } from './outbox.service.ts';

const T0 = new Date('2021-09-02T03:00:00Z'); // 10:00 in Vietnam
const at = (ms: number) => new Date(T0.getTime() + ms);

describe.each(TEST_ENGINES)('notification outbox and runner (%s)', (engine) => {
  const sms = smsFile();
  const ctx = useTestApp(engine, { sms: sms.sender, clock: () => T0 });
  let citizen: Awaited<ReturnType<typeof citizenWithMember>>;
  let n = 0;
  /** An event due now for the test citizen, with a fresh key. */
  const event = (overrides: Partial<Parameters<typeof enqueue>[1]> = {}) => ({
    key: `test:${engine}:${++n}`,
    accountId: citizen.accountId,
    personId: citizen.personId,
    kind: 'certificate.ready' as const,
    params: {},
    now: T0,
    ...overrides,
  });
  const rowsOf = (key: string) =>
    ctx.database.db
      .selectFrom('notification_outbox')
      .selectAll()
      .where('dedupe_key', 'like', `${key}%`)
      .orderBy('dedupe_key')
      .execute();
  const smsTexts = () =>
    sms
      .messagesTo(citizen.phone)
      .filter((m) => !m.code)
      .map((m) => m.text);

  beforeAll(async () => {
    citizen = await citizenWithMember(ctx.app, ctx.database.db, sms, '0912700001');
  });

  it('an event in a rolled-back transaction leaves no outbox row and no inbox message', async () => {
    const e = event();
    const inboxBefore = (await testApi(ctx.app, citizen.session).households.inbox()).items.length;
    await expect(
      ctx.database.db.transaction().execute(async (trx) => {
        expect(await enqueue(trx, e)).toBe(true);
        expect(
          (
            await trx
              .selectFrom('notification_outbox')
              .select('id')
              .where('dedupe_key', 'like', `${e.key}%`)
              .execute()
          ).length,
        ).toBe(2);
        throw new Error('the event failed');
      }),
    ).rejects.toThrow('the event failed');
    expect(await rowsOf(e.key)).toEqual([]);
    const inbox = await testApi(ctx.app, citizen.session).households.inbox();
    expect(inbox.items).toHaveLength(inboxBefore);
  });

  it('enqueuing the same event twice yields one inbox message and one row per channel', async () => {
    const e = event({ key: `twice:${engine}` });
    expect(await ctx.database.db.transaction().execute((trx) => enqueue(trx, e))).toBe(true);
    expect(await ctx.database.db.transaction().execute((trx) => enqueue(trx, e))).toBe(false);
    const rows = await rowsOf(e.key);
    expect(rows.map((r) => [r.channel, r.state])).toEqual([
      ['inbox', 'sent'],
      ['sms', 'pending'],
    ]);
    const inbox = await testApi(ctx.app, citizen.session).households.inbox();
    const ready = inbox.items.filter((i: { kind: string }) => i.kind === 'certificate.ready');
    expect(ready).toHaveLength(1);
    // The inbox names the person (the account holder reads it); the SMS will not.
    expect(ready[0].body.vi).toContain('Đỗ Thị Mai');
    await runOnce(ctx.database.db, { sms: sms.sender, push: null }, T0);
    expect(smsTexts()).toContain('SSKDT: chung nhan tiem chung da san sang. Xem ma QR trong ung dung.');
  });

  it('two runner passes at once send each due message exactly once', async () => {
    const keys: string[] = [];
    for (let i = 0; i < 12; i++) {
      const e = event();
      keys.push(e.key);
      await enqueue(ctx.database.db, e);
    }
    const channel = flakySms(sms.sender, 0, 5);
    const passes = await Promise.all([
      runOnce(ctx.database.db, { sms: channel.sender, push: null }, T0, { batchSize: 8 }),
      runOnce(ctx.database.db, { sms: channel.sender, push: null }, T0, { batchSize: 8 }),
      runOnce(ctx.database.db, { sms: channel.sender, push: null }, T0, { batchSize: 8 }),
    ]);
    expect(passes.reduce((sum, p) => sum + p.sent, 0)).toBe(12);
    expect(channel.delivered).toHaveLength(12);
    const again = await runOnce(ctx.database.db, { sms: channel.sender, push: null }, at(3_600_000));
    expect(again.claimed).toBe(0);
    expect(channel.delivered).toHaveLength(12);
    for (const key of keys) {
      const [smsRow] = await rowsOf(`${key}:`);
      expect(smsRow).toMatchObject({ channel: 'sms', state: 'sent', attempts: 1 });
    }
  });

  it('a failing channel is retried with exponential backoff and the message is sent once', async () => {
    const e = event({ key: `retry:${engine}` });
    await enqueue(ctx.database.db, e);
    const channel = flakySms(sms.sender, 2);
    const run = (now: Date) =>
      runOnce(ctx.database.db, { sms: channel.sender, push: null }, now, { plan: false });
    const backoff = DEFAULT_RUNNER_OPTIONS.backoffMs;

    expect(await run(T0)).toMatchObject({ claimed: 1, retried: 1 });
    let [, row] = await rowsOf(e.key);
    expect(row).toMatchObject({ state: 'pending', attempts: 1 });
    expect(row.next_attempt_at.getTime()).toBe(T0.getTime() + backoff);
    // The phone number in the gateway's error is masked before it is stored.
    expect(row.last_error).toContain('gateway down');
    expect(row.last_error).not.toContain(citizen.phone);

    expect(await run(at(backoff - 1))).toMatchObject({ claimed: 0 });
    expect(await run(at(backoff))).toMatchObject({ claimed: 1, retried: 1 });
    [, row] = await rowsOf(e.key);
    expect(row.next_attempt_at.getTime()).toBe(T0.getTime() + 3 * backoff); // 2 × backoff after the second

    expect(await run(at(3 * backoff))).toMatchObject({ claimed: 1, sent: 1 });
    [, row] = await rowsOf(e.key);
    expect(row).toMatchObject({ state: 'sent', attempts: 3, last_error: null, locked_until: null });
    expect(channel.delivered).toHaveLength(1);
    expect(await run(at(10 * backoff))).toMatchObject({ claimed: 0 });
    expect(channel.delivered).toHaveLength(1);
  });

  it('after max attempts the row is failed and never tried again', async () => {
    const e = event({ key: `maxed:${engine}` });
    await enqueue(ctx.database.db, e);
    const channel = flakySms(sms.sender, 1000);
    const options = { plan: false, maxAttempts: 3, backoffMs: 1000 };
    const run = (now: Date) => runOnce(ctx.database.db, { sms: channel.sender, push: null }, now, options);
    expect(await run(T0)).toMatchObject({ retried: 1 });
    expect(await run(at(1000))).toMatchObject({ retried: 1 });
    expect(await run(at(3000))).toMatchObject({ failed: 1 });
    const [, row] = await rowsOf(e.key);
    expect(row).toMatchObject({ state: 'failed', attempts: 3 });
    expect(await run(at(86_400_000))).toMatchObject({ claimed: 0 });
    expect(channel.delivered).toHaveLength(0);
  });

  it('a row whose runner died (expired lease) is claimed again and sent once', async () => {
    const e = event({ key: `lease:${engine}` });
    await enqueue(ctx.database.db, e);
    // A runner claims the row and dies before sending.
    const claimed = await claimDue(ctx.database.db, T0, DEFAULT_RUNNER_OPTIONS);
    expect(claimed.map((r) => r.dedupe_key)).toContain(`${e.key}:sms`);
    const channel = flakySms(sms.sender);
    const run = (now: Date) =>
      runOnce(ctx.database.db, { sms: channel.sender, push: null }, now, { plan: false });
    expect(await run(at(60_000))).toMatchObject({ claimed: 0 }); // still leased
    const pass = await run(at(DEFAULT_RUNNER_OPTIONS.leaseMs + 1));
    expect(pass).toMatchObject({ claimed: 1, sent: 1 });
    const [, row] = await rowsOf(e.key);
    expect(row).toMatchObject({ state: 'sent', attempts: 2 });
    expect(channel.delivered).toHaveLength(1);
  });

  it('"next dose due" waits for its day and is skipped when the dose was already recorded', async () => {
    const db = ctx.database.db;
    await scheduleNextDoseDue(db, {
      personId: citizen.personId,
      vaccine: 'Comirnaty',
      dueOn: '2021-09-30',
      doseNumber: 2,
      now: T0,
    });
    await scheduleNextDoseDue(db, {
      personId: citizen.personId,
      vaccine: 'Comirnaty',
      dueOn: '2021-09-30',
      doseNumber: 3,
      now: T0,
    });
    const key = `dose.next_due:${citizen.personId}`;
    const before = await rowsOf(key);
    expect(before.map((r) => [r.channel, r.state])).toEqual([
      ['inbox', 'pending'],
      ['inbox', 'pending'],
    ]);
    expect(before[0].next_attempt_at.toISOString()).toBe('2021-09-30T01:00:00.000Z'); // 08:00 in Vietnam
    // Dose 2 is given before the reminder's day.
    const vaccine = await db.selectFrom('vaccine_product').select('code').executeTakeFirstOrThrow();
    await db
      .insertInto('dose')
      .values({
        id: crypto.randomUUID(),
        person_id: citizen.personId,
        vaccine_code: vaccine.code,
        dose_number: 2,
        given_at: new Date('2021-09-20T02:00:00Z'),
        given_on: '2021-09-20',
        source: 'site',
        request_hash: 'test',
      })
      .execute();
    const channel = flakySms(sms.sender);
    const run = (now: Date) => runOnce(db, { sms: channel.sender, push: null }, now, { plan: false });
    expect(await run(new Date('2021-09-30T00:59:00Z'))).toMatchObject({ claimed: 0 });
    expect(await run(new Date('2021-09-30T01:00:00Z'))).toMatchObject({ claimed: 2, skipped: 1, sent: 1 });
    expect(await run(new Date('2021-09-30T01:00:01Z'))).toMatchObject({ claimed: 1, sent: 1 }); // dose 3's SMS
    const after = await rowsOf(key);
    expect(after.map((r) => [r.dedupe_key.endsWith(':sms'), r.state])).toEqual([
      [false, 'skipped'],
      [false, 'sent'],
      [true, 'sent'],
    ]);
    expect(after[0].last_error).toBe('no longer applies');
    expect(channel.delivered.map((m) => m.text)).toEqual([
      'SSKDT: mui 3 (Comirnaty) den han tu ngay 30/09/2021. Dang ky lich tiem trong ung dung.',
    ]);
    const inbox = await testApi(ctx.app, citizen.session).households.inbox();
    expect(inbox.items.filter((i: { kind: string }) => i.kind === 'dose.next_due')).toHaveLength(1);
  });
});
