import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../app-error.ts';
import { type Actor, type CitizenActor, can, type Policy, type StaffActor } from '../policy/index.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The session cookie's name. */
const SESSION_COOKIE = 'sskdt_session';

/**
 * Turns a session token (cookie or bearer) into the actor behind it, or null: the sign-in sessions'
 * `resolveActor` (accounts), handed in by the app so this plugin does not import a module.
 */
type ActorResolver = (
  db: FastifyInstance['db'],
  token: string,
  ip: string,
  now: Date,
  limits: FastifyInstance['security']['sessions'],
) => Promise<Actor | null>;

/**
 * The one policy layer. Each request's session (cookie, or `Authorization: Bearer` for API clients)
 * becomes `request.actor`; each route's declared policy is then checked against it. Writes made with a
 * cookie must echo the session's CSRF token in `x-csrf-token`. Record-level jurisdiction is enforced by
 * the services (scoped queries, 404 for what is out of reach).
 */
export async function registerAuth(app: FastifyInstance, resolveActor: ActorResolver) {
  await app.register(fastifyCookie);
  app.decorateRequest('actor', null);

  // Before validation: an unauthenticated caller learns nothing about a route's input rules.
  app.addHook('preValidation', async (request) => {
    const policy = request.routeOptions.config?.policy as Policy | undefined;
    if (!policy || policy === 'public') {
      request.actor = await actorOf(app, resolveActor, request).catch(() => null);
      return;
    }
    const actor = await actorOf(app, resolveActor, request);
    if (!actor) throw new AppError('unauthenticated', 401, 'auth.required');
    request.actor = actor;
    const viaCookie = !request.headers.authorization;
    if (
      viaCookie &&
      !SAFE_METHODS.has(request.method) &&
      request.headers['x-csrf-token'] !== actor.csrfToken
    ) {
      throw new AppError('csrf_failed', 403, 'auth.csrf');
    }
    if (policy === 'citizen') {
      if (actor.kind !== 'citizen') throw new AppError('forbidden', 403, 'auth.forbidden');
      return;
    }
    if (actor.kind !== 'staff') throw new AppError('forbidden', 403, 'auth.forbidden');
    if (policy === 'staff-totp') return;
    if (policy === 'staff-enrol') {
      if (actor.apiKeyId) throw new AppError('forbidden', 403, 'auth.forbidden');
      if (actor.needsTotp) throw new AppError('totp_required', 401, 'auth.totp_required');
      return;
    }
    if (actor.needsTotp) throw new AppError('totp_required', 401, 'auth.totp_required');
    if (actor.needsTotpSetup) throw new AppError('totp_setup_required', 403, 'auth.totp_setup_required');
    if (!can(actor, policy.slice('staff:'.length) as Parameters<typeof can>[1])) {
      throw new AppError('forbidden', 403, 'auth.forbidden');
    }
  });
}

async function actorOf(
  app: FastifyInstance,
  resolveActor: ActorResolver,
  request: FastifyRequest,
): Promise<Actor | null> {
  const header = request.headers.authorization;
  const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : request.cookies[SESSION_COOKIE];
  if (!token || token.length > 200) return null;
  return resolveActor(app.db, token, request.ip, app.clock(), app.security.sessions);
}

/** The signed-in staff member of a `staff…` route. */
export function staffOf(request: FastifyRequest): StaffActor {
  if (request.actor?.kind !== 'staff') throw new AppError('unauthenticated', 401, 'auth.required');
  return request.actor;
}

/** The signed-in citizen account of a `citizen` route. */
export function citizenOf(request: FastifyRequest): CitizenActor {
  if (request.actor?.kind !== 'citizen') throw new AppError('unauthenticated', 401, 'auth.required');
  return request.actor;
}

/**
 * Sets the session cookie: httpOnly, SameSite=Lax, and Secure unless the operator explicitly serves
 * plain HTTP (`--plain-http`): behind a TLS proxy the request itself may look like plain HTTP.
 */
export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  expiresAt: Date,
) {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: !request.server.security.plainHttp,
    expires: expiresAt,
  });
}

/** Clears the session cookie. */
export function clearSessionCookie(reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}
