import { createHmac, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import { normalizePhone } from '../../../shared/rules/phone.ts';
import { AppError } from '../../app-error.ts';
import type { DB } from '../../db/schema.ts';
import type { InstanceSecret } from '../../secrets.ts';
import * as audit from '../audit/audit.service.ts';
import type { SmsSender } from '../notifications/sms.ts';
import * as repo from './otp.repository.ts';
import { newSession, type SessionLimits } from './sessions.service.ts';

export const OTP_TTL_SECONDS = 300;
export const OTP_MAX_ATTEMPTS = 5;
/** At most this many codes per phone in the window, known number or not. */
export const OTP_PER_PHONE = 5;
export const OTP_PER_PHONE_WINDOW_MINUTES = 15;

export interface OtpContext {
  db: Kysely<DB>;
  secret: InstanceSecret;
  sms: SmsSender;
  log: FastifyBaseLogger;
  now: Date;
  sessions?: SessionLimits;
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
  const windowStart = new Date(ctx.now.getTime() - OTP_PER_PHONE_WINDOW_MINUTES * 60_000);
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const id = randomUUID();
  const stored = await repo.replaceChallengeWithinLimit(
    ctx.db,
    {
      id,
      phone,
      code_hash: hashCode(ctx.secret, id, code),
      expires_at: new Date(ctx.now.getTime() + OTP_TTL_SECONDS * 1000),
      ip,
      created_at: ctx.now,
    },
    windowStart,
    OTP_PER_PHONE,
  );
  if (!stored)
    throw new AppError('rate_limited', 429, 'problem.rate_limited', [], {
      seconds: OTP_PER_PHONE_WINDOW_MINUTES * 60,
    });
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
  return { expiresInSeconds: OTP_TTL_SECONDS };
}

/** Checks a code: 5 wrong attempts lock it; a right one signs in (creating the account if new). */
export async function verifyCode(ctx: OtpContext, phoneInput: string, code: string, ip: string) {
  const phone = requirePhone(phoneInput);
  const outcome = await ctx.db.transaction().execute(async (trx) => {
    const challenge = await repo.lockCurrentChallenge(trx, phone);
    if (!challenge)
      return {
        error: new AppError('otp_invalid', 400, 'otp.invalid', [
          { field: 'code', in: 'body', code: 'otp.invalid' },
        ]),
      };
    if (challenge.attempts >= OTP_MAX_ATTEMPTS)
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
      if (attempts >= OTP_MAX_ATTEMPTS) return { error: new AppError('otp_locked', 429, 'otp.locked') };
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
