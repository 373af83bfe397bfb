import { randomUUID } from 'node:crypto';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { PDFDocument } from 'pdf-lib';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { invalid, testApi } from '../../../../test/helpers/api.ts';
import { personFields, smsFile } from '../../../../test/helpers/auth.ts';
import { TEST_ENGINES, useTestApp } from '../../../../test/helpers/test-app.ts';
import { buildWorld, type World } from '../../../../test/helpers/world.ts';
import { lookupResultSchema } from '../../../shared/schemas/certificate-lookup.ts';
import { keySealer } from '../../key-seal.ts';
import { initKeys } from './keys.service.ts';
import { LOOKUP_TOKEN_TTL_SECONDS } from './public-lookup.service.ts';

const SECRET = 'public-lookup-test-secret-0123456789';
const START = new Date('2021-10-15T03:00:00Z');

/** Holders of the test: one with two doses, one with none, one for the per-phone limit. */
const VACCINATED = { fullName: 'Lê Thị Hồng Nhung', birthDate: '1975-03-08', phone: '0912800501' };
const NO_DOSE = { fullName: 'Phạm Minh Tuấn', birthDate: '1988-12-01', phone: '0912800502' };
const LIMITED = { fullName: 'Võ Văn Kiệt', birthDate: '1966-06-06', phone: '0912800503' };

let address = 0;
/** A fresh client address: the per-address limit is real time and kept in memory. */
const nextIp = () => `10.50.0.${++address}`;

