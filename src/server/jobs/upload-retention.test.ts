import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { faultyRows, seedRegistry } from '../../../test/fixtures/imports/faulty-file.ts';
import { testApi } from '../../../test/helpers/api.ts';
import { citizenSession, personFields, type Session, smsFile } from '../../../test/helpers/auth.ts';
import { addHouseholdMember } from '../../../test/helpers/household.ts';
import { csvText, uploadCsvAs } from '../../../test/helpers/imports.ts';
import { TEST_ENGINES, useTestApp } from '../../../test/helpers/test-app.ts';
import { buildWorld, type World } from '../../../test/helpers/world.ts';
import type { correctionFieldSchema } from '../../shared/schemas/corrections.ts';
import { runNextJob } from '../modules/imports/runner/job-runner.ts';
import { runnerName } from '../modules/imports/runner/runner-name.ts';
import { DEFAULT_RETENTION, runUploadRetention, startUploadRetention } from './upload-retention.ts';

/** A real 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const DAY = 24 * 3_600_000;

/**
 * Uploads go after their retention: import files 30 days after their job ended, ID photos 30 days after
 * every request naming them was decided, photos never attached after a day. What describes them stays,
 * and the API says the file was deleted instead of failing.
 */
describe.each(TEST_ENGINES)('upload retention (%s)', (engine) => {
  const sms = smsFile();
  const ctx = useTestApp(engine, { sms: sms.sender });
  let world: World;
  let citizen: Session;
  let memberId: string;
  let site: Session;

  beforeAll(async () => {
    world = await buildWorld(ctx.app, ctx.app.db, 'ret');
    citizen = await citizenSession(ctx.app, sms, '0912400077');
    const added = await addHouseholdMember(ctx.app, sms, citizen, {
      relationship: 'self',
      ...personFields({
        fullName: 'Tran Van Binh',
        sex: 'male',
        birthDate: '1988-08-08',
        unitId: '2025-00004',
      }),
    });
    memberId = added.person.id;
    await seedRegistry(ctx.app.db, 'RET-SITE');
    site = world.staff.admin;
  });

  const photo = async (): Promise<string> => {
    const res = await testApi(ctx.app, citizen).corrections.uploadDocument.raw({
      upload: { data: PNG, type: 'image/png' },
    });
    expect(res.status, JSON.stringify(res)).toBe(201);
    return res.body!.id;
  };
  const ask = async (field: z.infer<typeof correctionFieldSchema>, newValue: string, documentId: string) => {
    const res = await testApi(ctx.app, citizen).corrections.request.raw({
      params: { personId: memberId },
      body: { field, newValue, documentId },
    });
    expect(res.status, JSON.stringify(res)).toBe(201);
    return res.body!.id;
  };
  const reject = async (id: string) => {
    const res = await testApi(ctx.app, world.staff.cmBaDinh).corrections.decide.raw({
      params: { id },
      body: { decision: 'reject', note: 'không khớp' },
    });
    expect(res.status, JSON.stringify(res)).toBe(200);
  };
  const document = (id: string) =>
    testApi(ctx.app, world.staff.cmBaDinh).corrections.document.raw({ params: { id } });
  const ago = (days: number) => new Date(Date.now() - days * DAY);
  const fileRow = (id: string) =>
    ctx.app.db
      .selectFrom('stored_file')
      .select(['data', 'purged_at', 'size_bytes', 'sha256'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  it('deletes photos of requests decided more than 30 days ago and unattached ones after a day; keeps the rest', async () => {
    // Decided 40 days ago: goes. Decided today: stays. Open (asked 40 days ago): stays.
    const oldDecided = await ask('passport', 'B1000001', await photo());
    await reject(oldDecided);
    const newDecided = await ask('passport', 'B1000002', await photo());
    await reject(newDecided);
    const shared = await photo();
    // One photo named by a request decided long ago and by an open one: the open one keeps it.
    const sharedDecided = await ask('passport', 'B1000003', shared);
    await reject(sharedDecided);
    const open = await ask('passport', 'B1000004', await photo());
    const sharedOpen = await ask('cmnd', '012345678', shared);
    await ctx.app.db
      .updateTable('correction_request')
      .set({ decided_at: ago(40) })
      .where('id', 'in', [oldDecided, sharedDecided])
      .execute();
    await ctx.app.db
      .updateTable('correction_request')
      .set({ created_at: ago(40) })
      .where('id', '=', open)
      .execute();
    // Never attached: two days old goes, an hour old stays.
    const orphanOld = await photo();
    const orphanNew = await photo();
    await ctx.app.db
      .updateTable('stored_file')
      .set({ created_at: ago(2) })
      .where('id', '=', orphanOld)
      .execute();
    await ctx.app.db
      .updateTable('stored_file')
      .set({ created_at: new Date(Date.now() - 3_600_000) })
      .where('id', '=', orphanNew)
      .execute();

    // Two passes at once (as two processes would), then a third: each photo is cleared once.
    const now = new Date();
    const passes = await Promise.all([
      runUploadRetention(ctx.app.db, now),
      runUploadRetention(ctx.app.db, now),
    ]);
    expect(passes[0].photos + passes[1].photos).toBe(2);
    expect((await runUploadRetention(ctx.app.db, now)).photos).toBe(0);

    const gone = await fileRow(orphanOld);
    expect(gone).toMatchObject({ data: null, size_bytes: PNG.length });
    expect(gone.purged_at).toBeInstanceOf(Date);
    const kept = await fileRow(orphanNew);
    expect(kept.purged_at).toBeNull();
    expect(Buffer.from(kept.data!)).toEqual(PNG);

    const deleted = await document(oldDecided);
    expect(deleted.status).toBe(410);
    expect(deleted.problem).toMatchObject({ code: 'file_purged' });
    expect(deleted.problem?.messages.vi).toBe('Ảnh giấy tờ đã được xoá sau thời hạn lưu giữ');
    expect(deleted.problem?.messages.en).toBe('The document photo was deleted after the retention period');
    for (const id of [newDecided, open, sharedDecided, sharedOpen])
      expect((await document(id)).status, id).toBe(200);

    const queue = (await testApi(ctx.app, world.staff.cmBaDinh).corrections.queue()).items;
    const byId = new Map(queue.map((c) => [c.id, c]));
    expect(byId.get(open)).toMatchObject({ hasDocument: true, documentDeletedAt: null });
    const own = await testApi(ctx.app, citizen).corrections.mine();
    const mine = own.items.find((c) => c.id === oldDecided);
    expect(mine).toMatchObject({ hasDocument: true, documentDeletedAt: gone.purged_at!.toISOString() });

    // A deleted photo cannot be attached any more.
    const reuse = await testApi(ctx.app, citizen).corrections.request.raw({
      params: { personId: memberId },
      body: { field: 'full_name', newValue: 'Trần Văn Bình', documentId: orphanOld },
    });
    expect(reuse.status).toBe(400);
    expect(reuse.problem?.errors?.[0]).toMatchObject({ field: 'documentId', code: 'field.invalid' });
  });

  it('deletes the stored file of import jobs ended more than 30 days ago; the job and its failed rows stay', async () => {
    const runner = runnerName('server');
    const upload = async (name: string) => {
      const res = await uploadCsvAs(
        testApi(ctx.app, site),
        { facility: 'RET-SITE', filename: name, dryRun: 'true' },
        csvText(faultyRows()),
      );
      expect(res.status, JSON.stringify(res.problem)).toBe(202);
      return res.body!.id;
    };
    const oldDone = await upload('old.csv');
    expect((await runNextJob(ctx.app.db, runner, { localFiles: false }))?.state).toBe('done');
    const newDone = await upload('new.csv');
    expect((await runNextJob(ctx.app.db, runner, { localFiles: false }))?.state).toBe('done');
    const cancelled = await upload('cancelled.csv');
    expect((await testApi(ctx.app, site).imports.cancel.raw({ params: { id: cancelled } })).status).toBe(200);
    // Queued long ago and never run: it has not ended, so its file stays.
    const waiting = await upload('waiting.csv');
    await ctx.app.db
      .updateTable('import_job')
      .set({ finished_at: ago(31) })
      .where('id', 'in', [oldDone, cancelled])
      .execute();
    await ctx.app.db
      .updateTable('import_job')
      .set({ created_at: ago(60), updated_at: ago(60) })
      .where('id', '=', waiting)
      .execute();

    const pass = await runUploadRetention(ctx.app.db, new Date(), DEFAULT_RETENTION);
    expect(pass.importFiles).toBe(2);
    expect((await runUploadRetention(ctx.app.db, new Date())).importFiles).toBe(0);

    const pieces = await sql<{ job_id: string; n: number }>`
      select job_id, count(*)::int as n from import_file_chunk group by job_id`.execute(ctx.app.db);
    const stored = new Map(pieces.rows.map((r) => [r.job_id, Number(r.n)]));
    expect(stored.has(oldDone)).toBe(false);
    expect(stored.has(cancelled)).toBe(false);
    expect(stored.get(newDone)).toBe(1);
    expect(stored.get(waiting)).toBe(1);

    const imports = testApi(ctx.app, site).imports;
    const job = await imports.job({ params: { id: oldDone } });
    expect(job).toMatchObject({ state: 'done', counts: { failed: 7 } });
    expect(job.fileDeletedAt).not.toBeNull();
    const errors = await imports.rowErrors({ params: { id: oldDone } });
    expect(errors.total).toBe(7);
    const report = await imports.report.raw({ params: { id: oldDone } });
    expect(report.status).toBe(410);
    expect(report.problem?.messages.en).toBe(
      'The uploaded file was deleted after the retention period; the list of failed rows is kept',
    );
    const fresh = await imports.report.raw({ params: { id: newDone } });
    expect(fresh.status).toBe(200);
    expect((await imports.job({ params: { id: newDone } })).fileDeletedAt).toBeNull();
  });

  it('the same pass clears spent rate-limit counters and OTP budgets, and link requests ended 30 days ago', async () => {
    const now = new Date();
    const ago = (days: number) => new Date(now.getTime() - days * DAY);
    const { id: accountId } = await ctx.app.db
      .selectFrom('citizen_account')
      .select('id')
      .where('phone', '=', '0912400077')
      .executeTakeFirstOrThrow();
    await ctx.app.db
      .insertInto('rate_limit_counter')
      .values([
        { key: 'ret:old', hits: 3, window_ends: ago(2) },
        { key: 'ret:live', hits: 3, window_ends: ago(-1) },
      ])
      .execute();
    await ctx.app.db
      .insertInto('otp_phone_budget')
      .values([
        {
          phone: '0900000001',
          window_ends: ago(5),
          codes: 5,
          strikes: 1,
          strikes_since: ago(5),
          locked_until: null,
        },
        // Locked for a day at the last strike: still deciding.
        {
          phone: '0900000002',
          window_ends: ago(5),
          codes: 5,
          strikes: 3,
          strikes_since: ago(5),
          locked_until: ago(-1),
        },
        {
          phone: '0900000003',
          window_ends: ago(0),
          codes: 1,
          strikes: 0,
          strikes_since: ago(0),
          locked_until: null,
        },
      ])
      .execute();
    const request = (expiresDaysAgo: number, state: 'pending' | 'confirmed') => ({
      account_id: accountId,
      cccd: '001088000123',
      claimed: JSON.stringify({ fullName: 'Người được mời', birthDate: '1988-01-01' }),
      relationship: 'spouse' as const,
      state,
      expires_at: ago(expiresDaysAgo),
      decided_at: state === 'confirmed' ? ago(expiresDaysAgo + 1) : null,
    });
    const requests = await ctx.app.db
      .insertInto('household_link_request')
      .values([request(31, 'pending'), request(40, 'confirmed'), request(3, 'pending')])
      .returning('id')
      .execute();
    const report = await runUploadRetention(ctx.app.db, now);
    expect(report).toMatchObject({ counters: 1, otpBudgets: 1, linkRequests: 2 });
    expect(
      (
        await ctx.app.db
          .selectFrom('rate_limit_counter')
          .select('key')
          .where('key', 'like', 'ret:%')
          .execute()
      ).map((r) => r.key),
    ).toEqual(['ret:live']);
    expect(
      (
        await ctx.app.db
          .selectFrom('otp_phone_budget')
          .select('phone')
          .where('phone', 'like', '09000000%')
          .orderBy('phone')
          .execute()
      ).map((r) => r.phone),
    ).toEqual(['0900000002', '0900000003']);
    expect(
      (
        await ctx.app.db
          .selectFrom('household_link_request')
          .select('id')
          .where(
            'id',
            'in',
            requests.map((r) => r.id),
          )
          .execute()
      ).map((r) => r.id),
    ).toEqual([requests[2].id]);
  });

  it('runs periodically in the server and stops cleanly: no pass after stop', async () => {
    let passes = 0;
    const log = { info: () => undefined, error: () => undefined };
    const running = startUploadRetention(ctx.app.db, {
      ...DEFAULT_RETENTION,
      intervalMs: 10,
      firstDelayMs: 0,
      clock: () => {
        passes++;
        return new Date();
      },
      log,
    });
    while (passes < 3) await new Promise((resolve) => setTimeout(resolve, 10));
    await running.stop();
    const stopped = passes;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(passes).toBe(stopped);
  });
});
