import { describe, expect, it } from 'vitest';
import { testApi } from '../../../../test/helpers/api.ts';
import { addressApi, citizenSession, smsFile } from '../../../../test/helpers/auth.ts';
import { TEST_ENGINES, useTestApp } from '../../../../test/helpers/test-app.ts';

describe.each(TEST_ENGINES)('citizen sign-in by phone and one-time code (%s)', (engine) => {
  const sms = smsFile();
  let now = new Date('2026-11-22T08:00:00Z');
  const ctx = useTestApp(engine, { sms: sms.sender, clock: () => now });
  const request = (phone: string, ip = '10.0.0.1') =>
    addressApi(ctx.app, ip).auth.requestCode.raw({ body: { phone } });
  const verify = (phone: string, code: string, ip = '10.0.0.1') =>
    addressApi(ctx.app, ip).auth.verifyCode.raw({ body: { phone, code } });

  it('signs in with the right code: account created, session cookie httpOnly + SameSite, code hashed at rest', async () => {
    const requested = await request('+84 912 345 601');
    expect(requested.status).toBe(202);
    expect(requested.body).toEqual({ expiresInSeconds: 300, resendInSeconds: 60 });
    const code = await sms.codeFor('0912345601');
    expect(code).toMatch(/^\d{6}$/);
    const stored = await ctx.database.db
      .selectFrom('otp_challenge')
      .select('code_hash')
      .where('phone', '=', '0912345601')
      .executeTakeFirstOrThrow();
    expect(stored.code_hash).not.toContain(code);
    expect(stored.code_hash).toMatch(/^[0-9a-f]{64}$/);

    const verified = await verify('0912345601', code);
    expect(verified.status).toBe(200);
    expect(verified.body?.actor).toMatchObject({ kind: 'citizen', phoneLast3: '601' });
    const cookie = String(verified.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const me = await testApi(ctx.app, { headers: { cookie: cookie.split(';')[0] } }).auth.me();
    expect(me.actor?.kind).toBe('citizen');
    // The code is single use.
    expect((await verify('0912345601', code)).status).toBe(400);
  });

  it('locks the code after 5 wrong attempts, even for the right code afterwards', async () => {
    await request('0912345602');
    const code = await sms.codeFor('0912345602');
    const wrong = code === '000000' ? '111111' : '000000';
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await verify('0912345602', wrong));
    expect(answers.slice(0, 4).map((a) => a.status)).toEqual([400, 400, 400, 400]);
    expect(answers[0].problem?.errors?.[0]).toMatchObject({
      field: 'code',
      code: 'otp.wrong',
      messages: { en: 'The code is not correct; 4 attempts left' },
    });
    expect(answers[4].status).toBe(429);
    expect(answers[4].problem?.code).toBe('otp_locked');
    const right = await verify('0912345602', code);
    expect(right.status).toBe(429);
    // A new code works again.
    await request('0912345602');
    const fresh = await sms.codeFor('0912345602', 2);
    const again = await verify('0912345602', fresh);
    expect(again.status, JSON.stringify(again.problem)).toBe(200);
  });

  it('refuses an expired code (valid 5 minutes)', async () => {
    await request('0912345603');
    const code = await sms.codeFor('0912345603');
    now = new Date(now.getTime() + 5 * 60_000 + 1000);
    const late = await verify('0912345603', code);
    expect(late.status).toBe(400);
    expect(late.problem).toMatchObject({ code: 'otp_expired', errors: [{ field: 'code' }] });
  });

  it('answers the same for numbers with and without an account, and validates the phone field', async () => {
    const known = await request('0912345601');
    const unknown = await request('0987654321');
    expect(known.status).toBe(unknown.status);
    expect(known.body).toEqual(unknown.body);
    const bad = await request('0241234567');
    expect(bad.status).toBe(400);
    expect(bad.problem?.errors?.[0]).toMatchObject({ field: 'phone', code: 'phone.prefix' });
  });

  it('rate-limits per phone (5 codes per 15 minutes) and per client address', async () => {
    const codes = [];
    for (let i = 0; i < 6; i++) codes.push((await request('0912345604', `10.1.0.${i}`)).status);
    expect(codes).toEqual([202, 202, 202, 202, 202, 429]);
    const perIp = [];
    for (let i = 0; i < 21; i++)
      perIp.push((await request(`09123457${String(i).padStart(2, '0')}`, '10.9.9.9')).status);
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
    const out = await testApi(ctx.app, session).auth.logout.raw();
    expect(out.status).toBe(204);
    const after = await testApi(ctx.app, session).households.household.raw();
    expect(after.status).toBe(401);
  });
});
