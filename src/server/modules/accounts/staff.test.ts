import { beforeAll, describe, expect, it } from 'vitest';
import { staffSession, TEST_PASSWORD } from '../../../../test/helpers/auth.ts';
import { TEST_ENGINES, useTestApp } from '../../../../test/helpers/test-app.ts';
import { totpNow } from './totp.ts';

describe.each(TEST_ENGINES)('staff sign-in, two factors, passwords and user admin (%s)', (engine) => {
  let now = new Date('2026-11-22T08:00:00Z');
  const ctx = useTestApp(engine, { clock: () => now });
  let admin: Awaited<ReturnType<typeof staffSession>>;
  beforeAll(async () => {
    admin = await staffSession(ctx.app, ctx.database.db, 'root', 'admin');
  });
  const login = (username: string, password: string) =>
    ctx.app.inject({ method: 'POST', url: '/api/auth/staff/login', payload: { username, password } });

  it('admin creates users with the right jurisdiction for their role; the generated password is shown once', async () => {
    const bad = await ctx.app.inject({
      method: 'POST',
      url: '/api/admin/users',
      headers: admin.headers,
      payload: { username: 'x.y', displayName: 'X', role: 'commune_manager', unit: '01' },
    });
    expect(bad.json().errors[0]).toMatchObject({ field: 'unit', code: 'staff.unit_commune' });
    const noFacility = await ctx.app.inject({
      method: 'POST',
      url: '/api/admin/users',
      headers: admin.headers,
      payload: { username: 'x.z', displayName: 'X', role: 'site_staff' },
    });
    expect(noFacility.json().errors[0]).toMatchObject({ field: 'facility' });
    const created = await ctx.app.inject({
      method: 'POST',
      url: '/api/admin/users',
      headers: admin.headers,
      payload: {
        username: 'Lan.Nguyen',
        displayName: 'Nguyễn Thị Lan',
        role: 'province_manager',
        unit: '79',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().username).toBe('lan.nguyen');
    expect(created.json().password.length).toBeGreaterThanOrEqual(12);
    expect((await login('lan.nguyen', created.json().password)).statusCode).toBe(200);
    const row = await ctx.database.db
      .selectFrom('staff_user')
      .select('password_hash')
      .where('username', '=', 'lan.nguyen')
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    const list = (await ctx.app.inject({ url: '/api/admin/users', headers: admin.headers })).json();
    expect(list.items.find((u: { username: string }) => u.username === 'lan.nguyen')).toMatchObject({
      role: 'province_manager',
      unitName: 'Thành phố Hồ Chí Minh',
    });
    const dup = await ctx.app.inject({
      method: 'POST',
      url: '/api/admin/users',
      headers: admin.headers,
      payload: { username: 'lan.nguyen', displayName: 'Again', role: 'admin' },
    });
    expect(dup.statusCode).toBe(409);
  });

  it('gives the same answer for an unknown user and a wrong password, and locks after 5 failures for 15 minutes', async () => {
    await staffSession(ctx.app, ctx.database.db, 'locky', 'admin');
    const unknown = await login('nobody', 'whatever-password');
    const wrong = await login('locky', 'wrong-password!');
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual({ ...unknown.json(), requestId: wrong.json().requestId });
    for (let i = 0; i < 4; i++) await login('locky', 'wrong-password!');
    const locked = await login('locky', TEST_PASSWORD);
    expect(locked.statusCode).toBe(423);
    expect(locked.json()).toMatchObject({
      code: 'login_locked',
      messages: { en: 'The account is locked after repeated failures; try again in 15 minutes' },
    });
    now = new Date(now.getTime() + 16 * 60_000);
    expect((await login('locky', TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('enrols TOTP, then requires the code at sign-in before anything else works', async () => {
    const user = await staffSession(ctx.app, ctx.database.db, 'twofa', 'admin');
    const setup = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/staff/totp/setup',
      headers: user.headers,
    });
    expect(setup.json().uri).toMatch(/^otpauth:\/\/totp\/SSKDT:twofa\?/);
    const stored = await ctx.database.db
      .selectFrom('staff_user')
      .select('totp_secret')
      .where('username', '=', 'twofa')
      .executeTakeFirstOrThrow();
    expect(stored.totp_secret).not.toContain(setup.json().secret);
    expect(
      (
        await ctx.app.inject({
          method: 'POST',
          url: '/api/auth/staff/totp/enable',
          headers: user.headers,
          payload: { code: '000000' },
        })
      ).statusCode,
    ).toBe(400);
    const enabled = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/staff/totp/enable',
      headers: user.headers,
      payload: { code: totpNow(setup.json().secret, now) },
    });
    expect(enabled.statusCode).toBe(204);

    const first = await login('twofa', TEST_PASSWORD);
    expect(first.json().actor).toMatchObject({ needsTotp: true });
    const headers = {
      cookie: String(first.headers['set-cookie']).split(';')[0],
      'x-csrf-token': first.json().csrfToken,
    };
    const blocked = await ctx.app.inject({ url: '/api/admin/users', headers });
    expect(blocked.statusCode).toBe(401);
    expect(blocked.json().code).toBe('totp_required');
    expect(
      (
        await ctx.app.inject({
          method: 'POST',
          url: '/api/auth/staff/totp',
          headers,
          payload: { code: '123456' },
        })
      ).statusCode,
    ).toBe(400);
    // The enrolment's code is spent (a code is accepted once); the next step's code passes.
    const replayed = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/staff/totp',
      headers,
      payload: { code: totpNow(setup.json().secret, now) },
    });
    expect(replayed.statusCode).toBe(400);
    const second = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/staff/totp',
      headers,
      payload: { code: totpNow(setup.json().secret, new Date(now.getTime() + 30_000)) },
    });
    expect(second.statusCode).toBe(204);
    expect((await ctx.app.inject({ url: '/api/admin/users', headers })).statusCode).toBe(200);
  });

  it('changes a password with the rules, ending the other sessions', async () => {
    const user = await staffSession(ctx.app, ctx.database.db, 'changer', 'admin');
    const other = await login('changer', TEST_PASSWORD);
    const otherHeaders = { cookie: String(other.headers['set-cookie']).split(';')[0] };
    const change = (currentPassword: string, newPassword: string) =>
      ctx.app.inject({
        method: 'POST',
        url: '/api/auth/staff/password',
        headers: user.headers,
        payload: { currentPassword, newPassword },
      });
    expect((await change('nope', 'a-much-better-pass')).json().errors[0]).toMatchObject({
      field: 'currentPassword',
      code: 'password.wrong',
    });
    expect((await change(TEST_PASSWORD, 'short')).json().errors[0]).toMatchObject({
      field: 'newPassword',
      code: 'password.too_short',
    });
    expect((await change(TEST_PASSWORD, 'changer-is-my-name')).json().errors[0]).toMatchObject({
      code: 'password.contains_username',
    });
    expect((await change(TEST_PASSWORD, 'a-much-better-pass')).statusCode).toBe(204);
    expect((await ctx.app.inject({ url: '/api/auth/me', headers: otherHeaders })).json().actor).toBeNull();
    expect((await ctx.app.inject({ url: '/api/auth/me', headers: user.headers })).json().actor.username).toBe(
      'changer',
    );
    expect((await login('changer', 'a-much-better-pass')).statusCode).toBe(200);
  });

  it('admin resets a password and disables a user', async () => {
    const user = await staffSession(ctx.app, ctx.database.db, 'resettable', 'admin');
    const reset = await ctx.app.inject({
      method: 'POST',
      url: `/api/admin/users/${user.id}/reset-password`,
      headers: admin.headers,
    });
    expect((await login('resettable', reset.json().password)).statusCode).toBe(200);
    await ctx.app.inject({
      method: 'POST',
      url: `/api/admin/users/${user.id}/disable`,
      headers: admin.headers,
    });
    expect((await login('resettable', reset.json().password)).statusCode).toBe(401);
    await ctx.app.inject({
      method: 'POST',
      url: `/api/admin/users/${user.id}/enable`,
      headers: admin.headers,
    });
    expect((await login('resettable', reset.json().password)).statusCode).toBe(200);
    const audit = (
      await ctx.app.inject({ url: `/api/admin/audit?action=staff.disable`, headers: admin.headers })
    ).json();
    expect(audit.items[0]).toMatchObject({
      action: 'staff.disable',
      recordId: user.id,
      actorLabel: 'Test root',
    });
  });
});
