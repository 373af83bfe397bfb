import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { testApi } from '../../../test/helpers/api.ts';
import {
  addressApi,
  citizenSession,
  sessionFrom,
  smsFile,
  staffSession,
  TEST_PASSWORD,
} from '../../../test/helpers/auth.ts';
import { TEST_ENGINES, useTestApp } from '../../../test/helpers/test-app.ts';
import { buildWorld, type World } from '../../../test/helpers/world.ts';
import { buildApp } from '../app.ts';
import { totpNow } from '../modules/accounts/totp.ts';

/**
 * Attacks on sign-in and sessions, each written as the attacker would try it: guessing a staff password
 * in parallel, through the change-password form, replaying a TOTP code, using an admin account without
 * a second factor, spoofing X-Forwarded-For, riding a forgotten citizen session, reading personal data
 * from a shared cache, wiping the audit trail, and widening a site's reach by identifying walk-ins.
 */
describe.each(TEST_ENGINES)('attack: sign-in, sessions and reach by identification (%s)', (engine) => {
  let now = new Date('2026-11-22T08:00:00Z');
  const sms = smsFile();
  const ctx = useTestApp(engine, {
    clock: () => now,
    sms: sms.sender,
    // One proxy is trusted: X-Forwarded-For counts only when the request comes from it.
    trustProxy: ['10.0.0.1'],
    security: { totpRequiredRoles: ['admin', 'province_manager'] },
  });
  const login = (username: string, password: string, remoteAddress = '127.0.0.1') =>
    addressApi(ctx.app, remoteAddress).auth.staffLogin.raw({ body: { username, password } });
  // A forged header: sent by hand, as an attacker would.
  const forwardedLogin = (username: string, password: string, remoteAddress: string, forwardedFor: string) =>
    ctx.app.inject({
      method: 'POST',
      url: '/api/auth/staff/login',
      payload: { username, password },
      remoteAddress,
      headers: { 'x-forwarded-for': forwardedFor },
    });
  const auditOf = (action: string, actorId?: string) =>
    ctx.database.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', action)
      .$if(actorId !== undefined, (q) => q.where('actor_id', '=', actorId!))
      .execute();
  const minutes = (n: number) => {
    now = new Date(now.getTime() + n * 60_000);
  };

  it('20 parallel wrong passwords lock the account: each guess is counted and audited', async () => {
    const user = await staffSession(ctx.app, ctx.database.db, 'par.guess', 'commune_manager', {
      unit: '2025-00004',
    });
    const guesses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => login('par.guess', `wrong-password-${i}`)),
    );
    expect(guesses.every((g) => [401, 423].includes(g.status))).toBe(true);
    // At most the first five were even checked; the right password is now refused too.
    expect(guesses.filter((g) => g.status === 401).length).toBeLessThanOrEqual(5);
    const right = await login('par.guess', TEST_PASSWORD);
    expect(right.status, JSON.stringify(right.problem)).toBe(423);
    expect((await auditOf('staff.login_failed', user.id)).length).toBeGreaterThanOrEqual(5);
    minutes(16);
    expect((await login('par.guess', TEST_PASSWORD)).status).toBe(200);
  });

  it('the change-password form is no side door for guessing: wrong current passwords count toward the lock', async () => {
    const user = await staffSession(ctx.app, ctx.database.db, 'side.door', 'commune_manager', {
      unit: '2025-00004',
    });
    const change = (currentPassword: string) =>
      testApi(ctx.app, user).auth.changePassword.raw({
        body: { currentPassword, newPassword: 'a-brand-new-passphrase' },
      });
    for (let i = 0; i < 5; i++) expect((await change(`guess-${i}-password`)).status).toBe(400);
    const locked = await change(TEST_PASSWORD);
    expect(locked.status, JSON.stringify(locked.problem)).toBe(423);
    expect((await login('side.door', TEST_PASSWORD)).status).toBe(423);
    expect(await auditOf('staff.password_change_failed', user.id)).toHaveLength(5);
    minutes(16);
  });

  it('a TOTP code seen once (over a shoulder, in a phishing proxy) cannot be used again', async () => {
    const user = await staffSession(ctx.app, ctx.database.db, 'replay.me', 'commune_manager', {
      unit: '2025-00004',
    });
    const api = testApi(ctx.app, user);
    const setup = await api.auth.setupTotp();
    minutes(1);
    const enable = await api.auth.enableTotp.raw({ body: { code: totpNow(setup.secret, now) } });
    expect(enable.status).toBe(204);
    minutes(1);
    const code = totpNow(setup.secret, now);
    const secondFactor = async () => {
      const first = await login('replay.me', TEST_PASSWORD);
      return testApi(ctx.app, sessionFrom(first)).auth.staffTotp.raw({ body: { code } });
    };
    expect((await secondFactor()).status).toBe(204);
    // The attacker replays the same code within its 30-second step (and the one either side).
    const replayed = await secondFactor();
    expect(replayed.status, JSON.stringify(replayed.problem)).toBe(400);
  });

  it('an admin account without a second factor can do nothing but enrol', async () => {
    const admin = await staffSession(ctx.app, ctx.database.db, 'bare.admin', 'admin');
    const api = testApi(ctx.app, admin);
    const users = await api.admin.users.raw();
    expect(users.status).toBe(403);
    expect(users.problem?.code).toBe('totp_setup_required');
    const me = await api.auth.me();
    expect(me.actor).toMatchObject({ needsTotpSetup: true });
    const setup = await api.auth.setupTotp();
    minutes(1);
    const enable = await api.auth.enableTotp.raw({ body: { code: totpNow(setup.secret, now) } });
    expect(enable.status).toBe(204);
    expect((await api.admin.users.raw()).status).toBe(200);
  });

  it('X-Forwarded-For is believed only from the configured proxy: a client cannot choose its address', async () => {
    await forwardedLogin('nobody.xff', 'wrong-password', '10.0.0.1', '203.0.113.7');
    await forwardedLogin('nobody.xff', 'wrong-password', '198.51.100.9', '203.0.113.8');
    const rows = (await auditOf('staff.login_failed')).filter(
      (r) => (r.details as { username?: string }).username === 'nobody.xff',
    );
    expect(rows.map((r) => r.ip).sort()).toEqual(['198.51.100.9', '203.0.113.7']);
  });

  it('session cookies are Secure and HttpOnly; a forgotten citizen session dies when idle and at its end', async () => {
    const res = await login('nobody.cookie', 'x-wrong-password');
    expect(res.status).toBe(401);
    const citizen = await citizenSession(ctx.app, sms, '0912700001');
    const anonymous = testApi(ctx.app);
    const cookie = await anonymous.auth.requestCode.raw({ body: { phone: '0912700002' } });
    expect(cookie.status).toBe(202);
    const signIn = await anonymous.auth.verifyCode.raw({
      body: { phone: '0912700002', code: await sms.codeFor('0912700002') },
    });
    expect(String(signIn.headers['set-cookie'])).toMatch(/HttpOnly/i);
    expect(String(signIn.headers['set-cookie'])).toMatch(/;\s*Secure/i);
    const me = async () => (await testApi(ctx.app, citizen).auth.me()).actor;
    // Used every 23 hours, it lives; the absolute limit (7 days) still ends it.
    for (let day = 0; day < 7; day++) {
      minutes(23 * 60);
      expect(await me(), `after ${day + 1} × 23 h`).not.toBeNull();
    }
    minutes(23 * 60);
    expect(await me()).toBeNull();
    // Left alone for a day and a minute, a fresh one ends.
    const idle = await citizenSession(ctx.app, sms, '0912700003');
    minutes(24 * 60 + 1);
    expect((await testApi(ctx.app, idle).auth.me()).actor).toBeNull();
  });

  it('personal data is never stored by a shared cache', async () => {
    const citizen = await citizenSession(ctx.app, sms, '0912700004');
    const res = await testApi(ctx.app, citizen).households.household.raw();
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toContain('no-store');
  });

  it('the audit trail cannot be wiped: TRUNCATE, UPDATE and DELETE are refused', async () => {
    const before = (await ctx.database.db.selectFrom('audit_event').select('id').execute()).length;
    expect(before).toBeGreaterThan(0);
    await expect(sql`truncate audit_event`.execute(ctx.database.db)).rejects.toThrow();
    await expect(sql`delete from audit_event`.execute(ctx.database.db)).rejects.toThrow();
    await expect(sql`update audit_event set action = 'x'`.execute(ctx.database.db)).rejects.toThrow();
    expect((await ctx.database.db.selectFrom('audit_event').select('id').execute()).length).toBe(before);
  });

  it('limits for sign-in codes are kept in the database: a second server process shares them', async () => {
    const second = await buildApp({
      database: ctx.database,
      logLevel: 'silent',
      webDir: null,
      clock: () => now,
      sms: sms.sender,
    });
    try {
      const phone = '0912700099';
      const ask = (app: typeof second) => testApi(app).auth.requestCode.raw({ body: { phone } });
      const answers = [];
      for (let i = 0; i < 6; i++) answers.push((await ask(i % 2 ? second : ctx.app)).status);
      expect(answers).toEqual([202, 202, 202, 202, 202, 429]);
    } finally {
      await second.close();
    }
  });
});

