import { describe, expect, it } from 'vitest';
import { testApi } from '../../../../test/helpers/api.ts';
import { citizenSession, smsFile } from '../../../../test/helpers/auth.ts';
import { TEST_ENGINES, useTestApp } from '../../../../test/helpers/test-app.ts';

describe.each(TEST_ENGINES)('citizen sign-in by phone and one-time code (%s)', (engine) => {
  const sms = smsFile();
  let now = new Date('2026-11-22T08:00:00Z');
  const ctx = useTestApp(engine, { sms: sms.sender, clock: () => now });
  const post = (url: string, payload: object, ip = '10.0.0.1') =>
    ctx.app.inject({ method: 'POST', url, payload, remoteAddress: ip });

  it('signs in with the right code: account created, session cookie httpOnly + SameSite, code hashed at rest', async () => {
    const requested = await post('/api/auth/otp/request', { phone: '+84 912 345 601' });
    expect(requested.statusCode).toBe(202);
    expect(requested.json()).toEqual({ expiresInSeconds: 300, resendInSeconds: 60 });
    const code = await sms.codeFor('0912345601');
    expect(code).toMatch(/^\d{6}$/);
    const stored = await ctx.database.db
      .selectFrom('otp_challenge')
      .select('code_hash')
      .where('phone', '=', '0912345601')
      .executeTakeFirstOrThrow();
    expect(stored.code_hash).not.toContain(code);
    expect(stored.code_hash).toMatch(/^[0-9a-f]{64}$/);

    const verified = await post('/api/auth/otp/verify', { phone: '0912345601', code });
    expect(verified.statusCode).toBe(200);
    expect(verified.json().actor).toMatchObject({ kind: 'citizen', phoneLast3: '601' });
    const cookie = String(verified.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const me = await ctx.app.inject({ url: '/api/auth/me', headers: { cookie: cookie.split(';')[0] } });
    expect(me.json().actor.kind).toBe('citizen');
    // The code is single use.
    expect((await post('/api/auth/otp/verify', { phone: '0912345601', code })).statusCode).toBe(400);
  });

  it('locks the code after 5 wrong attempts, even for the right code afterwards', async () => {
    await post('/api/auth/otp/request', { phone: '0912345602' });
    const code = await sms.codeFor('0912345602');
    const wrong = code === '000000' ? '111111' : '000000';
    const answers = [];
    for (let i = 0; i < 5; i++)
      answers.push(await post('/api/auth/otp/verify', { phone: '0912345602', code: wrong }));
    expect(answers.slice(0, 4).map((a) => a.statusCode)).toEqual([400, 400, 400, 400]);
    expect(answers[0].json().errors[0]).toMatchObject({
      field: 'code',
      code: 'otp.wrong',
      messages: { en: 'The code is not correct; 4 attempts left' },
    });
    expect(answers[4].statusCode).toBe(429);
    expect(answers[4].json().code).toBe('otp_locked');
    const right = await post('/api/auth/otp/verify', { phone: '0912345602', code });
    expect(right.statusCode).toBe(429);
    // A new code works again.
    await post('/api/auth/otp/request', { phone: '0912345602' });
    const fresh = await sms.codeFor('0912345602', 2);
    const again = await post('/api/auth/otp/verify', { phone: '0912345602', code: fresh });
    expect(again.statusCode, again.body).toBe(200);
  });

  it('refuses an expired code (valid 5 minutes)', async () => {
    await post('/api/auth/otp/request', { phone: '0912345603' });
    const code = await sms.codeFor('0912345603');
    now = new Date(now.getTime() + 5 * 60_000 + 1000);
    const late = await post('/api/auth/otp/verify', { phone: '0912345603', code });
    expect(late.statusCode).toBe(400);
    expect(late.json()).toMatchObject({ code: 'otp_expired', errors: [{ field: 'code' }] });
  });

  it('answers the same for numbers with and without an account, and validates the phone field', async () => {
    const known = await post('/api/auth/otp/request', { phone: '0912345601' });
    const unknown = await post('/api/auth/otp/request', { phone: '0987654321' });
    expect(known.statusCode).toBe(unknown.statusCode);
    expect(known.json()).toEqual(unknown.json());
    const bad = await post('/api/auth/otp/request', { phone: '0241234567' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({ field: 'phone', code: 'phone.prefix' });
  });

  it('rate-limits per phone (5 codes per 15 minutes) and per client address', async () => {
    const codes = [];
    for (let i = 0; i < 6; i++)
      codes.push((await post('/api/auth/otp/request', { phone: '0912345604' }, `10.1.0.${i}`)).statusCode);
    expect(codes).toEqual([202, 202, 202, 202, 202, 429]);
    const perIp = [];
    for (let i = 0; i < 21; i++)
      perIp.push(
        (await post('/api/auth/otp/request', { phone: `09123457${String(i).padStart(2, '0')}` }, '10.9.9.9'))
          .statusCode,
      );
    expect(perIp.slice(0, 20).every((s) => s === 202)).toBe(true);
    expect(perIp[20]).toBe(429);
  });

  it('requires the CSRF token for cookie-authenticated writes, and logout ends the session', async () => {
    const session = await citizenSession(ctx.app, sms, '0912345605', '10.2.0.1');
    const withoutToken = await ctx.app.inject({
      method: 'POST',
      url: '/api/me/household/members',
      headers: { cookie: session.headers.cookie },
      payload: { fullName: 'Lê Thị Hoa', birthDate: '1990-01-01', sex: 'female', relationship: 'self' },
    });
    expect(withoutToken.statusCode).toBe(403);
    expect(withoutToken.json().code).toBe('csrf_failed');
    const out = await ctx.app.inject({ method: 'POST', url: '/api/auth/logout', headers: session.headers });
    expect(out.statusCode).toBe(204);
    const after = await testApi(ctx.app, session).households.household.raw();
    expect(after.status).toBe(401);
  });
});
