import { createHmac, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import { normalizePhone } from '../../../shared/rules/phone.ts';
import { AppError } from '../../app-error.ts';
import type { DB } from '../../db/schema.ts';
import type { SessionLimits } from '../../policy/settings.ts';
import type { InstanceSecret } from '../../secrets.ts';
import type { SmsSender } from '../../sms-sender.ts';
import * as audit from '../audit/audit.service.ts';
import type { OtpBudget } from './otp.repository.ts';
import * as repo from './otp.repository.ts';
import { newSession } from './sign-in-sessions.service.ts';

export const OTP_TTL_SECONDS = 300;
export const OTP_MAX_ATTEMPTS = 5;
/** How long the sign-in screen waits before offering "resend the code" (the budget below still applies). */
export const OTP_RESEND_SECONDS = 60;

/**
 * The default budgets: 5 codes per phone per 15 minutes, known number or not; 3 strikes in a day (a
 * window used up, a code locked by wrong attempts) lock the phone out for 24 hours, so the 5 × 5
 * guesses of a window cannot go on forever; 200,000 codes an hour for the whole instance (size it to the
 * SMS contract: SSKDT_SMS_PER_HOUR), against SMS pumping across many numbers.
 */
export const DEFAULT_OTP_BUDGET: OtpBudget = {
  perPhone: 5,
  windowMs: 15 * 60_000,
  maxStrikes: 3,
  strikeWindowMs: 24 * 3600_000,
  lockMs: 24 * 3600_000,
  instancePerHour: 200_000,
};

/**
 * Per-client-address limits of the two sign-in steps (10 minutes), counted in the statement that does
 * the step's work rather than by the route's rate limiter: one round trip fewer per request.
 */
export const OTP_ADDRESS_LIMITS = {
  request: { max: 20, windowMs: 10 * 60_000 },
  verify: { max: 60, windowMs: 10 * 60_000 },
};

function rateLimited(until: Date, now: Date) {
  return new AppError('rate_limited', 429, 'problem.rate_limited', [], {
    seconds: Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000)),
  });
}

export interface OtpContext {
  db: Kysely<DB>;
  secret: InstanceSecret;
  sms: SmsSender;
  log: FastifyBaseLogger;
  now: Date;
  sessions?: SessionLimits;
  budget?: OtpBudget;
}

function hashCode(secret: InstanceSecret, challengeId: string, code: string): string {
  return createHmac('sha256', secret.key('otp')).update(`${challengeId}:${code}`).digest('hex');
}

/** Normalises the phone field or answers 400 naming it. */
export function requirePhone(value: string): string {
  const phone = normalizePhone(value);
  if (!phone.ok) throw AppError.validation(phone.issues.map((i) => ({ field: 'phone', in: 'body', ...i })));
  return phone.value.national;
}

/**
 * Sends a 6-digit code to any valid mobile number. The answer is the same whether or not the number
 * has an account (signing in with a new number creates one), so it reveals nothing.
 */
export async function requestCode(ctx: OtpContext, phoneInput: string, ip: string) {
  const phone = requirePhone(phoneInput);
  const budget = ctx.budget ?? DEFAULT_OTP_BUDGET;
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const id = randomUUID();
  const outcome = await repo.replaceChallengeWithinBudget(
    ctx.db,
    {
      id,
      phone,
      code_hash: hashCode(ctx.secret, id, code),
      expires_at: new Date(ctx.now.getTime() + OTP_TTL_SECONDS * 1000),
      ip,
      created_at: ctx.now,
    },
    budget,
    { key: `otp-request:${ip}`, ...OTP_ADDRESS_LIMITS.request },
  );
  if (!outcome.stored) {
    const until = outcome.addressRefusedUntil ?? outcome.lockedUntil ?? outcome.windowEnds ?? ctx.now;
    throw rateLimited(until, ctx.now);
  }
  // Delivery happens after the answer: a slow gateway must not hold the request. Deliberately NOT
  // through the notification outbox: a one-time code must never be stored in a table (only its hash is),
  // and a code delivered late is useless anyway; the citizen simply asks for a new one.
  ctx.sms
    .send({
      to: phone,
      code,
      // Without diacritics on purpose: Unicode SMS fit 70 characters a segment instead of 160.
      text: `SSKDT: ma xac thuc cua ban la ${code}, hieu luc 5 phut. Khong chia se ma nay. / Your sskdt code is ${code}.`,
    })
    .catch((error) => ctx.log.warn({ err: error, channel: ctx.sms.channel }, 'SMS delivery failed'));
  return { expiresInSeconds: OTP_TTL_SECONDS, resendInSeconds: OTP_RESEND_SECONDS };
}

