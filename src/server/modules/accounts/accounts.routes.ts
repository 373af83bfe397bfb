import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  demoLoginsSchema,
  meSchema,
  otpRequestedSchema,
  otpRequestSchema,
  otpVerifySchema,
  passwordChangeSchema,
  staffLoginSchema,
  totpCodeSchema,
  totpSetupSchema,
} from '../../../shared/schemas/accounts.ts';
import { problemSchema } from '../../../shared/schemas/problem.ts';
import { clearSessionCookie, setSessionCookie, staffOf } from '../../plugins/auth.ts';
import { permissionsOf } from '../../policy/index.ts';
import { demoLogins } from './demo-logins.ts';
import * as otp from './otp.service.ts';
import * as sessions from './sign-in-sessions.service.ts';
import * as staff from './staff.service.ts';

const errors = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  423: problemSchema,
  429: problemSchema,
};
const TEN_MINUTES = 10 * 60_000;

/** Sign-in for citizens (phone + one-time code) and staff (password + optional TOTP), sessions, me. */
export const accountsRoutes: FastifyPluginAsyncZod = async (app) => {
  const otpContext = () => ({
    db: app.db,
    secret: app.secret,
    sms: app.sms,
    log: app.log,
    now: app.clock(),
    sessions: app.security.sessions,
    budget: { ...otp.DEFAULT_OTP_BUDGET, instancePerHour: app.security.smsPerHour },
  });

  app.post(
    '/api/auth/otp/request',
    {
      // Per address: 20 code requests per 10 minutes (otp.OTP_ADDRESS_LIMITS, counted with the request).
      config: { policy: 'public' },
      schema: {
        tags: ['accounts'],
        summary: 'Send a 6-digit sign-in code by SMS (same answer for every valid number)',
        body: otpRequestSchema,
        response: { 202: otpRequestedSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(202).send(await otp.requestCode(otpContext(), request.body.phone, request.ip)),
  );

  app.post(
    '/api/auth/otp/verify',
    {
      // Per address: 60 verifications per 10 minutes (otp.OTP_ADDRESS_LIMITS, counted with the check).
      config: { policy: 'public' },
      schema: {
        tags: ['accounts'],
        summary: 'Sign in with the code (5 wrong attempts lock it; valid 5 minutes)',
        body: otpVerifySchema,
        response: { 200: meSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { account, session } = await otp.verifyCode(
        otpContext(),
        request.body.phone,
        request.body.code,
        request.ip,
      );
      setSessionCookie(request, reply, session.token, session.expiresAt);
      return {
        actor: { kind: 'citizen' as const, accountId: account.id, phoneLast3: account.phone.slice(-3) },
        csrfToken: session.csrfToken,
      };
    },
  );

  app.post(
    '/api/auth/staff/login',
    {
      config: { policy: 'public', rateLimit: { max: 30, timeWindow: TEN_MINUTES } },
      schema: {
        tags: ['accounts'],
        summary: 'Staff sign-in (5 failures lock for 15 minutes)',
        body: staffLoginSchema,
        response: { 200: meSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { session } = await staff.login(
        app.db,
        request.body.username,
        request.body.password,
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
    },
  );

  app.post(
    '/api/auth/staff/totp',
    {
      config: { policy: 'staff-totp', rateLimit: { max: 30, timeWindow: TEN_MINUTES } },
      schema: {
        tags: ['accounts'],
        summary: 'Second factor of a staff sign-in',
        body: totpCodeSchema,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await staff.verifySecondFactor(app.db, app.secret, staffOf(request), request.body.code, app.clock());
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/auth/staff/totp/setup',
    {
      config: { policy: 'staff-enrol' },
      schema: {
        tags: ['accounts'],
        summary: 'Start two-factor enrolment: a secret for an authenticator app',
        response: { 200: totpSetupSchema, ...errors, 409: problemSchema },
      },
    },
    (request) => staff.beginTotpSetup(app.db, app.secret, staffOf(request)),
  );

  app.post(
    '/api/auth/staff/totp/enable',
    {
      config: { policy: 'staff-enrol' },
      schema: {
        tags: ['accounts'],
        summary: 'Confirm two-factor enrolment with a first code',
        body: totpCodeSchema,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await staff.enableTotp(app.db, app.secret, staffOf(request), request.body.code, app.clock());
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/auth/staff/password',
    {
      config: { policy: 'staff:account.self' },
      schema: {
        tags: ['accounts'],
        summary: 'Change your password (other sessions end)',
        body: passwordChangeSchema,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await staff.changePassword(
        app.db,
        staffOf(request),
        request.body.currentPassword,
        request.body.newPassword,
        app.clock(),
      );
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/auth/logout',
    {
      config: { policy: 'public' },
      schema: { tags: ['accounts'], summary: 'End this session', response: { 204: z.null() } },
    },
    async (request, reply) => {
      if (request.actor) await sessions.revokeSession(app.db, request.actor.sessionHash, app.clock());
      clearSessionCookie(reply);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/auth/me',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['accounts'],
        summary: 'Who is signed in, and the CSRF token for writes',
        response: { 200: meSchema },
      },
    },
    async (request) => {
      const actor = request.actor;
      if (!actor) return { actor: null, csrfToken: null };
      if (actor.kind === 'citizen') {
        return {
          actor: { kind: 'citizen' as const, accountId: actor.accountId, phoneLast3: actor.phone.slice(-3) },
          csrfToken: actor.csrfToken,
        };
      }
      return { actor: staffView(actor), csrfToken: actor.csrfToken };
    },
  );

  app.get(
    '/api/auth/demo-logins',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['accounts'],
        summary: 'Demo sign-ins, only on an instance holding demo data',
        response: { 200: demoLoginsSchema },
      },
    },
    () => demoLogins(app.db, app.sms.channel),
  );
};

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
