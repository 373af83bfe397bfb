import { createHash, createHmac, randomBytes, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { searchKey } from '../../../shared/rules/vietnamese-text.ts';
import type { Passport } from '../../../shared/schemas/certificates.ts';
import { AppError } from '../../app-error.ts';
import type { InstanceSecret } from '../../secrets.ts';
import type { SmsSender } from '../../sms-sender.ts';
import { OTP_RESEND_SECONDS, requirePhone } from '../accounts/otp.service.ts';
import * as audit from '../audit/audit.service.ts';
import type { IssueContext } from './certificates.service.ts';
import { passportOf, reissueCertificate, usableCertificateOf } from './passports.service.ts';
import * as repo from './public-lookup.repository.ts';

/**
 * The public certificate lookup, for people without an account: full name + birth date + phone, then
 * a 6-digit code sent by SMS to that phone, then the person's certificate and a short-lived token for
 * its PDF. Nothing tells a hit from a miss: the same statements run, the same answer comes back, and a
 * miss's challenge simply never accepts a code.
 */

export const LOOKUP_CODE_TTL_SECONDS = 300;
export const LOOKUP_MAX_ATTEMPTS = 5;
/** At most this many lookups per phone in the window, matched or not. */
export const LOOKUP_PER_PHONE = 3;
export const LOOKUP_PER_PHONE_WINDOW_MINUTES = 15;
export const LOOKUP_TOKEN_TTL_SECONDS = 900;

/** The audit trail's actor of a public lookup: someone who proved the phone, with no account. */
const CHANNEL = 'public-lookup';

export interface LookupContext {
  issue: IssueContext;
  secret: InstanceSecret;
  sms: SmsSender;
  log: FastifyBaseLogger;
}

const hmac = (secret: InstanceSecret, text: string) =>
  createHmac('sha256', secret.key('otp')).update(text).digest('hex');
const codeHash = (secret: InstanceSecret, lookupId: string, code: string) =>
  hmac(secret, `certificate-lookup:${lookupId}:${code}`);
const phoneHash = (secret: InstanceSecret, phone: string) =>
  hmac(secret, `certificate-lookup-phone:${phone}`);
const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

const actorAt = (ip: string): audit.AuditActor => ({ kind: 'citizen', role: CHANNEL, ip });

/** The one answer of every failed verify: wrong code, no match, expired, used, or too many attempts. */
const codeInvalid = () =>
  new AppError('lookup_code_invalid', 400, 'lookup.code_invalid', [
    { field: 'code', in: 'body', code: 'lookup.code_invalid' },
  ]);

/**
 * Starts a lookup. Always answers `{lookupId, expiresAt}`; a code goes out only when exactly one
 * person (not merged away) has this name key, birth date and phone. 429 when the phone had
 * `LOOKUP_PER_PHONE` lookups in the window — counted for hits and misses alike.
 */
export async function startLookup(
  ctx: LookupContext,
  input: { fullName: string; birthDate: string; phone: string },
  ip: string,
) {
  const phone = requirePhone(input.phone);
  const nameKey = searchKey(input.fullName);
  if (!nameKey) throw AppError.validation([{ field: 'fullName', in: 'body', code: 'name.empty' }]);
  const { db, now } = ctx.issue;
  const personId = await repo.matchPerson(db, nameKey, input.birthDate, phone);
  // A code is drawn and hashed for a miss too: the same work, and nobody can ever know it.
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const id = randomUUID();
  const expiresAt = new Date(now.getTime() + LOOKUP_CODE_TTL_SECONDS * 1000);
  const stored = await repo.insertWithinLimit(
    db,
    {
      id,
      person_id: personId,
      phone_hash: phoneHash(ctx.secret, phone),
      code_hash: codeHash(ctx.secret, id, code),
      expires_at: expiresAt,
      ip,
      created_at: now,
    },
    new Date(now.getTime() - LOOKUP_PER_PHONE_WINDOW_MINUTES * 60_000),
    LOOKUP_PER_PHONE,
  );
  if (!stored)
    throw new AppError('rate_limited', 429, 'problem.rate_limited', [], {
      seconds: LOOKUP_PER_PHONE_WINDOW_MINUTES * 60,
    });
  if (personId) {
    // After the answer, as the sign-in code: a slow gateway must not show in the response time.
    ctx.sms
      .send({
        to: phone,
        code,
        // Without diacritics: a plain SMS segment holds 160 characters, a Unicode one 70.
        text: `SSKDT: ma tra cuu chung nhan tiem chung la ${code}, hieu luc 5 phut. Khong chia se ma nay. / Your sskdt certificate lookup code is ${code}.`,
      })
      .catch((error) => ctx.log.warn({ err: error, channel: ctx.sms.channel }, 'SMS delivery failed'));
  }
  return { lookupId: id, expiresAt: expiresAt.toISOString(), resendInSeconds: OTP_RESEND_SECONDS };
}

/** The passport of a person (a certificate or a revoked one's state), or null with no recorded dose yet. */
async function certificateOrNull(ctx: IssueContext, personId: string): Promise<Passport | null> {
  try {
    return await passportOf(ctx, personId);
  } catch (error) {
    if (error instanceof AppError && error.code === 'no_doses') return null;
    throw error;
  }
}

/**
 * Checks a lookup's code. The right one (5 attempts) earns a random token, stored hashed, valid
 * `LOOKUP_TOKEN_TTL_SECONDS`, and the certificate; everything else is one identical 400.
 */
export async function verifyLookup(ctx: LookupContext, lookupId: string, code: string, ip: string) {
  const { db, now } = ctx.issue;
  const outcome = await db.transaction().execute(async (trx) => {
    const lookup = await repo.lockLookup(trx, lookupId);
    if (!lookup) return null;
    if (lookup.verified_at || lookup.attempts >= LOOKUP_MAX_ATTEMPTS || new Date(lookup.expires_at) <= now)
      return null;
    const expected = Buffer.from(lookup.code_hash, 'hex');
    const given = Buffer.from(codeHash(ctx.secret, lookup.id, code), 'hex');
    if (!timingSafeEqual(expected, given) || !lookup.person_id) {
      await repo.addAttempt(trx, lookup.id);
      return null;
    }
    const token = randomBytes(32).toString('base64url');
    const tokenExpiresAt = new Date(now.getTime() + LOOKUP_TOKEN_TTL_SECONDS * 1000);
    await repo.completeLookup(trx, lookup.id, { hash: tokenHash(token), expiresAt: tokenExpiresAt }, now);
    return { personId: lookup.person_id, token, tokenExpiresAt };
  });
  // A wrong attempt is counted even though the request fails, so the error is thrown after commit.
  if (!outcome) throw codeInvalid();
  const certificate = await certificateOrNull(ctx.issue, outcome.personId);
  await audit.record(db, actorAt(ip), 'certificate.read', {
    personId: outcome.personId,
    recordType: 'certificate',
    ...(certificate ? { recordId: certificate.uvci } : {}),
    details: { channel: CHANNEL, lookupId },
  });
  return {
    token: outcome.token,
    tokenExpiresAt: outcome.tokenExpiresAt.toISOString(),
    certificate,
  };
}

/** The person a live lookup token opens; 401 for an unknown or expired token. */
async function personOfToken(ctx: LookupContext, token: string | undefined) {
  const found =
    token && token.length <= 100
      ? await repo.personOfToken(ctx.issue.db, tokenHash(token), ctx.issue.now)
      : null;
  if (!found) throw new AppError('lookup_token_invalid', 401, 'lookup.token_invalid');
  return found;
}

/**
 * A new certificate after a revocation, for the holder of a live lookup token, where the rules allow
 * it (as the citizen's own route); audited like every disclosure of the lookup.
 */
export async function reissueByToken(ctx: LookupContext, token: string | undefined, ip: string) {
  const found = await personOfToken(ctx, token);
  const certificate = await reissueCertificate(ctx.issue, found.personId);
  await audit.record(ctx.issue.db, actorAt(ip), 'certificate.reissue', {
    personId: found.personId,
    recordType: 'certificate',
    recordId: certificate.uvci,
    details: { channel: CHANNEL, lookupId: found.lookupId },
  });
  return certificate;
}

/** The certificate a live lookup token opens (for its PDF); 401 for an unknown or expired token. */
export async function certificateByToken(ctx: LookupContext, token: string | undefined, ip: string) {
  const found = await personOfToken(ctx, token);
  const certificate = await usableCertificateOf(ctx.issue, found.personId);
  await audit.record(ctx.issue.db, actorAt(ip), 'certificate.read', {
    personId: found.personId,
    recordType: 'certificate',
    recordId: certificate.uvci,
    details: { channel: CHANNEL, lookupId: found.lookupId, format: 'pdf' },
  });
  return certificate;
}
