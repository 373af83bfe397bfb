import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { testApi } from '../../../../test/helpers/api.ts';
import { smsFile } from '../../../../test/helpers/auth.ts';
import { citizenWithMember } from '../../../../test/helpers/notify.ts';
import { TEST_ENGINES, useTestApp } from '../../../../test/helpers/test-app.ts';
import { buildWorld, type World } from '../../../../test/helpers/world.ts';
import { passportSchema } from '../../../shared/schemas/certificates.ts';
import { keySealer } from '../../key-seal.ts';
import { initKeys } from './keys.service.ts';
import { planCertificateReissues } from './reissue-planner.ts';

const SECRET = 'revoked-passport-test-secret-0123456789';
const NOW = new Date('2021-10-15T03:00:00Z');

/**
 * What the holder sees after a revocation: the passport endpoint answers the state (revoked, the reason,
 * the date, whether a new certificate can be issued now) instead of an error; the holder can ask for a
 * new certificate where the rules allow it; the household is told once per revocation.
 */
describe.each(TEST_ENGINES)('revoked passport (%s)', (engine) => {
  const sms = smsFile();
  const ctx = useTestApp(engine, { sms: sms.sender, clock: () => NOW, certificates: { keySecret: SECRET } });
  let world: World;
  let lot: string;
  let phone = 900;
  const db = () => ctx.database.db;

  /** A citizen whose own record has one recorded dose, and its certificate (issued on first view). */
  const holder = async (): Promise<{
    session: { headers: Record<string, string> };
    accountId: string;
    personId: string;
    phone: string;
    doseId: string;
    uvci: string;
  }> => {
    const citizen = await citizenWithMember(ctx.app, db(), sms, `0912800${++phone}`, 'Lý Thị Thu Hà');
    const doseId = randomUUID();
    const dose = await site().doses.recordDose.raw({
      body: {
        id: doseId,
        personId: citizen.personId,
        vaccineCode: 'PFIZER',
        lotId: lot,
        givenAt: '2021-09-01T02:00:00Z',
      },
    });
    expect(dose.status, JSON.stringify(dose.problem)).toBe(201);
    const passport = await get(citizen);
    expect(passport.status, JSON.stringify(passport.problem)).toBe(200);
    return { ...citizen, doseId, uvci: passport.body?.uvci ?? '' };
  };
  type Holder = Awaited<ReturnType<typeof holder>>;
  const site = () => testApi(ctx.app, world.staff.siteBaDinh);
  const get = (h: { personId: string; session: { headers: Record<string, string> } }) =>
    testApi(ctx.app, h.session).certificates.memberCertificate.raw({ params: { personId: h.personId } });
  const reissue = (h: Holder) =>
    testApi(ctx.app, h.session).certificates.reissue.raw({ params: { personId: h.personId } });
  const revoke = (uvci: string, reason: 'other' | 'key_compromise' | 'fraud' | 'issued_in_error') =>
    testApi(ctx.app, world.staff.cmBaDinh).certificates.revoke.raw({ body: { uvci, reason } });
  const notices = (personId: string) =>
    db()
      .selectFrom('notification_outbox')
      .select(['kind', 'channel', 'params', 'account_id'])
      .where('person_id', '=', personId)
      .where('kind', '=', 'certificate.revoked')
      .orderBy('channel')
      .execute();

  beforeAll(async () => {
    world = await buildWorld(ctx.app, db(), 'revoked');
    await initKeys(db(), keySealer(SECRET), { now: NOW, csca: 'discard' });
    const headers = world.staff.admin.headers;
    lot = (
      await testApi(ctx.app, { headers }).stock.createLot({
        body: { vaccineCode: 'PFIZER', lotNumber: 'REVOKED01', expiresOn: '2022-12-31' },
      })
    ).id;
    await testApi(ctx.app, { headers }).stock.recordMovement({
      body: { lotId: lot, kind: 'receipt', to: `facility:${world.facilities.siteBaDinh}`, quantity: 20 },
    });
  });

  it('a certificate issued here answers the issued state', async () => {
    const h = await holder();
    const body = passportSchema.parse((await get(h)).body);
    expect(body.state).toBe('issued');
  });

  for (const reason of ['other', 'key_compromise'] as const) {
    it(`revoked as ${reason}: the state, the reason and the date; a new certificate on request`, async () => {
      const h = await holder();
      expect((await revoke(h.uvci, reason)).status).toBe(201);
      const res = await get(h);
      expect(res.status, JSON.stringify(res.problem)).toBe(200);
      expect(passportSchema.parse(res.body)).toEqual({
        state: 'revoked',
        uvci: h.uvci,
        reason,
        revokedAt: NOW.toISOString(),
        canReissue: true,
        blockedBy: null,
        contact: 'Cơ sở SITE-BD',
      });
      // Viewing again does not quietly sign a new one, nor does a staff read: the holder asks for it.
      expect((await get(h)).body?.state).toBe('revoked');
      const staffRead = await testApi(ctx.app, world.staff.cmBaDinh).certificates.staffCertificate.raw({
        params: { id: h.personId },
      });
      expect(staffRead.status, JSON.stringify(staffRead.problem)).toBe(200);
      expect(staffRead.body).toMatchObject({ state: 'revoked', reason, canReissue: true });
      const pdf = await testApi(ctx.app, h.session).certificates.pdf.raw({
        params: { personId: h.personId },
      });
      expect([pdf.status, pdf.problem?.code]).toEqual([409, 'certificate_revoked']);
      const fresh = await reissue(h);
      expect(fresh.status, JSON.stringify(fresh.problem)).toBe(200);
      const issued = passportSchema.parse(fresh.body);
      expect(issued.state).toBe('issued');
      if (issued.state !== 'issued') return;
      expect(issued.uvci).not.toBe(h.uvci);
      expect(issued.euDcc).toMatch(/^HC1:/);
      expect((await get(h)).body?.uvci).toBe(issued.uvci);
      // A second press (a double click) issues nothing more.
      expect((await reissue(h)).body?.uvci).toBe(issued.uvci);
    });
  }

  for (const reason of ['fraud', 'issued_in_error'] as const) {
    it(`revoked as ${reason}: no new certificate until the record changes`, async () => {
      const h = await holder();
      expect((await revoke(h.uvci, reason)).status).toBe(201);
      const res = await get(h);
      expect(res.status, JSON.stringify(res.problem)).toBe(200);
      expect(res.body).toMatchObject({
        state: 'revoked',
        reason,
        canReissue: false,
        blockedBy: 'record_unchanged',
      });
      const refused = await reissue(h);
      expect([refused.status, refused.problem?.code]).toEqual([409, 'certificate_withheld']);
      expect(
        await db()
          .selectFrom('issued_certificate')
          .select('id')
          .where('person_id', '=', h.personId)
          .execute(),
      ).toHaveLength(1);
      // The record corrected (the dose voided, the right one recorded): a new certificate may be issued.
      const voided = await site().doses.voidDose.raw({
        params: { id: h.doseId },
        body: { reason: 'Ghi nhầm ngày' },
      });
      expect(voided.status, JSON.stringify(voided.problem)).toBe(200);
      const again = await site().doses.recordDose.raw({
        body: {
          id: randomUUID(),
          personId: h.personId,
          vaccineCode: 'PFIZER',
          lotId: lot,
          givenAt: '2021-09-02T02:00:00Z',
        },
      });
      expect(again.status, JSON.stringify(again.problem)).toBe(201);
      expect((await get(h)).body).toMatchObject({ state: 'revoked', reason, canReissue: true });
      const fresh = await reissue(h);
      expect(fresh.status, JSON.stringify(fresh.problem)).toBe(200);
      expect(fresh.body).toMatchObject({ state: 'issued' });
    });
  }

  it('a certificate replaced because every dose was voided says so (nothing left to certify)', async () => {
    const h = await holder();
    const voided = await site().doses.voidDose.raw({
      params: { id: h.doseId },
      body: { reason: 'Ghi nhầm người' },
    });
    expect(voided.status, JSON.stringify(voided.problem)).toBe(200);
    await planCertificateReissues(ctx.app.certificateContext());
    const res = await get(h);
    expect(res.status, JSON.stringify(res.problem)).toBe(200);
    expect(res.body).toMatchObject({
      state: 'revoked',
      reason: 'superseded',
      canReissue: false,
      blockedBy: 'no_doses',
    });
  });

  it('the household is told once per revocation (inbox + SMS), not again on a retry; no name in the text queued', async () => {
    const h = await holder();
    expect(await notices(h.personId)).toEqual([]);
    expect((await revoke(h.uvci, 'issued_in_error')).status).toBe(201);
    const queued = await notices(h.personId);
    expect(queued.map((n) => n.channel)).toEqual(['inbox', 'sms']);
    expect(queued.every((n) => n.account_id === h.accountId)).toBe(true);
    expect(queued[0].params).toMatchObject({ reason: 'issued_in_error', date: '2021-10-15' });
    expect(JSON.stringify(queued)).not.toContain('Lý Thị');
    // A retry of the same revocation changes nothing.
    expect((await revoke(h.uvci, 'issued_in_error')).status).toBe(409);
    expect(await notices(h.personId)).toHaveLength(2);
    const inbox = await testApi(ctx.app, h.session).households.inbox();
    const items = inbox.items.filter((i: { kind: string }) => i.kind === 'certificate.revoked');
    expect(items).toHaveLength(1);
    expect(items[0].title.vi).toBe('Chứng nhận tiêm chủng đã bị thu hồi');
    expect(items[0].body.vi).toContain('15/10/2021');
    expect(items[0].body.vi).toContain('cấp nhầm');
    expect(items[0].body.vi).not.toContain('gian lận');
    // A replacement (superseded) is the system's own: the "ready" notice covers it, no revocation notice.
    const other = await holder();
    await site().doses.voidDose.raw({
      params: { id: other.doseId },
      body: { reason: 'Ghi nhầm người' },
    });
    await planCertificateReissues(ctx.app.certificateContext());
    expect(await notices(other.personId)).toEqual([]);
  });

  it('the public lookup answers the same revoked state', async () => {
    const h = await holder();
    expect((await revoke(h.uvci, 'other')).status).toBe(201);
    // The holder gives the record their phone: the lookup matches name + birth date + phone.
    const patched = await testApi(ctx.app, h.session).households.updateMember.raw({
      params: { personId: h.personId },
      body: { phone: h.phone },
    });
    expect(patched.status, JSON.stringify(patched)).toBe(200);
    const before = sms.codeCount(h.phone);
    const lookup = testApi(ctx.app).certificateLookup;
    const started = await lookup.start.raw({
      body: { fullName: 'Lý Thị Thu Hà', birthDate: '1980-05-05', phone: h.phone },
    });
    expect(started.status, JSON.stringify(started.problem)).toBe(202);
    const code = await sms.codeFor(h.phone, before + 1);
    const verified = await lookup.verify.raw({
      params: { lookupId: started.body?.lookupId ?? '' },
      body: { code },
    });
    expect(verified.status, JSON.stringify(verified.problem)).toBe(200);
    expect(verified.body?.certificate).toMatchObject({
      state: 'revoked',
      reason: 'other',
      canReissue: true,
    });
    const token = verified.body?.token ?? '';
    const fresh = await lookup.reissue.raw({ headers: { 'x-lookup-token': token } });
    expect(fresh.status, JSON.stringify(fresh.problem)).toBe(200);
    expect(fresh.body).toMatchObject({ state: 'issued' });
    expect(fresh.body?.uvci).not.toBe(h.uvci);
  });
});
