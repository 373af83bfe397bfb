import { beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { testApi } from '../../../test/helpers/api.ts';
import { citizenSession, personFields, type Session, smsFile } from '../../../test/helpers/auth.ts';
import { TEST_ENGINES, useTestApp } from '../../../test/helpers/test-app.ts';
import { buildWorld, type World } from '../../../test/helpers/world.ts';
import type { addMemberSchema } from '../../shared/schemas/households.ts';

/**
 * Record takeover through the household: the CCCD, full name and birth date are printed on the ID card
 * and photocopied every day, so an attacker who knows them must get nothing — no record, no oracle of
 * whether the CCCD is registered, no unlimited tries — until the person's own phone (or staff who hold
 * the card) confirm.
 */
describe.each(TEST_ENGINES)('attacks on household links (%s)', (engine) => {
  const sms = smsFile();
  const ctx = useTestApp(engine, { sms: sms.sender });
  let world: World;
  let attacker: Session;
  const VICTIM_PHONE = '0912399001';
  const victim = personFields({ fullName: 'Vũ Thị Nạn Nhân', sex: 'female', birthDate: '1970-02-02' });
  const noPhone = personFields({
    fullName: 'Đỗ Văn Không Máy',
    birthDate: '1948-08-08',
    unitId: '2025-00004',
  });
  let victimId: string;
  let noPhoneId: string;

  const ask = (s: Session, payload: Omit<z.input<typeof addMemberSchema>, 'relationship'>) =>
    testApi(ctx.app, s).households.addMember.raw({ body: { relationship: 'parent', ...payload } });
  /** The pending request's id in a 202 answer. */
  const idOf = (answer: Awaited<ReturnType<typeof ask>>) =>
    answer.body && 'id' in answer.body ? answer.body.id : '';
  const confirm = (s: Session, id: string, code: string) =>
    testApi(ctx.app, s).households.confirmLink.raw({ params: { id }, body: { code } });
  const household = (s: Session) => testApi(ctx.app, s).households.household();
  const identify = (body: { cccd: string; birthDate: string }) =>
    testApi(ctx.app, world.staff.siteBaDinh).people.identify.raw({ body });
  const createPerson = async (fields: Parameters<typeof ask>[1]) => {
    const res = await testApi(ctx.app, world.staff.admin).people.create.raw({ body: fields });
    expect(res.status, JSON.stringify(res)).toBe(201);
    return res.body!.id;
  };

  beforeAll(async () => {
    world = await buildWorld(ctx.app, ctx.app.db, 'atkhh');
    victimId = await createPerson({ ...victim, phone: VICTIM_PHONE });
    noPhoneId = await createPerson(noPhone);
    attacker = await citizenSession(ctx.app, sms, '0912399666');
  });

  it("a stranger who knows the victim's CCCD, name and birth date gets nothing until the victim's phone confirms", async () => {
    const before = sms.codeCount(VICTIM_PHONE);
    const res = await ask(attacker, victim);
    expect(res.status, JSON.stringify(res)).toBe(202);
    expect(res.body).toEqual({ id: expect.any(String), state: 'pending', expiresAt: expect.any(String) });
    // The code went to the victim, naming the asking phone's last digits.
    await sms.codeFor(VICTIM_PHONE, before + 1);
    expect(sms.messagesTo(VICTIM_PHONE).at(-1)?.text).toContain('666');
    // Nothing of the record: not in the household, not by id, no certificates, no access log.
    const mine = await household(attacker);
    expect(mine.members).toEqual([]);
    expect(JSON.stringify(mine)).not.toContain(victimId);
    const api = testApi(ctx.app, attacker).households;
    for (const read of [api.member, api.accessLog, api.exportMember])
      expect((await read.raw({ params: { personId: victimId } })).status).toBe(404);
    const changed = await api.updateMember.raw({
      params: { personId: victimId },
      body: { phone: '0912399666' },
    });
    expect(changed.status).toBe(404);
    // Guessing the code: five tries end the request; the right code afterwards does nothing.
    const id = idOf(res);
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push((await confirm(attacker, id, String(100000 + i))).problem?.code);
    expect(new Set(answers)).toEqual(new Set(['link_code_invalid']));
    const code = sms.messagesTo(VICTIM_PHONE).at(-1)!.code!;
    expect((await confirm(attacker, id, code)).status).toBe(400);
    expect((await household(attacker)).members).toEqual([]);
    const failed = await ctx.app.db
      .selectFrom('audit_event')
      .select('details')
      .where('action', '=', 'household.link_failed')
      .where('record_id', '=', id)
      .execute();
    expect(failed.length).toBe(6);
  });

  it('answers alike for an unknown CCCD, a wrong name, a record without a phone and a match', async () => {
    const s = await citizenSession(ctx.app, sms, '0912399667');
    const cases = {
      unknown: personFields({ fullName: 'Người Chưa Có', birthDate: '1980-01-01' }),
      mismatch: { ...victim, fullName: 'Tên Sai Bét' },
      wrongBirth: { ...victim, birthDate: '1970-02-03' },
      noPhone,
      match: victim,
    };
    const shapes: Record<string, unknown> = {};
    for (const [name, fields] of Object.entries(cases)) {
      const res = await ask(s, fields);
      const state = res.body && 'state' in res.body ? res.body.state : undefined;
      shapes[name] = [res.status, Object.keys(res.body ?? res.problem).sort(), state];
      // A confirmation with a wrong code answers the same too.
      const wrong = await confirm(s, idOf(res), '000000');
      shapes[`${name}/confirm`] = [wrong.status, wrong.problem?.code, wrong.problem?.errors];
    }
    const values = Object.entries(shapes);
    const first = values.find(([k]) => !k.includes('/'))![1];
    const firstConfirm = values.find(([k]) => k.includes('/'))![1];
    for (const [k, v] of values) expect(v, k).toEqual(k.includes('/') ? firstConfirm : first);
    expect(first).toEqual([202, ['expiresAt', 'id', 'state'], 'pending']);
    // The pending list shows only what this phone typed.
    const pending = (await household(s)).pending;
    expect(pending.map((p) => p.fullName).sort()).toEqual(
      Object.values(cases)
        .map((c) => c.fullName)
        .sort(),
    );
    expect(JSON.stringify(pending)).not.toContain(victimId);
    expect(JSON.stringify(pending)).not.toContain(noPhoneId);
  });

  it('limits requests per account (10 a day) and audits them without the CCCD', async () => {
    const s = await citizenSession(ctx.app, sms, '0912399668');
    const statuses = [];
    for (let i = 0; i < 11; i++)
      statuses.push((await ask(s, personFields({ fullName: 'Người Thử', birthDate: '1966-06-06' }))).status);
    expect(statuses.slice(0, 10).every((c) => c === 202)).toBe(true);
    expect(statuses[10]).toBe(429);
    const events = await ctx.app.db
      .selectFrom('audit_event')
      .select(['action', 'details'])
      .where('action', 'in', ['household.link_requested', 'household.link_limited'])
      .execute();
    expect(events.some((e) => e.action === 'household.link_limited')).toBe(true);
    expect(JSON.stringify(events)).not.toContain(victim.cccd);
    expect(JSON.stringify(events)).toContain(`"cccdEnd":"${victim.cccd.slice(-3)}"`);
  });

  it('a record without a phone is linked by staff who hold the card, and only within their reach', async () => {
    const s = await citizenSession(ctx.app, sms, '0912399669');
    const res = await ask(s, noPhone);
    expect(res.status).toBe(202);
    const list = (staff: Session) =>
      testApi(ctx.app, staff).households.staffLinkRequests({ query: { cccd: noPhone.cccd } });
    const staffConfirm = (staff: Session) =>
      testApi(ctx.app, staff).households.staffConfirmLink.raw({ params: { id: idOf(res) } });
    // A site in another province sees nothing and cannot confirm.
    expect((await list(world.staff.siteHcm)).items).toEqual([]);
    expect((await staffConfirm(world.staff.siteHcm)).status).toBe(404);
    // The Ba Đình site identifies the walk-in (card in hand), then sees and confirms the request.
    const identified = await identify({ cccd: noPhone.cccd, birthDate: noPhone.birthDate });
    expect(identified.status, JSON.stringify(identified)).toBe(200);
    const seen = (await list(world.staff.siteBaDinh)).items;
    expect(seen.find((r) => r.id === idOf(res))).toMatchObject({
      matchesRecord: true,
      accountPhoneEnd: '669',
    });
    const done = await staffConfirm(world.staff.siteBaDinh);
    expect(done.status, JSON.stringify(done)).toBe(200);
    expect((await household(s)).members.map((m) => m.person.id)).toEqual([noPhoneId]);
  });

  it('a CCCD squatted with a false name is never linked silently to its real holder', async () => {
    const real = personFields({ fullName: 'Chủ Thật Sự', birthDate: '1999-09-09', unitId: '2025-00004' });
    const squatter = await citizenSession(ctx.app, sms, '0912399670');
    const before = sms.codeCount('0912399670');
    const squat = await ask(squatter, { ...real, fullName: 'Kẻ Mạo Danh' });
    expect(squat.status).toBe(202);
    const code = await sms.codeFor('0912399670', before + 1);
    expect((await confirm(squatter, idOf(squat), code)).status).toBe(201);
    // The real holder asks: the same answer, no code to the squatter's phone, nothing linked.
    const holder = await citizenSession(ctx.app, sms, '0912399671');
    const countSquatter = sms.codeCount('0912399670');
    const claim = await ask(holder, real);
    expect(claim.status).toBe(202);
    await new Promise((r) => setTimeout(r, 100));
    expect(sms.codeCount('0912399670')).toBe(countSquatter);
    // Staff holding the real card see that it does not match the record, and cannot confirm it.
    const identified = await identify({ cccd: real.cccd, birthDate: real.birthDate });
    // The squatted record has the real birth date (the squatter typed it): identify finds it.
    expect(identified.status, JSON.stringify(identified)).toBe(200);
    const site = testApi(ctx.app, world.staff.siteBaDinh).households;
    const seen = (await site.staffLinkRequests({ query: { cccd: real.cccd } })).items;
    expect(seen.find((r) => r.id === idOf(claim))).toMatchObject({
      matchesRecord: false,
    });
    const refused = await site.staffConfirmLink.raw({ params: { id: idOf(claim) } });
    expect(refused.status).toBe(409);
    expect(refused.problem?.code).toBe('identity_mismatch');
  });
});
