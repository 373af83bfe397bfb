import { beforeAll, describe, expect, it } from 'vitest';
import { testApi } from '../../../../test/helpers/api.ts';
import { sessionFrom, staffSession, TEST_PASSWORD } from '../../../../test/helpers/auth.ts';
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
    testApi(ctx.app).auth.staffLogin.raw({ body: { username, password } });

  it('admin creates users with the right jurisdiction for their role; the generated password is shown once', async () => {
    const api = testApi(ctx.app, admin);
    const bad = await api.admin.createUser.raw({
      body: { username: 'x.y', displayName: 'X', role: 'commune_manager', unit: '01' },
    });
    expect(bad.problem?.errors?.[0]).toMatchObject({ field: 'unit', code: 'staff.unit_commune' });
    const noFacility = await api.admin.createUser.raw({
      body: { username: 'x.z', displayName: 'X', role: 'site_staff' },
    });
    expect(noFacility.problem?.errors?.[0]).toMatchObject({ field: 'facility' });
    const created = await api.admin.createUser.raw({
      body: {
        username: 'Lan.Nguyen',
        displayName: 'Nguyễn Thị Lan',
        role: 'province_manager',
        unit: '79',
      },
    });
    expect(created.status, JSON.stringify(created.problem)).toBe(201);
    expect(created.body?.username).toBe('lan.nguyen');
    expect(created.body?.password.length).toBeGreaterThanOrEqual(12);
    expect((await login('lan.nguyen', created.body?.password ?? '')).status).toBe(200);
    const row = await ctx.database.db
      .selectFrom('staff_user')
      .select('password_hash')
      .where('username', '=', 'lan.nguyen')
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    const list = await api.admin.users();
    expect(list.items.find((u) => u.username === 'lan.nguyen')).toMatchObject({
      role: 'province_manager',
      unitName: 'Thành phố Hồ Chí Minh',
    });
    const dup = await api.admin.createUser.raw({
      body: { username: 'lan.nguyen', displayName: 'Again', role: 'admin' },
    });
    expect(dup.status).toBe(409);
  });

  it('gives the same answer for an unknown user and a wrong password, and locks after 5 failures for 15 minutes', async () => {
    await staffSession(ctx.app, ctx.database.db, 'locky', 'admin');
    const unknown = await login('nobody', 'whatever-password');
    const wrong = await login('locky', 'wrong-password!');
    expect(unknown.status).toBe(401);
    expect(wrong.problem).toEqual({ ...unknown.problem, requestId: wrong.problem?.requestId });
    for (let i = 0; i < 4; i++) await login('locky', 'wrong-password!');
    const locked = await login('locky', TEST_PASSWORD);
    expect(locked.status).toBe(423);
    expect(locked.problem).toMatchObject({
      code: 'login_locked',
      messages: { en: 'The account is locked after repeated failures; try again in 15 minutes' },
    });
    now = new Date(now.getTime() + 16 * 60_000);
    expect((await login('locky', TEST_PASSWORD)).status).toBe(200);
  });

  it('enrols TOTP, then requires the code at sign-in before anything else works', async () => {
    const user = await staffSession(ctx.app, ctx.database.db, 'twofa', 'admin');
    const api = testApi(ctx.app, user);
    const setup = await api.auth.setupTotp();
    expect(setup.uri).toMatch(/^otpauth:\/\/totp\/SSKDT:twofa\?/);
    const stored = await ctx.database.db
      .selectFrom('staff_user')
      .select('totp_secret')
      .where('username', '=', 'twofa')
      .executeTakeFirstOrThrow();
    expect(stored.totp_secret).not.toContain(setup.secret);
    expect((await api.auth.enableTotp.raw({ body: { code: '000000' } })).status).toBe(400);
    const enabled = await api.auth.enableTotp.raw({ body: { code: totpNow(setup.secret, now) } });
    expect(enabled.status).toBe(204);

    const first = await login('twofa', TEST_PASSWORD);
    expect(first.body?.actor).toMatchObject({ needsTotp: true });
    const pending = testApi(ctx.app, sessionFrom(first));
    const blocked = await pending.admin.users.raw();
    expect(blocked.status).toBe(401);
    expect(blocked.problem?.code).toBe('totp_required');
    expect((await pending.auth.staffTotp.raw({ body: { code: '123456' } })).status).toBe(400);
    // The enrolment's code is spent (a code is accepted once); the next step's code passes.
    const replayed = await pending.auth.staffTotp.raw({ body: { code: totpNow(setup.secret, now) } });
    expect(replayed.status).toBe(400);
    const second = await pending.auth.staffTotp.raw({
      body: { code: totpNow(setup.secret, new Date(now.getTime() + 30_000)) },
    });
    expect(second.status).toBe(204);
    expect((await pending.admin.users.raw()).status).toBe(200);
  });

  it('changes a password with the rules, ending the other sessions', async () => {
    const user = await staffSession(ctx.app, ctx.database.db, 'changer', 'admin');
    const other = await login('changer', TEST_PASSWORD);
    const otherHeaders = { cookie: String(other.headers['set-cookie']).split(';')[0] };
    const change = (currentPassword: string, newPassword: string) =>
      testApi(ctx.app, user).auth.changePassword.raw({ body: { currentPassword, newPassword } });
    expect((await change('nope', 'a-much-better-pass')).problem?.errors?.[0]).toMatchObject({
      field: 'currentPassword',
      code: 'password.wrong',
    });
    expect((await change(TEST_PASSWORD, 'short')).problem?.errors?.[0]).toMatchObject({
      field: 'newPassword',
      code: 'password.too_short',
    });
    expect((await change(TEST_PASSWORD, 'changer-is-my-name')).problem?.errors?.[0]).toMatchObject({
      code: 'password.contains_username',
    });
    expect((await change(TEST_PASSWORD, 'a-much-better-pass')).status).toBe(204);
    expect((await testApi(ctx.app, { headers: otherHeaders }).auth.me()).actor).toBeNull();
    const me = (await testApi(ctx.app, user).auth.me()).actor;
    expect(me?.kind === 'staff' ? me.username : undefined).toBe('changer');
    expect((await login('changer', 'a-much-better-pass')).status).toBe(200);
  });

  it('admin resets a password and disables a user', async () => {
    const user = await staffSession(ctx.app, ctx.database.db, 'resettable', 'admin');
    const api = testApi(ctx.app, admin);
    const params = { id: user.id };
    const reset = await api.admin.resetPassword({ params });
    expect((await login('resettable', reset.password)).status).toBe(200);
    await api.admin.disableUser({ params });
    expect((await login('resettable', reset.password)).status).toBe(401);
    await api.admin.enableUser({ params });
    expect((await login('resettable', reset.password)).status).toBe(200);
    const audit = await api.admin.audit({ query: { action: 'staff.disable' } });
    expect(audit.items[0]).toMatchObject({
      action: 'staff.disable',
      recordId: user.id,
      actorLabel: 'Test root',
    });
  });
});
