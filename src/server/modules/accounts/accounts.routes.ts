import type { FastifyContextConfig, FastifyInstance } from 'fastify';
import { auth as api } from '../../../shared/contracts/auth.ts';
import { mount } from '../../http/mount.ts';
import { clearSessionCookie, setSessionCookie, staffOf } from '../../plugins/auth.ts';
import { permissionsOf } from '../../policy/index.ts';
import { demoLogins } from './demo-logins.ts';
import * as otp from './otp.service.ts';
import * as sessions from './sign-in-sessions.service.ts';
import * as staff from './staff.service.ts';

const TEN_MINUTES = 10 * 60_000;

/**
 * The app with extra route config (a per-route rate limit) on the routes mounted through it: the rate
 * limiter reads `config.rateLimit` when the route is added, so it has to be there from the start.
 */
function withConfig(app: FastifyInstance, config: FastifyContextConfig): FastifyInstance {
  return Object.assign(Object.create(app) as FastifyInstance, {
    route: (options: Parameters<FastifyInstance['route']>[0]) =>
      app.route({ ...options, config: { ...options.config, ...config } }),
  });
}

/** Sign-in for citizens (phone + one-time code) and staff (password + optional TOTP), sessions, me. */
export async function accountsRoutes(app: FastifyInstance) {
  const limited = withConfig(app, { rateLimit: { max: 30, timeWindow: TEN_MINUTES } });
  const otpContext = () => ({
    db: app.db,
    secret: app.secret,
    sms: app.sms,
    log: app.log,
    now: app.clock(),
    sessions: app.security.sessions,
    budget: { ...otp.DEFAULT_OTP_BUDGET, instancePerHour: app.security.smsPerHour },
  });

  mount(app, api.requestCode, ({ body }, request) => otp.requestCode(otpContext(), body.phone, request.ip));

  mount(app, api.verifyCode, async ({ body }, request, reply) => {
    const { account, session } = await otp.verifyCode(otpContext(), body.phone, body.code, request.ip);
    setSessionCookie(request, reply, session.token, session.expiresAt);
    return {
      actor: { kind: 'citizen' as const, accountId: account.id, phoneLast3: account.phone.slice(-3) },
      csrfToken: session.csrfToken,
    };
  });

  mount(limited, api.staffLogin, async ({ body }, request, reply) => {
    const { session } = await staff.login(
      app.db,
      body.username,
      body.password,
      request.ip,
      app.clock(),
      app.security.totpRequiredRoles,
    );
    setSessionCookie(request, reply, session.token, session.expiresAt);
    const actor = await sessions.resolveActor(
      app.db,
      session.token,
      request.ip,
      app.clock(),
      app.security.sessions,
    );
    if (actor?.kind !== 'staff') throw new Error('staff session did not resolve');
    return { actor: staffView(actor), csrfToken: session.csrfToken };
  });

  mount(limited, api.staffTotp, async ({ body }, request) => {
    await staff.verifySecondFactor(app.db, app.secret, staffOf(request), body.code, app.clock());
    return null;
  });

  mount(app, api.setupTotp, (_parts, request) => staff.beginTotpSetup(app.db, app.secret, staffOf(request)));

  mount(app, api.enableTotp, async ({ body }, request) => {
    await staff.enableTotp(app.db, app.secret, staffOf(request), body.code, app.clock());
    return null;
  });

  mount(app, api.changePassword, async ({ body }, request) => {
    await staff.changePassword(app.db, staffOf(request), body.currentPassword, body.newPassword, app.clock());
    return null;
  });

  mount(app, api.logout, async (_parts, request, reply) => {
    if (request.actor) await sessions.revokeSession(app.db, request.actor.sessionHash, app.clock());
    clearSessionCookie(reply);
    return null;
  });

  mount(app, api.me, (_parts, request) => {
    const actor = request.actor;
    if (!actor) return { actor: null, csrfToken: null };
    if (actor.kind === 'citizen') {
      return {
        actor: { kind: 'citizen' as const, accountId: actor.accountId, phoneLast3: actor.phone.slice(-3) },
        csrfToken: actor.csrfToken,
      };
    }
    return { actor: staffView(actor), csrfToken: actor.csrfToken };
  });

  mount(app, api.demoLogins, () => demoLogins(app.db, app.sms.channel));
}

function staffView(actor: ReturnType<typeof staffOf>) {
  return {
    kind: 'staff' as const,
    staffId: actor.staffId,
    username: actor.username,
    displayName: actor.displayName,
    role: actor.role,
    scope: actor.scope,
    needsTotp: actor.needsTotp,
    needsTotpSetup: actor.needsTotpSetup,
    permissions: permissionsOf(actor.role),
  };
}