/** Checks a code: 5 wrong attempts lock it; a right one signs in (creating the account if new). */
export async function verifyCode(ctx: OtpContext, phoneInput: string, code: string, ip: string) {
  const phone = requirePhone(phoneInput);
  const outcome = await ctx.db.transaction().execute(async (trx) => {
    const { addressRefusedUntil, challenge } = await repo.lockCurrentChallenge(
      trx,
      phone,
      { key: `otp-verify:${ip}`, ...OTP_ADDRESS_LIMITS.verify },
      ctx.now,
    );
    if (addressRefusedUntil) return { error: rateLimited(addressRefusedUntil, ctx.now) };
    if (!challenge)
      return {
        error: new AppError('otp_invalid', 400, 'otp.invalid', [
          { field: 'code', in: 'body', code: 'otp.invalid' },
        ]),
      };
    if (
      challenge.attempts >= OTP_MAX_ATTEMPTS ||
      (challenge.locked_until && challenge.locked_until > ctx.now)
    )
      return { error: new AppError('otp_locked', 429, 'otp.locked') };
    if (challenge.expires_at.getTime() <= ctx.now.getTime()) {
      return {
        error: new AppError('otp_expired', 400, 'otp.expired', [
          { field: 'code', in: 'body', code: 'otp.expired' },
        ]),
      };
    }
    const expected = Buffer.from(challenge.code_hash, 'hex');
    const given = Buffer.from(hashCode(ctx.secret, challenge.id, code), 'hex');
    if (!timingSafeEqual(expected, given)) {
      const attempts = await repo.addAttempt(trx, challenge.id);
      await audit.record(trx, { kind: 'system', ip }, 'account.login_failed', {
        details: { phoneEnd: phone.slice(-3), attempts },
      });
      if (attempts >= OTP_MAX_ATTEMPTS) {
        await repo.strikePhone(trx, phone, ctx.now, ctx.budget ?? DEFAULT_OTP_BUDGET);
        return { error: new AppError('otp_locked', 429, 'otp.locked') };
      }
      const left = OTP_MAX_ATTEMPTS - attempts;
      return {
        error: new AppError('otp_invalid', 400, 'otp.invalid', [
          { field: 'code', in: 'body', code: 'otp.wrong', params: { left } },
        ]),
      };
    }
    // The account id is not known yet: the sign-in statement fills it into the session row.
    const session = newSession({ kind: 'citizen', accountId: '' }, ip, ctx.now, ctx.sessions);
    const account = await repo.completeSignIn(trx, {
      challengeId: challenge.id,
      phone,
      now: ctx.now,
      session: session.row,
      audit: audit.auditRow({ kind: 'citizen', role: 'citizen', ip }, 'account.login'),
    });
    return {
      account,
      session: { token: session.token, csrfToken: session.csrfToken, expiresAt: session.expiresAt },
    };
  });
  // A wrong attempt must be counted even though the request fails, so the error is thrown after commit.
  if ('error' in outcome) throw outcome.error;
  return outcome;
}

/** Deletes per-phone budgets with nothing left to decide (window, lock and strikes ended a day ago). */
export function pruneBudgets(db: Kysely<DB>, now: Date): Promise<number> {
  return repo.deleteSpentBudgets(
    db,
    new Date(now.getTime() - DEFAULT_OTP_BUDGET.strikeWindowMs - 24 * 3600_000),
  );
}
