import { beforeAll, describe, expect, it } from 'vitest';
import { smsFile } from '../../../../test/helpers/auth.ts';
import { citizenWithMember } from '../../../../test/helpers/notify.ts';
import { TEST_ENGINES, useTestApp } from '../../../../test/helpers/test-app.ts';
import { startNotificationRunner } from './notification-runner.ts';
import { enqueue } from './outbox.service.ts';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe.each(TEST_ENGINES)('notification runner as background tasks (%s)', (engine) => {
  const sms = smsFile();
  const ctx = useTestApp(engine, { sms: sms.sender });
  let citizen: Awaited<ReturnType<typeof citizenWithMember>>;

  beforeAll(async () => {
    citizen = await citizenWithMember(ctx.app, ctx.database.db, sms, '0912700401', 'Tạ Văn Lâm');
  });

  it('the sender delivers due messages; the planners hold a lease while running and let it go on stop', async () => {
    const db = ctx.database.db;
    await enqueue(db, {
      key: `runner-task:${engine}`,
      accountId: citizen.accountId,
      personId: citizen.personId,
      kind: 'certificate.ready',
      params: {},
      now: new Date(),
    });
    const runner = startNotificationRunner(
      db,
      { sms: sms.sender, push: null },
      { intervalMs: 60_000, planEveryMs: 60_000, log: quiet },
    );
    const sent = () =>
      db
        .selectFrom('notification_outbox')
        .select('state')
        .where('dedupe_key', '=', `runner-task:${engine}:sms`)
        .executeTakeFirst();
    await expect.poll(async () => (await sent())?.state).toBe('sent');
    const lease = () =>
      db.selectFrom('task_lease').select('name').where('name', '=', 'notification-planners').execute();
    await expect.poll(async () => (await lease()).length).toBe(1);
    await runner.stop();
    expect(await lease()).toEqual([]);
  });
});
