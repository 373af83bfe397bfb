import { randomUUID } from 'node:crypto';
import { PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { invalid, testApi } from '../../../../test/helpers/api.ts';
import { type Session, smsFile } from '../../../../test/helpers/auth.ts';
import { citizenWithMember } from '../../../../test/helpers/notify.ts';
import { TEST_ENGINES, useTestApp } from '../../../../test/helpers/test-app.ts';
import { buildWorld, type World } from '../../../../test/helpers/world.ts';
import { nodePlatform } from '../../../shared/certificate/platform.node.ts';
import { TrustStore } from '../../../shared/certificate/trust-store.ts';
import { verifyQr } from '../../../shared/certificate/verify.ts';
import { vietnamDate } from '../../../shared/format.ts';
import { keySealer } from '../../key-seal.ts';
import { initKeys, rotateKeys } from './keys.service.ts';
import { planCertificateReissues } from './reissue-planner.ts';
import { exportTrust } from './trust-lists.ts';

const SECRET = 'certificates-test-secret-0123456789';
const NOW = new Date('2021-10-15T03:00:00Z');
const AT = new Date('2021-10-20T00:00:00Z');

describe.each(TEST_ENGINES)('vaccination certificates (%s)', (engine) => {
  const sms = smsFile();
  const ctx = useTestApp(engine, { sms: sms.sender, clock: () => NOW, certificates: { keySecret: SECRET } });
  let world: World;
  let citizen: Awaited<ReturnType<typeof citizenWithMember>>;
  let other: Awaited<ReturnType<typeof citizenWithMember>>;
  let lot: string;
  const doseIds: string[] = [];
  const db = () => ctx.database.db;
  const verify = async (qr: string, trust: string[], at = AT) =>
    verifyQr(qr, { trust: await TrustStore.load(trust, nodePlatform), at, platform: nodePlatform });
  const getCertificate = (session = citizen.session, personId = citizen.personId) =>
    testApi(ctx.app, session).certificates.memberCertificate.raw({ params: { personId } });
  /** The member's certificate, issued (the state every test but the revocation ones expects). */
  const issued = async () => {
    const passport = await testApi(ctx.app, citizen.session).certificates.memberCertificate({
      params: { personId: citizen.personId },
    });
    if (passport.state !== 'issued') throw new Error(`expected an issued certificate: ${passport.state}`);
    return passport;
  };
  const reissue = () =>
    testApi(ctx.app, citizen.session).certificates.reissue.raw({ params: { personId: citizen.personId } });
  const dose = async (givenAt: string) => {
    const id = randomUUID();
    const res = await testApi(ctx.app, world.staff.siteBaDinh).doses.recordDose.raw({
      body: { id, personId: citizen.personId, vaccineCode: 'PFIZER', lotId: lot, givenAt },
    });
    expect(res.status, JSON.stringify(res)).toBe(201);
    doseIds.push(id);
  };

  beforeAll(async () => {
    world = await buildWorld(ctx.app, db(), 'cert');
    citizen = await citizenWithMember(ctx.app, db(), sms, '0912800401', 'Nguyễn Văn Đức Anh');
    other = await citizenWithMember(ctx.app, db(), sms, '0912800402', 'Trần Thị Bình');
    const admin = testApi(ctx.app, world.staff.admin);
    lot = (
      await admin.stock.createLot({
        body: { vaccineCode: 'PFIZER', lotNumber: 'CERT01', expiresOn: '2022-12-31' },
      })
    ).id;
    await admin.stock.recordMovement({
      body: { lotId: lot, kind: 'receipt', to: `facility:${world.facilities.siteBaDinh}`, quantity: 10 },
    });
  });

  it('without keys or doses there is no certificate; another household member is not found', async () => {
    const noKey = await getCertificate();
    expect(noKey.status).toBe(404);
    expect(noKey.problem?.code).toBe('no_doses');
    await initKeys(db(), keySealer(SECRET), { now: NOW, csca: 'online' });
    await dose('2021-09-01T02:00:00Z');
    expect((await getCertificate(other.session)).status).toBe(404);
    const bad = await getCertificate(citizen.session, invalid('not-a-uuid'));
    expect(bad.status).toBe(400);
  });

  it('issues an EU DCC and a SMART Health Card that verify with every exported trust format', async () => {
    await dose('2021-09-23T02:00:00Z');
    const res = await getCertificate();
    expect(res.status, JSON.stringify(res.problem)).toBe(200);
    if (res.body?.state !== 'issued') throw new Error('expected an issued certificate');
    const cert = res.body;
    expect(cert.uvci).toMatch(/^URN:UVCI:01:VN:[A-Z2-7]{26}#[A-Z0-9/:]$/);
    expect(cert.holder).toMatchObject({ familyNameIcao: 'NGUYEN', givenNameIcao: 'VAN<DUC<ANH' });
    expect(cert.doses.map((d) => d.doseNumber)).toEqual([1, 2]);
    expect(cert.status.state).toBe('complete');
    // One validity date: the certificate ends the day the status card says (12 months after dose 2).
    expect(cert.status.validUntil).toBe('2022-09-23');
    expect(vietnamDate(new Date(cert.expiresAt))).toBe('2022-09-23');
    expect(cert.status.reasons.map((r) => r.messages.vi)).toContain('Có hiệu lực đến 23/09/2022');
    // The same certificate while nothing changed.
    expect((await getCertificate()).body?.uvci).toBe(cert.uvci);

    for (const format of ['dcc-trust-list', 'jwks', 'pem'] as const) {
      const trust = await exportTrust(db(), format, NOW);
      const result = await verify(cert.euDcc, [trust]);
      expect(result.errors, format).toEqual([]);
      expect(result.valid, format).toBe(true);
      expect(result.holder).toMatchObject({
        familyName: 'Nguyễn',
        givenName: 'Văn Đức Anh',
        birthDate: '1980-05-05',
      });
      expect(result.vaccinations[0]).toMatchObject({ doseNumber: 2, totalDoses: 2, date: '2021-09-23' });
    }
    const shc = await verify(cert.shc, [await exportTrust(db(), 'jwks', NOW)]);
    expect(shc.errors).toEqual([]);
    expect(shc.valid).toBe(true);
    expect(shc.vaccinations).toHaveLength(2);

    // The published lists at their stable URLs are the same trust.
    const list = await testApi(ctx.app).certificates.trustList();
    const jwks = await testApi(ctx.app).certificates.jwks();
    expect((await verify(cert.euDcc, [JSON.stringify(list)])).valid).toBe(true);
    expect((await verify(cert.shc, [JSON.stringify(jwks)])).valid).toBe(true);

    // Staff in scope read it (audited); staff of another province do not find the person.
    const staff = await testApi(ctx.app, world.staff.admin).certificates.staffCertificate.raw({
      params: { id: citizen.personId },
    });
    expect(staff.status, JSON.stringify(staff.problem)).toBe(200);
    expect(staff.body?.uvci).toBe(cert.uvci);
    const audited = await db()
      .selectFrom('audit_event')
      .select('action')
      .where('person_id', '=', citizen.personId)
      .where('action', '=', 'certificate.read')
      .execute();
    expect(audited).toHaveLength(1);
  });

  it('flipping a payload byte fails the signature; a rotated key keeps old certificates verifying', async () => {
    const cert = await issued();
    const trust = [await exportTrust(db(), 'dcc-trust-list', NOW)];
    const cose = nodePlatform.compression.inflate(
      (await import('../../../shared/certificate/base45.ts')).base45Decode(cert.euDcc.slice(4)),
    ) as Uint8Array;
    const flipped = new Uint8Array(cose);
    flipped[flipped.length - 80] ^= 0x01;
    const { base45Encode } = await import('../../../shared/certificate/base45.ts');
    const tampered = `HC1:${base45Encode(nodePlatform.compression.deflate(flipped) as Uint8Array)}`;
    const bad = await verify(tampered, trust);
    expect(bad.valid).toBe(false);
    expect(bad.checks.signature).toBe('fail');

    await rotateKeys(db(), keySealer(SECRET), { now: NOW });
    const after = [await exportTrust(db(), 'dcc-trust-list', NOW)];
    expect((await verify(cert.euDcc, after)).valid).toBe(true);
    // Another instance's DSC does not know the kid.
    const { makeSigner } = await import('../../../../test/helpers/certificates.ts');
    const stranger = await makeSigner();
    const unknown = await verify(cert.euDcc, [stranger.pem]);
    expect(unknown.checks.kid).toBe('fail');
  });

  it('an expired DSC fails expiry', async () => {
    const sealer = keySealer(SECRET);
    const before = await exportTrust(db(), 'pem', NOW);
    await rotateKeys(db(), sealer, {
      now: NOW,
      dscNotBefore: new Date('2021-01-01T00:00:00Z'),
      dscNotAfter: new Date('2021-10-16T00:00:00Z'),
    });
    const { currentSigner } = await import('./keys.service.ts');
    const { signCertificates, certifiedData, certificateSettings } = await import(
      './certificates.service.ts'
    );
    const signer = await currentSigner(db(), sealer, NOW);
    const data = await certifiedData(db(), citizen.personId);
    const signed = await signCertificates(data!.person, data!.doses, signer!, certificateSettings(), NOW);
    const trust = [await exportTrust(db(), 'dcc-trust-list', NOW)];
    const result = await verify(signed.euDcc, trust, AT);
    expect(result.valid).toBe(false);
    expect(result.checks.expiry).toBe('fail');
    expect(before).not.toBe('');
    // Back to a DSC that is good for years.
    await rotateKeys(db(), sealer, { now: NOW });
  });

  it('a voided dose re-issues the certificate: the old UVCI is revoked and published, the household told', async () => {
    const old = await issued();
    expect(await planCertificateReissues(ctx.app.certificateContext())).toBe(0);
    const voided = await testApi(ctx.app, world.staff.siteBaDinh).doses.voidDose.raw({
      params: { id: doseIds[1]! },
      body: { reason: 'Ghi nhầm người' },
    });
    expect(voided.status, JSON.stringify(voided)).toBe(200);
    expect(await planCertificateReissues(ctx.app.certificateContext())).toBe(1);
    expect(await planCertificateReissues(ctx.app.certificateContext())).toBe(0);
    const fresh = await issued();
    expect(fresh.uvci).not.toBe(old.uvci);
    expect(fresh.doses).toHaveLength(1);
    const revocations = await testApi(ctx.app).certificates.revocationList();
    const trust = [await exportTrust(db(), 'dcc-trust-list', NOW), JSON.stringify(revocations)];
    const revoked = await verify(old.euDcc, trust);
    expect(revoked.valid).toBe(false);
    expect(revoked.checks.revocation).toBe('fail');
    expect((await verify(fresh.euDcc, trust)).valid).toBe(true);
    // The SMART Health Card of the old one is in its key's CRL.
    const jwks = await exportTrust(db(), 'jwks', NOW);
    const shc = await verify(old.shc, [jwks]);
    expect(shc.checks.revocation).toBe('fail');
    const ready = await db()
      .selectFrom('notification_outbox')
      .select('kind')
      .where('person_id', '=', citizen.personId)
      .where('kind', '=', 'certificate.ready')
      .execute();
    expect(ready.length).toBeGreaterThan(0);
  });

  it('managers revoke by UVCI (audited); site staff may not; bad input is refused', async () => {
    const cert = await issued();
    const admin = testApi(ctx.app, world.staff.admin).certificates;
    const refused = await testApi(ctx.app, world.staff.siteBaDinh).certificates.revoke.raw({
      body: { uvci: cert.uvci, reason: 'fraud' },
    });
    expect(refused.status).toBe(403);
    const bad = await admin.revoke.raw({ body: { uvci: 'not a uvci', reason: invalid('superseded') } });
    expect(bad.status).toBe(400);
    const ok = await admin.revoke.raw({ body: { uvci: cert.uvci, reason: 'issued_in_error' } });
    expect(ok.status, JSON.stringify(ok.problem)).toBe(201);
    expect(ok.body).toMatchObject({ uvci: cert.uvci, issuedHere: true });
    const again = await admin.revoke.raw({ body: { uvci: cert.uvci, reason: 'issued_in_error' } });
    expect(again.status).toBe(409);
    const trust = [await exportTrust(db(), 'dcc-trust-list', NOW)];
    expect((await verify(cert.euDcc, trust)).checks.revocation).toBe('fail');
    const audited = await db()
      .selectFrom('audit_event')
      .select('record_id')
      .where('action', '=', 'certificate.revoke')
      .execute();
    expect(audited.map((a) => a.record_id)).toContain(cert.uvci);
    // Revoked as issued in error: the holder sees it (not an error), and the same content is not signed
    // again…
    const revoked = await getCertificate();
    expect(revoked.status, JSON.stringify(revoked.problem)).toBe(200);
    expect(revoked.body).toMatchObject({ state: 'revoked', reason: 'issued_in_error', canReissue: false });
    const withheld = await reissue();
    expect(withheld.status).toBe(409);
    expect(withheld.problem?.code).toBe('certificate_withheld');
    // …until the record changes (here a new dose), which lifts it.
    await dose('2021-10-14T09:00:00+07:00');
    expect((await getCertificate()).body).toMatchObject({ state: 'revoked', canReissue: true });
    const reissued = await reissue();
    expect(reissued.status, JSON.stringify(reissued.problem)).toBe(200);
    expect(reissued.body?.uvci).not.toBe(cert.uvci);
    expect((await getCertificate()).body?.uvci).toBe(reissued.body?.uvci);
  });

  it('attack: a manager of another province or commune can neither revoke nor look up a certificate (UVCIs are on every QR)', async () => {
    const cert = await issued();
    const revoke = (session: Session, uvci: string, reason: 'fraud' | 'other' = 'fraud') =>
      testApi(ctx.app, session).certificates.revoke.raw({ body: { uvci, reason } });
    const unknown = 'URN:UVCI:01:VN:OTHER/ZZZZZZZZZZZZ#Q';
    for (const outsider of [world.staff.pmHcm, world.staff.cmNgocHa]) {
      const refused = await revoke(outsider, cert.uvci);
      // The same answer as for a UVCI nobody issued: no oracle of what exists where.
      const none = await revoke(outsider, unknown);
      expect([refused.status, refused.problem?.code]).toEqual([404, 'not_found']);
      expect([none.status, none.problem?.code]).toEqual([404, 'not_found']);
      const lookup = await testApi(ctx.app, outsider).certificates.byUvci.raw({
        params: { uvci: cert.uvci },
      });
      expect(lookup.status).toBe(404);
      const list = await testApi(ctx.app, outsider).certificates.revocations();
      expect(JSON.stringify(list)).not.toContain(citizen.personId);
    }
    expect(
      await db().selectFrom('certificate_revocation').select('uvci').where('uvci', '=', cert.uvci).execute(),
    ).toEqual([]);
    // The person's own commune manager finds it by UVCI and revokes it; the list shows it.
    const manager = testApi(ctx.app, world.staff.cmBaDinh).certificates;
    const found = await manager.byUvci.raw({ params: { uvci: cert.uvci } });
    expect(found.status, JSON.stringify(found.problem)).toBe(200);
    expect(found.body).toMatchObject({ uvci: cert.uvci, personId: citizen.personId, revocation: null });
    expect((await revoke(world.staff.cmBaDinh, cert.uvci, 'other')).status).toBe(201);
    const list = await manager.revocations();
    expect(list.items.find((i) => i.uvci === cert.uvci)).toMatchObject({
      reason: 'other',
      personId: citizen.personId,
    });
    // A UVCI of another issuer is listed by national staff only.
    expect((await revoke(world.staff.cmBaDinh, unknown)).status).toBe(404);
    expect((await revoke(world.staff.admin, unknown)).status).toBe(201);
  });

  it('prints an A4 and a wallet PDF with the Vietnamese font embedded', async () => {
    // The certificate was revoked (other) above: none is printed until the holder asks for a new one.
    const member = testApi(ctx.app, citizen.session).certificates;
    const params = { personId: citizen.personId };
    const revoked = await member.pdf.raw({ params, query: { size: 'a4', lang: 'vi' } });
    expect([revoked.status, revoked.problem?.code]).toEqual([409, 'certificate_revoked']);
    expect((await reissue()).status).toBe(200);
    for (const [size, lang] of [
      ['a4', 'vi'],
      ['wallet', 'en'],
    ] as const) {
      const res = await member.pdf.raw({ params, query: { size, lang } });
      expect(res.status, JSON.stringify(res.problem)).toBe(200);
      expect(res.headers['content-type']).toContain('application/pdf');
      const pdf = await PDFDocument.load(res.body?.bytes ?? new Uint8Array());
      expect(pdf.getPageCount()).toBe(1);
      const { width } = pdf.getPage(0).getSize();
      expect(Math.round(width)).toBe(size === 'a4' ? 595 : 485);
      // The font is embedded (a descriptor with a TrueType font file), as pdf-lib reads it back.
      const descriptors = pdf.context
        .enumerateIndirectObjects()
        .map(([, object]) => object)
        .filter(
          (o): o is PDFDict =>
            o instanceof PDFDict && o.get(PDFName.of('Type')) === PDFName.of('FontDescriptor'),
        );
      const embedded = descriptors.filter((d) => d.get(PDFName.of('FontFile2')));
      expect(embedded.length).toBeGreaterThanOrEqual(1);
      expect(String(embedded[0].get(PDFName.of('FontName')))).toContain('BeVietnamPro');
    }
    const bad = await member.pdf.raw({ params, query: { size: invalid('letter') } });
    expect(bad.status).toBe(400);
  });
});