describe.each(TEST_ENGINES)('public certificate lookup (%s)', (engine) => {
  const sms = smsFile();
  let now = START;
  const ctx = useTestApp(engine, {
    sms: sms.sender,
    clock: () => now,
    certificates: { keySecret: SECRET },
  });
  let world: World;
  let vaccinatedId: string;
  const db = () => ctx.database.db;

  /** The lookup's typed client as a caller at this address (the per-address limits count by it). */
  const from = (ip: string) => {
    const app: FastifyInstance = Object.create(ctx.app);
    app.inject = ((options: InjectOptions) =>
      ctx.app.inject({ ...options, remoteAddress: ip })) as FastifyInstance['inject'];
    return testApi(app).certificateLookup;
  };
  const lookup = (details: { fullName: string; birthDate: string; phone: string }, ip = nextIp()) =>
    from(ip).start.raw({ body: details });
  const verify = (lookupId: string, code: string, ip = nextIp()) =>
    from(ip).verify.raw({ params: { lookupId }, body: { code } });
  const pdf = (
    token: string | undefined,
    query: { size: 'a4' | 'wallet'; lang: 'vi' | 'en' } = { size: 'a4', lang: 'vi' },
  ) => from(nextIp()).pdf.raw({ query, headers: token ? { 'x-lookup-token': token } : {} });
  /** Starts a lookup that matches and returns its id with the code the phone received. */
  const hit = async (details = VACCINATED) => {
    const before = sms.codeCount(details.phone);
    const res = await lookup(details);
    expect(res.status, JSON.stringify(res.problem)).toBe(202);
    return { lookupId: res.body?.lookupId ?? '', code: await sms.codeFor(details.phone, before + 1) };
  };
  /** Waits a little for a delivery that must not happen (sends run after the answer). */
  const settle = () => new Promise((r) => setTimeout(r, 150));
  /** A problem body with what differs per request (request id, the lookup id in the path) blanked. */
  const shape = (problem: unknown) =>
    JSON.stringify(problem)
      .replace(/"requestId":"[^"]*"/, '"requestId":""')
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'ID');

  // Each test in a new per-phone window (the limit is kept in the database, on the app's clock).
  beforeEach(() => {
    now = new Date(now.getTime() + 16 * 60_000);
  });

  beforeAll(async () => {
    world = await buildWorld(ctx.app, db(), 'lookup');
    await initKeys(db(), keySealer(SECRET), { now: START, csca: 'discard' });
    const create = async (holder: typeof VACCINATED) => {
      const res = await testApi(ctx.app, world.staff.admin).people.create.raw({
        body: personFields({ ...holder, sex: 'female', unitId: '2025-00004' }),
      });
      expect(res.status, JSON.stringify(res)).toBe(201);
      return res.body!.id;
    };
    vaccinatedId = await create(VACCINATED);
    await create(NO_DOSE);
    await create(LIMITED);
    const headers = world.staff.admin.headers;
    const lot =
      (
        await testApi(ctx.app, { headers }).stock.createLot.raw({
          body: { vaccineCode: 'PFIZER', lotNumber: 'LOOKUP01', expiresOn: '2022-12-31' },
        })
      ).body?.id ?? '';
    await testApi(ctx.app, { headers }).stock.recordMovement.raw({
      body: { lotId: lot, kind: 'receipt', to: `facility:${world.facilities.siteBaDinh}`, quantity: 10 },
    });
    for (const givenAt of ['2021-08-01T02:00:00Z', '2021-08-29T02:00:00Z']) {
      const res = await testApi(ctx.app, world.staff.siteBaDinh).doses.recordDose.raw({
        body: { id: randomUUID(), personId: vaccinatedId, vaccineCode: 'PFIZER', lotId: lot, givenAt },
      });
      expect(res.status, JSON.stringify(res.problem)).toBe(201);
    }
  });

  it('a match sends exactly one code (no diacritics) and the code shows the certificate', async () => {
    // Written loosely: no accents, other case, extra spaces, the phone in +84 form.
    const res = await lookup({
      fullName: '  le THI hong   nhung ',
      birthDate: VACCINATED.birthDate,
      phone: '+84 912 800 501',
    });
    expect(res.status, JSON.stringify(res.problem)).toBe(202);
    if (!res.ok) throw new Error('the lookup did not start');
    const body = res.body;
    expect(Object.keys(body).sort()).toEqual(['expiresAt', 'lookupId', 'resendInSeconds']);
    expect(new Date(body.expiresAt).getTime() - now.getTime()).toBe(300_000);
    const code = await sms.codeFor(VACCINATED.phone, 1);
    await settle();
    const messages = sms.messagesTo(VACCINATED.phone);
    expect(messages).toHaveLength(1);
    expect(messages[0].text).toContain(code);
    expect(messages[0].text).toMatch(/^[\x20-\x7e]+$/);

    const verified = await verify(body.lookupId, code);
    expect(verified.status, JSON.stringify(verified.problem)).toBe(200);
    expect(verified.headers['cache-control']).toBe('no-store');
    const result = lookupResultSchema.parse(verified.body);
    expect(result.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Date(result.tokenExpiresAt).getTime() - now.getTime()).toBe(LOOKUP_TOKEN_TTL_SECONDS * 1000);
    const certificate = result.certificate!;
    if (certificate.state !== 'issued')
      throw new Error(`expected an issued certificate: ${certificate.state}`);
    expect(certificate.holder).toMatchObject({
      fullName: VACCINATED.fullName,
      birthDate: VACCINATED.birthDate,
    });
    expect(certificate.euDcc).toMatch(/^HC1:/);
    expect(certificate.shc).toMatch(/^shc:\//);
    expect(certificate.doses.map((d) => d.doseNumber)).toEqual([1, 2]);
    expect(certificate.status.colour).toBe('green');
    // The same certificate staff see for this person (the citizen endpoint's schema and issuance).
    const staffView = await testApi(ctx.app, world.staff.admin).certificates.staffCertificate({
      params: { id: vaccinatedId },
    });
    expect(staffView.uvci).toBe(certificate.uvci);

    // The disclosure is audited: the person, the channel, no phone or name in the event.
    const events = await db()
      .selectFrom('audit_event')
      .selectAll()
      .where('person_id', '=', vaccinatedId)
      .where('actor_role', '=', 'public-lookup')
      .execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: 'certificate.read',
      actor_id: null,
      record_id: certificate.uvci,
    });
    expect(events[0].details).toMatchObject({ channel: 'public-lookup', lookupId: body.lookupId });
    expect(JSON.stringify(events[0])).not.toMatch(/0912800501|Nhung/);
    // Nothing in the lookup row names the phone either.
    const row = await db()
      .selectFrom('certificate_lookup')
      .selectAll()
      .where('id', '=', body.lookupId)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain('912800501');
    expect(row.token_hash).not.toBe(result.token);

    // A code works once.
    const again = await verify(body.lookupId, code);
    expect(again.status).toBe(400);
    expect(again.problem?.code).toBe('lookup_code_invalid');
  });

  it('a miss answers the same 202 and sends nothing; any code then fails like a wrong one', async () => {
    const sent = sms.messagesTo(VACCINATED.phone).length;
    const hitRes = await lookup(VACCINATED);
    const hitCode = await sms.codeFor(VACCINATED.phone, sent + 1);
    const misses = [
      { ...VACCINATED, birthDate: '1975-03-09' },
      { ...VACCINATED, fullName: 'Lê Thị Hồng' },
      { ...VACCINATED, phone: '0912800599' },
    ];
    for (const details of misses) {
      const res = await lookup(details);
      expect(res.status).toBe(hitRes.status);
      expect(res.headers['content-type']).toBe(hitRes.headers['content-type']);
      expect(JSON.stringify(res.body).length).toBe(JSON.stringify(hitRes.body).length);
      expect(Object.keys(res.body ?? {})).toEqual(Object.keys(hitRes.body ?? {}));
      expect(new Date(res.body?.expiresAt ?? 0).getTime()).toBe(
        new Date(hitRes.body?.expiresAt ?? 1).getTime(),
      );
    }
    await settle();
    expect(sms.messagesTo(VACCINATED.phone)).toHaveLength(sent + 1);
    expect(sms.messagesTo('0912800599')).toHaveLength(0);

    // Every failure of the verify step is the same answer: a wrong code on the hit, any code on a miss
    // (even the hit's own code), an unknown lookup.
    const missRes = await lookup({ ...VACCINATED, phone: '0912800598' });
    expect(missRes.status).toBe(202);
    const wrong = await verify(hitRes.body?.lookupId ?? '', hitCode === '000000' ? '111111' : '000000');
    const onMiss = await verify(missRes.body?.lookupId ?? '', hitCode);
    const unknown = await verify(randomUUID(), hitCode);
    for (const res of [wrong, onMiss, unknown]) {
      expect(res.status).toBe(400);
      expect(shape(res.problem)).toBe(shape(wrong.problem));
    }
    expect(wrong.problem).toMatchObject({
      code: 'lookup_code_invalid',
      messages: {
        vi: expect.stringContaining('Mã xác thực'),
        en: expect.stringContaining('code'),
      },
    });
  });

  it('five wrong codes lock the lookup, the right code included', async () => {
    const { lookupId, code } = await hit();
    const wrongCode = code === '999999' ? '999998' : '999999';
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await verify(lookupId, wrongCode));
    const right = await verify(lookupId, code);
    for (const res of [...answers, right]) {
      expect(res.status).toBe(400);
      expect(shape(res.problem)).toBe(shape(answers[0].problem));
    }
    const row = await db()
      .selectFrom('certificate_lookup')
      .select(['attempts', 'verified_at', 'token_hash'])
      .where('id', '=', lookupId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ attempts: 5, verified_at: null, token_hash: null });
  });

  it('limits lookups per phone (hits and misses alike) and per address', async () => {
    const unknownPhone = { ...LIMITED, phone: '0912800597' };
    const limited: string[] = [];
    for (const details of [LIMITED, unknownPhone]) {
      for (let i = 0; i < 3; i++) expect((await lookup(details)).status).toBe(202);
      const fourth = await lookup(details);
      expect(fourth.status).toBe(429);
      limited.push(shape(fourth.problem));
    }
    expect(limited[0]).toBe(limited[1]);
    await settle();
    // Three codes went out for the known phone, none for the blocked fourth lookup.
    expect(sms.codeCount(LIMITED.phone)).toBe(3);

    // Ten lookups from one address (different phones), then 429 whatever the details.
    const ip = nextIp();
    for (let i = 0; i < 10; i++)
      expect((await lookup({ ...LIMITED, phone: `09128006${String(i).padStart(2, '0')}` }, ip)).status).toBe(
        202,
      );
    const blockedMiss = await lookup({ ...LIMITED, phone: '0912800690' }, ip);
    const blockedHit = await lookup(NO_DOSE, ip);
    expect(blockedMiss.status).toBe(429);
    expect(shape(blockedHit.problem)).toBe(shape(blockedMiss.problem));
    await settle();
    expect(sms.codeCount(NO_DOSE.phone)).toBe(0);
  });

  it('the token opens the PDF until it expires; nothing is served without it', async () => {
    const { lookupId, code } = await hit();
    const token = (await verify(lookupId, code)).body?.token ?? '';
    for (const [size, lang] of [
      ['a4', 'vi'],
      ['wallet', 'en'],
    ] as const) {
      const res = await pdf(token, { size, lang });
      expect(res.status, JSON.stringify(res.problem)).toBe(200);
      expect(res.headers['content-type']).toContain('application/pdf');
      expect(res.headers['cache-control']).toBe('no-store');
      const doc = await PDFDocument.load(res.body?.bytes ?? new Uint8Array());
      expect(doc.getTitle()).toContain(VACCINATED.fullName);
    }
    const pdfReads = await db()
      .selectFrom('audit_event')
      .select('details')
      .where('person_id', '=', vaccinatedId)
      .where('actor_role', '=', 'public-lookup')
      .execute();
    expect(pdfReads.filter((e) => (e.details as { format?: string }).format === 'pdf')).toHaveLength(2);

    // Without a token, with a made-up one, with one in the URL instead of the header: 401, no data.
    for (const res of [
      await pdf(undefined),
      await pdf('x'.repeat(43)),
      await from(nextIp()).pdf.raw({ query: invalid({ token }) }),
    ]) {
      expect(res.status).toBe(401);
      expect(res.problem?.code).toBe('lookup_token_invalid');
      expect(JSON.stringify(res.problem ?? res.body)).not.toContain('HC1:');
    }

    // Fifteen minutes later the token has expired.
    now = new Date(now.getTime() + LOOKUP_TOKEN_TTL_SECONDS * 1000 + 1000);
    expect((await pdf(token)).status).toBe(401);
  });

  it('a code expires after five minutes', async () => {
    const { lookupId, code } = await hit();
    now = new Date(now.getTime() + 5 * 60_000 + 1000);
    const res = await verify(lookupId, code);
    expect(res.status).toBe(400);
    expect(res.problem?.code).toBe('lookup_code_invalid');
  });

  it('a person without doses gets no certificate (not an error) and no PDF', async () => {
    const { lookupId, code } = await hit(NO_DOSE);
    const res = await verify(lookupId, code);
    expect(res.status, JSON.stringify(res.problem)).toBe(200);
    expect(res.body?.certificate).toBeNull();
    const noPdf = await pdf(res.body?.token);
    expect(noPdf.status).toBe(404);
    expect(noPdf.problem?.code).toBe('no_doses');
  });

  it('rejects bad input by field, the same for any person', async () => {
    const res = await lookup({ fullName: ' ', birthDate: '1975-02-30', phone: '12345' });
    expect(res.status).toBe(400);
    const phone = await lookup({ ...VACCINATED, phone: '0112345678' });
    expect(phone.status).toBe(400);
    expect(phone.problem?.errors?.map((e) => e.field)).toEqual(['phone']);
    const name = await lookup({ ...VACCINATED, fullName: ' - ' });
    expect(name.status).toBe(400);
    expect(name.problem?.errors?.map((e) => e.field)).toEqual(['fullName']);
    const badId = await verify('not-a-uuid', '123456');
    expect(badId.status).toBe(400);
  });
});
