import { createHash, randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { testApi } from '../../../../test/helpers/api.ts';
import { citizenSession, personFields, smsFile } from '../../../../test/helpers/auth.ts';
import { addHouseholdMember } from '../../../../test/helpers/household.ts';
import { TEST_ENGINES, useTestApp } from '../../../../test/helpers/test-app.ts';
import { buildWorld, type World } from '../../../../test/helpers/world.ts';
import { nodePlatform } from '../../../shared/certificate/platform.node.ts';
import { shcNumericDecode } from '../../../shared/certificate/shc-numeric.ts';
import { TrustStore } from '../../../shared/certificate/trust-store.ts';
import { verifyQr } from '../../../shared/certificate/verify.ts';
import { lookupResultSchema } from '../../../shared/schemas/certificate-lookup.ts';
import { type Certificate, certificateSchema } from '../../../shared/schemas/certificates.ts';
import { keySealer } from '../../key-seal.ts';
import { initKeys } from './keys.service.ts';
import { exportTrust } from './trust-lists.ts';

/**
 * A SMART Health Card too long for one QR code (a person with ten doses, the most the dose API numbers) comes as chunks
 * `shc:/i/n/…` from every certificate endpoint (citizen, staff, public lookup); the chunks together
 * verify, one alone does not. A short card stays one text.
 */

const SECRET = 'shc-chunks-test-secret-0123456789';
const NOW = new Date('2021-10-15T03:00:00Z');
const AT = new Date('2021-10-20T00:00:00Z');
const HOLDER = { fullName: 'Nguyễn Thị Thu Hương', birthDate: '1970-02-14', phone: '0912800901' };
/** Monthly doses from October 2020 to July 2021 (overridden: the rules would not count most). */
const DOSE_DATES = Array.from({ length: 10 }, (_, i) => new Date(Date.UTC(2020, 9 + i, 1, 2)).toISOString());
/**
 * Ten doses is the most one person can have (dose numbers 1–10); with one lot repeated, the deflated
 * card stays near 1070 characters. Each dose from its own lot, numbered 30 characters that do not
 * compress (as different manufacturers' lot numbers), takes the card past one QR code's 1195.
 */
const lotNumberOf = (i: number) =>
  [...createHash('sha256').update(`shc-chunks-lot-${i}`).digest()]
    .slice(0, 30)
    .map((b) => '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'[b % 36])
    .join('');

describe.each(TEST_ENGINES)('SMART Health Card chunks (%s)', (engine) => {
  const sms = smsFile();
  const ctx = useTestApp(engine, { sms: sms.sender, clock: () => NOW, certificates: { keySecret: SECRET } });
  let world: World;
  let session: Awaited<ReturnType<typeof citizenSession>>;
  let personId: string;
  const lots: string[] = [];
  const db = () => ctx.database.db;
  const verify = async (qr: string | string[]) =>
    verifyQr(qr, {
      trust: await TrustStore.load([await exportTrust(db(), 'jwks', NOW)], nodePlatform),
      at: AT,
      platform: nodePlatform,
    });
  const citizenCertificate = async () => {
    const res = await testApi(ctx.app, session).certificates.memberCertificate.raw({ params: { personId } });
    expect(res.status, JSON.stringify(res.problem)).toBe(200);
    return certificateSchema.parse(res.body);
  };
  const dose = async (givenAt: string, doseNumber: number) => {
    const res = await testApi(ctx.app, world.staff.siteBaDinh).doses.recordDose.raw({
      body: {
        id: randomUUID(),
        personId,
        vaccineCode: 'PFIZER',
        lotId: lots[doseNumber - 1],
        givenAt,
        doseNumber,
        overrideReason: 'Kiểm thử thẻ SMART Health Card nhiều liều',
      },
    });
    expect(res.status, JSON.stringify(res.problem)).toBe(201);
  };

  beforeAll(async () => {
    world = await buildWorld(ctx.app, db(), 'shcchunk');
    await initKeys(db(), keySealer(SECRET), { now: NOW, csca: 'discard' });
    session = await citizenSession(ctx.app, sms, HOLDER.phone);
    const added = await addHouseholdMember(ctx.app, sms, session, {
      relationship: 'self',
      ...personFields({ ...HOLDER, sex: 'female' }),
    });
    personId = added.person.id;
    const headers = world.staff.admin.headers;
    for (const i of DOSE_DATES.keys()) {
      const lot = await testApi(ctx.app, { headers }).stock.createLot.raw({
        body: { vaccineCode: 'PFIZER', lotNumber: lotNumberOf(i), expiresOn: '2022-12-31' },
      });
      expect(lot.status, JSON.stringify(lot.problem)).toBe(201);
      lots.push(lot.body?.id ?? '');
      const receipt = await testApi(ctx.app, { headers }).stock.recordMovement.raw({
        body: {
          lotId: lot.body?.id ?? '',
          kind: 'receipt',
          to: `facility:${world.facilities.siteBaDinh}`,
          quantity: 1,
        },
      });
      expect(receipt.status, JSON.stringify(receipt.problem)).toBeLessThan(300);
    }
  });

  it('a short card is one text, equal to shc', async () => {
    await dose(DOSE_DATES[0], 1);
    const cert = await citizenCertificate();
    expect(cert.shcChunks).toEqual([cert.shc]);
    expect(cert.shc).toMatch(/^shc:\/\d+$/);
    expect((await verify(cert.shcChunks)).valid).toBe(true);
  });

  it('a card of ten doses comes as chunks shc:/i/n/ that verify together, from every endpoint', async () => {
    for (const [i, givenAt] of DOSE_DATES.entries()) if (i > 0) await dose(givenAt, i + 1);
    const cert = await citizenCertificate();
    expect(cert.doses).toHaveLength(10);
    const jws = shcNumericDecode(cert.shc);
    expect(jws.length).toBeGreaterThan(1195);
    const n = cert.shcChunks.length;
    expect(n).toBe(Math.ceil(jws.length / 1191));
    expect(n).toBeGreaterThan(1);
    cert.shcChunks.forEach((chunk, i) => {
      expect(chunk.startsWith(`shc:/${i + 1}/${n}/`), chunk.slice(0, 12)).toBe(true);
      expect(chunk).toMatch(/^shc:\/\d+\/\d+\/\d+$/);
      // Each chunk's JWS part fits a chunk (two digits per character).
      expect((chunk.length - `shc:/${i + 1}/${n}/`.length) / 2).toBeLessThanOrEqual(1191);
    });
    expect(shcNumericDecode(cert.shcChunks)).toBe(jws);

    // The chunks verify together (in any order), with all ten doses; the whole text still does.
    const together = await verify(cert.shcChunks);
    expect(together.errors).toEqual([]);
    expect(together.valid).toBe(true);
    expect(together.vaccinations).toHaveLength(10);
    expect((await verify([...cert.shcChunks].reverse())).valid).toBe(true);
    expect((await verify(cert.shc)).valid).toBe(true);
    // One chunk alone is not a card.
    const alone = await verify(cert.shcChunks[0]);
    expect(alone.valid).toBe(false);

    // Staff see the same chunks.
    const staff = await testApi(ctx.app, world.staff.admin).certificates.staffCertificate.raw({
      params: { id: personId },
    });
    expect(staff.status, JSON.stringify(staff.problem)).toBe(200);
    const staffCert: Certificate = certificateSchema.parse(staff.body);
    expect(staffCert.uvci).toBe(cert.uvci);
    expect(staffCert.shcChunks).toEqual(cert.shcChunks);

    // And so does someone looking the passport up without an account.
    const before = sms.codeCount(HOLDER.phone);
    const lookup = testApi(ctx.app).certificateLookup;
    const started = await lookup.start.raw({ body: HOLDER });
    expect(started.status, JSON.stringify(started.problem)).toBe(202);
    const code = await sms.codeFor(HOLDER.phone, before + 1);
    const verified = await lookup.verify.raw({
      params: { lookupId: started.body?.lookupId ?? '' },
      body: { code },
    });
    expect(verified.status, JSON.stringify(verified.problem)).toBe(200);
    const looked = lookupResultSchema.parse(verified.body).certificate!;
    if (looked.state !== 'issued') throw new Error(`expected an issued certificate: ${looked.state}`);
    expect(looked.uvci).toBe(cert.uvci);
    expect(looked.shcChunks).toEqual(cert.shcChunks);
  });
});
