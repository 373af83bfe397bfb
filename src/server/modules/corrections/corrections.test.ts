import { beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { testApi } from '../../../../test/helpers/api.ts';
import { citizenSession, personFields, type Session, smsFile } from '../../../../test/helpers/auth.ts';
import { addHouseholdMember } from '../../../../test/helpers/household.ts';
import { TEST_ENGINES, useTestApp } from '../../../../test/helpers/test-app.ts';
import { buildWorld, type World } from '../../../../test/helpers/world.ts';
import type { correctionCreateSchema } from '../../../shared/schemas/corrections.ts';
import { runOnce } from '../notifications/notification-runner.ts';

/** A real 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

describe.each(TEST_ENGINES)('identity corrections (%s)', (engine) => {
  const sms = smsFile();
  const ctx = useTestApp(engine, { sms: sms.sender });
  let world: World;
  let citizen: Session;
  let memberId: string;
  beforeAll(async () => {
    world = await buildWorld(ctx.app, ctx.database.db, 'cor');
    citizen = await citizenSession(ctx.app, sms, '0912400001');
    const added = await addHouseholdMember(ctx.app, sms, citizen, {
      relationship: 'self',
      ...personFields({
        fullName: 'Nguyen Thi Hong',
        sex: 'female',
        birthDate: '1992-03-03',
        unitId: '2025-00004',
      }),
    });
    memberId = added.person.id;
  });
  const request = (body: z.input<typeof correctionCreateSchema>) =>
    testApi(ctx.app, citizen).corrections.request.raw({ params: { personId: memberId }, body });
  const upload = (type: string, data: Buffer) =>
    testApi(ctx.app, citizen).corrections.uploadDocument.raw({ upload: { data, type } });
  const staff = (who: keyof World['staff']) => testApi(ctx.app, world.staff[who]).corrections;

  it('checks the uploaded photo: real image types only, size-limited', async () => {
    const ok = await upload('image/png', PNG);
    expect(ok.status, JSON.stringify(ok)).toBe(201);
    expect(ok.body).toMatchObject({ contentType: 'image/png', sizeBytes: PNG.length });
    const lying = await upload('image/jpeg', PNG);
    expect(lying.problem?.errors?.[0]).toMatchObject({ field: 'file', code: 'file.type' });
    const pdf = await upload('application/pdf', Buffer.from('%PDF-1.4'));
    expect(pdf.status).toBe(415);
    const huge = await upload('image/png', Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024)]));
    expect(huge.status).toBe(413);
  });

  it('end to end: request with photo → commune queue → approve → person corrected, audited, citizen told in app and by SMS', async () => {
    const photo = await testApi(ctx.app, citizen).corrections.uploadDocument({
      upload: { data: PNG, type: 'image/png' },
    });
    const bad = await request({ field: 'birth_date', newValue: '1993-03-03' });
    expect(bad.status).toBe(400);
    expect(bad.problem?.errors?.[0]).toMatchObject({ field: 'cccd', code: 'cccd.birth_year' });
    const same = await request({ field: 'full_name', newValue: 'nguyen thi hong' });
    expect(same.problem?.errors?.[0]).toMatchObject({ field: 'newValue', code: 'correction.no_change' });
    const created = await request({
      field: 'full_name',
      newValue: 'Nguyễn Thị Hồng',
      note: 'Tên trên CCCD có dấu',
      documentId: photo.id,
    });
    expect(created.status, JSON.stringify(created)).toBe(201);
    expect(created.body).toMatchObject({
      status: 'pending',
      oldValue: 'Nguyen Thi Hong',
      newValue: 'Nguyễn Thị Hồng',
      hasDocument: true,
    });
    expect((await request({ field: 'full_name', newValue: 'Nguyễn Thị Hồng Nhung' })).status).toBe(409);
    const id = created.body!.id;

    expect((await staff('cmNgocHa').queue({ query: { status: 'pending' } })).items).toEqual([]);
    expect((await staff('pmHcm').decide.raw({ params: { id }, body: { decision: 'approve' } })).status).toBe(
      404,
    );
    const queue = await staff('cmBaDinh').queue({ query: { status: 'pending' } });
    expect(queue.items.map((c) => c.id)).toContain(id);
    const doc = await staff('cmBaDinh').document.raw({ params: { id } });
    expect(doc.headers['content-type']).toBe('image/png');
    expect(Buffer.from(doc.body?.bytes ?? []).equals(PNG)).toBe(true);

    const approved = await staff('cmBaDinh').decide.raw({ params: { id }, body: { decision: 'approve' } });
    expect(approved.status, JSON.stringify(approved)).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', decidedBy: 'Test cor.cm-bd' });
    const person = await testApi(ctx.app, citizen).households.member({ params: { personId: memberId } });
    expect(person.fullName).toBe('Nguyễn Thị Hồng');
    const audit = await ctx.database.db
      .selectFrom('audit_event')
      .selectAll()
      .where('person_id', '=', memberId)
      .where('action', '=', 'person.update')
      .executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({
      correctionId: id,
      changes: { full_name: { from: 'Nguyen Thi Hong', to: 'Nguyễn Thị Hồng' } },
    });
    const inbox = await testApi(ctx.app, citizen).households.inbox();
    expect(inbox.items[0]).toMatchObject({
      kind: 'correction.approved',
      title: { en: 'Your correction request was approved and applied' },
    });
    // The SMS goes through the notification outbox: one runner pass delivers it.
    await runOnce(ctx.database.db, { sms: sms.sender, push: null }, new Date());
    expect(
      sms
        .messagesTo('0912400001')
        .filter((m) => !m.code)
        .map((m) => m.text),
    ).toContainEqual(expect.stringContaining('da duoc duyet'));
    const mine = await testApi(ctx.app, citizen).corrections.mine();
    expect(mine.items[0]).toMatchObject({ id, status: 'approved' });
    expect(
      (await staff('cmBaDinh').decide.raw({ params: { id }, body: { decision: 'reject', note: 'late' } }))
        .status,
    ).toBe(409);
  });

  it('ask for more → the citizen answers → rejected with a reason; a reason is required', async () => {
    const created = (await request({ field: 'cmnd', newValue: '012345678' })).body!;
    const params = { id: created.id };
    const noReason = await staff('siteBaDinh').decide.raw({ params, body: { decision: 'needs_info' } });
    expect(noReason.problem?.errors?.[0]).toMatchObject({
      field: 'note',
      code: 'correction.reason_required',
    });
    const asked = await staff('siteBaDinh').decide.raw({
      params,
      body: { decision: 'needs_info', note: 'Cần ảnh CMND' },
    });
    expect(asked.body?.status).toBe('needs_info');
    const answered = await testApi(ctx.app, citizen).corrections.reply.raw({
      params,
      body: { note: 'CMND đã mất' },
    });
    expect(answered.body).toMatchObject({ status: 'pending', citizenNote: 'CMND đã mất' });
    const rejected = await staff('siteBaDinh').decide.raw({
      params,
      body: { decision: 'reject', note: 'Không có giấy tờ' },
    });
    expect(rejected.body).toMatchObject({ status: 'rejected', decisionNote: 'Không có giấy tờ' });
    const person = await ctx.database.db
      .selectFrom('person')
      .select('cmnd')
      .where('id', '=', memberId)
      .executeTakeFirstOrThrow();
    expect(person.cmnd).toBeNull();
  });
});