describe.each(TEST_ENGINES)('attack: reach widened by identifying walk-ins (%s)', (engine) => {
  let now = new Date('2026-11-22T08:00:00Z');
  const ctx = useTestApp(engine, { clock: () => now });
  const minutes = (n: number) => {
    now = new Date(now.getTime() + n * 60_000);
  };
  const auditOf = (action: string, actorId: string) =>
    ctx.database.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', action)
      .where('actor_id', '=', actorId)
      .execute();

  let world: World;
  beforeAll(async () => {
    world = await buildWorld(ctx.app, ctx.database.db, 'walk');
  });
  const identify = (cccd: string, birthDate: string) =>
    testApi(ctx.app, world.staff.siteHcm).people.identify.raw({ body: { cccd, birthDate } });
  const read = (id: string) => testApi(ctx.app, world.staff.admin).people.person({ params: { id } });

  it('a link made by identifying a walk-in expires unless a visit or dose follows', async () => {
    const person = await read(world.people.baDinh);
    const open = () => testApi(ctx.app, world.staff.siteHcm).people.person.raw({ params: { id: person.id } });
    expect((await open()).status).toBe(404);
    const found = await identify(person.cccd!, person.birthDate);
    expect(found.status, JSON.stringify(found)).toBe(200);
    expect((await open()).status).toBe(200);
    // A day passes with no visit and no dose (the link's clock is the database's).
    await sql`update person_facility set expires_at = now() - interval '1 minute'
        where person_id = ${person.id} and reason = 'identified'`.execute(ctx.database.db);
    expect((await open()).status).toBe(404);

    // Identified again, and this time vaccinated: the dose keeps the person within the site's reach.
    const post = (url: string, payload: object, headers = world.staff.admin.headers) =>
      ctx.app.inject({ method: 'POST', url, headers, payload });
    const lot = (
      await post('/api/staff/lots', { vaccineCode: 'AZ', lotNumber: 'WALK1', expiresOn: '2027-06-30' })
    ).json().id;
    await post('/api/staff/stock/movements', {
      lotId: lot,
      kind: 'receipt',
      to: `facility:${world.facilities.siteHcm}`,
      quantity: 5,
    });
    expect((await identify(person.cccd!, person.birthDate)).status).toBe(200);
    const dose = await post(
      '/api/staff/doses',
      { id: randomUUID(), personId: person.id, vaccineCode: 'AZ', lotId: lot },
      world.staff.siteHcm.headers,
    );
    expect(dose.statusCode, dose.body).toBe(201);
    // The same day passes again: only links that can expire do (the dose made this one permanent).
    await sql`update person_facility set expires_at = now() - interval '1 minute'
        where person_id = ${person.id} and expires_at is not null`.execute(ctx.database.db);
    expect((await open()).status).toBe(200);
  });

  it('guessing birth dates for a CCCD is limited per staff member, and every try is audited', async () => {
    const person = await read(world.people.ngocHa);
    minutes(61); // a fresh hour for this staff member's limit
    const answers: number[] = [];
    for (let day = 1; day <= 31; day++)
      answers.push((await identify(person.cccd!, `1975-01-${String(day).padStart(2, '0')}`)).status);
    // 30 tries an hour, then 429 (the real birth date, 1975-07-20, was never reached).
    expect(answers.slice(0, 30).every((s) => s === 404)).toBe(true);
    expect(answers[30]).toBe(429);
    const right = await identify(person.cccd!, person.birthDate);
    expect(right.status).toBe(429);
    const failed = await auditOf('person.identify_failed', world.staff.siteHcm.id);
    expect(failed).toHaveLength(30);
    expect(JSON.stringify(failed)).not.toContain(person.cccd);
  });
});
