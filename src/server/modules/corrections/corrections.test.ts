import { beforeAll, describe, expect, it } from 'vitest';
import { citizenSession, personFields, type Session, smsFile } from '../../../../test/helpers/auth.ts';
import { addHouseholdMember } from '../../../../test/helpers/household.ts';
import { TEST_ENGINES, useTestApp } from '../../../../test/helpers/test-app.ts';
import { buildWorld, type World } from '../../../../test/helpers/world.ts';
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
  const request = (payload: object) =>
    ctx.app.inject({
      method: 'POST',
      url: `/api/me/household/members/${memberId}/corrections`,
      headers: citizen.headers,
      payload,
    });

  it('checks the uploaded photo: real image types only, size-limited', async () => {
    const ok = await ctx.app.inject({
      method: 'POST',
      url: '/api/me/files',
      headers: { ...citizen.headers, 'content-type': 'image/png' },
      payload: PNG,
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ contentType: 'image/png', sizeBytes: PNG.length });
    const lying = await ctx.app.inject({
      method: 'POST',
      url: '/api/me/files',
      headers: { ...citizen.headers, 'content-type': 'image/jpeg' },
      payload: PNG,
    });
    expect(lying.json().errors[0]).toMatchObject({ field: 'file', code: 'file.type' });
    const pdf = await ctx.app.inject({
      method: 'POST',
      url: '/api/me/files',
      headers: { ...citizen.headers, 'content-type': 'application/pdf' },
      payload: Buffer.from('%PDF-1.4'),
    });
    expect(pdf.statusCode).toBe(415);
    const huge = await ctx.app.inject({
      method: 'POST',
      url: '/api/me/files',
      headers: { ...citizen.headers, 'content-type': 'image/png' },
      payload: Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024)]),
    });
    expect(huge.statusCode).toBe(413);
  });

  it('end to end: request with photo → commune queue → approve → person corrected, audited, citizen told in app and by SMS', async () => {
    const photo = (
      await ctx.app.inject({
        method: 'POST',
        url: '/api/me/files',
        headers: { ...citizen.headers, 'content-type': 'image/png' },
        payload: PNG,
      })
    ).json();
    const bad = await request({ field: 'birth_date', newValue: '1993-03-03' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({ field: 'cccd', code: 'cccd.birth_year' });
    const same = await request({ field: 'full_name', newValue: 'nguyen thi hong' });
    expect(same.json().errors[0]).toMatchObject({ field: 'newValue', code: 'correction.no_change' });
    const created = await request({
      field: 'full_name',
      newValue: 'Nguyễn Thị Hồng',
      note: 'Tên trên CCCD có dấu',
      documentId: photo.id,
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      status: 'pending',
      oldValue: 'Nguyen Thi Hong',
      newValue: 'Nguyễn Thị Hồng',
      hasDocument: true,
    });
    expect((await request({ field: 'full_name', newValue: 'Nguyễn Thị Hồng Nhung' })).statusCode).toBe(409);
    const id = created.json().id;

    expect(
      (
        await ctx.app.inject({
          url: '/api/staff/corrections?status=pending',
          headers: world.staff.cmNgocHa.headers,
        })
      ).json().items,
    ).toEqual([]);
    expect(
      (
        await ctx.app.inject({
          method: 'POST',
          url: `/api/staff/corrections/${id}/decision`,
          headers: world.staff.pmHcm.headers,
          payload: { decision: 'approve' },
        })
      ).statusCode,
    ).toBe(404);
    const queue = (
      await ctx.app.inject({
        url: '/api/staff/corrections?status=pending',
        headers: world.staff.cmBaDinh.headers,
      })
    ).json();
    expect(queue.items.map((c: { id: string }) => c.id)).toContain(id);
    const doc = await ctx.app.inject({
      url: `/api/staff/corrections/${id}/document`,
      headers: world.staff.cmBaDinh.headers,
    });
    expect(doc.headers['content-type']).toBe('image/png');
    expect(Buffer.from(doc.rawPayload).equals(PNG)).toBe(true);

    const approved = await ctx.app.inject({
      method: 'POST',
      url: `/api/staff/corrections/${id}/decision`,
      headers: world.staff.cmBaDinh.headers,
      payload: { decision: 'approve' },
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', decidedBy: 'Test cor.cm-bd' });
    const person = (
      await ctx.app.inject({ url: `/api/me/household/members/${memberId}`, headers: citizen.headers })
    ).json();
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
    const inbox = (await ctx.app.inject({ url: '/api/me/inbox', headers: citizen.headers })).json();
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
    const mine = (await ctx.app.inject({ url: '/api/me/corrections', headers: citizen.headers })).json();
    expect(mine.items[0]).toMatchObject({ id, status: 'approved' });
    expect(
      (
        await ctx.app.inject({
          method: 'POST',
          url: `/api/staff/corrections/${id}/decision`,
          headers: world.staff.cmBaDinh.headers,
          payload: { decision: 'reject', note: 'late' },
        })
      ).statusCode,
    ).toBe(409);
  });

  it('ask for more → the citizen answers → rejected with a reason; a reason is required', async () => {
    const created = (await request({ field: 'cmnd', newValue: '012345678' })).json();
    const noReason = await ctx.app.inject({
      method: 'POST',
      url: `/api/staff/corrections/${created.id}/decision`,
      headers: world.staff.siteBaDinh.headers,
      payload: { decision: 'needs_info' },
    });
    expect(noReason.json().errors[0]).toMatchObject({ field: 'note', code: 'correction.reason_required' });
    const asked = await ctx.app.inject({
      method: 'POST',
      url: `/api/staff/corrections/${created.id}/decision`,
      headers: world.staff.siteBaDinh.headers,
      payload: { decision: 'needs_info', note: 'Cần ảnh CMND' },
    });
    expect(asked.json().status).toBe('needs_info');
    const answered = await ctx.app.inject({
      method: 'POST',
      url: `/api/me/corrections/${created.id}/reply`,
      headers: citizen.headers,
      payload: { note: 'CMND đã mất' },
    });
    expect(answered.json()).toMatchObject({ status: 'pending', citizenNote: 'CMND đã mất' });
    const rejected = await ctx.app.inject({
      method: 'POST',
      url: `/api/staff/corrections/${created.id}/decision`,
      headers: world.staff.siteBaDinh.headers,
      payload: { decision: 'reject', note: 'Không có giấy tờ' },
    });
    expect(rejected.json()).toMatchObject({ status: 'rejected', decisionNote: 'Không có giấy tờ' });
    const person = await ctx.database.db
      .selectFrom('person')
      .select('cmnd')
      .where('id', '=', memberId)
      .executeTakeFirstOrThrow();
    expect(person.cmnd).toBeNull();
  });
});
