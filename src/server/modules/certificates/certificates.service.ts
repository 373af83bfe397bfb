import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { signDcc } from '../../../shared/certificate/issue-dcc.ts';
import { DEFAULT_ISSUER_NAME } from '../../../shared/certificate/issuer-name.ts';
import { nodePlatform } from '../../../shared/certificate/platform.node.ts';
import { signShcJws } from '../../../shared/certificate/shc-jws.ts';
import { shcNumericEncode, shcQrTexts } from '../../../shared/certificate/shc-numeric.ts';
import { vietnamDate } from '../../../shared/format.ts';
import type { DB } from '../../db/schema.ts';
import type { KeySealer } from '../../key-seal.ts';
import * as doseRecords from '../doses/doses.service.ts';
import * as repo from './certificates.repository.ts';
import {
  buildDcc,
  buildShcPayload,
  type CertifiedDose,
  type CertifiedPerson,
  contentHash,
  newUvci,
} from './dcc-content.ts';
import { currentSigner, type Signer } from './keys.service.ts';

/**
 * Issuance: a person's recorded doses → an EU DCC (the last dose, 12 months) and a SMART Health Card
 * (every dose), stored with their UVCI. A certificate stays current while what it certifies is
 * unchanged; otherwise the next issue revokes it (superseded) and signs a new one.
 */

export interface CertificateSettings {
  /** The EU DCC `is` field. */
  issuerName: string;
  /** The SMART Health Card `iss`: the public base URL where /.well-known/jwks.json is served. */
  shcIssuer: string;
  validityMonths: number;
}

export function certificateSettings(env = process.env): CertificateSettings {
  return {
    issuerName: env.SSKDT_CERT_ISSUER_NAME || DEFAULT_ISSUER_NAME,
    shcIssuer: (env.SSKDT_SHC_ISSUER || 'https://sskdt.invalid').replace(/\/+$/, ''),
    validityMonths: 12,
  };
}

export interface IssueContext {
  db: Kysely<DB>;
  sealer: KeySealer;
  settings: CertificateSettings;
  now: Date;
  /** Called after issuance revoked a certificate (superseded): the local trust files are rewritten. */
  onRevoked?: () => void;
}

export class NoSigningKeyError extends Error {
  override name = 'NoSigningKeyError';
}

/** What a certificate certifies: the person and their recorded doses, oldest first. */
export async function certifiedData(
  db: Kysely<DB>,
  personId: string,
): Promise<{ person: CertifiedPerson; doses: CertifiedDose[] } | null> {
  const person = await repo.personToCertify(db, personId);
  if (!person) return null;
  const rows = await repo.dosesToCertify(db, personId);
  return {
    person: { fullName: person.full_name, birthDate: String(person.birth_date).slice(0, 10) },
    doses: rows.map((r) => ({
      id: r.id,
      vaccineCode: r.vaccine_code,
      productName: r.brand,
      manufacturer: r.manufacturer,
      euMp: r.eu_mp,
      euMa: r.eu_ma,
      euVp: r.eu_vp,
      dosesInSeries: r.doses_in_series,
      doseNumber: r.dose_number,
      givenOn: r.given_on.slice(0, 10),
      country: r.country,
      lotNumber: r.lot_number,
      facilityName: r.facility_name,
    })),
  };
}

export interface SignedCertificate {
  uvci: string;
  euDcc: string;
  shcJws: string;
  shcRid: string;
  issuedAt: Date;
  expiresAt: Date;
}

const addMonths = (d: Date, months: number) => {
  const out = new Date(d);
  out.setUTCMonth(out.getUTCMonth() + months);
  return out;
};

/**
 * When a certificate stops being valid: one rule with the status card. A complete series (or a
 * booster) is valid until the status engine's `validUntil` (12 months after the last counted dose),
 * to the end of that day in Viet Nam, the date the status card shows; a partial series has no such
 * date and its certificate runs `validityMonths` from the day it is issued.
 */
export function certificateExpiry(
  status: { validUntil: string | null },
  settings: CertificateSettings,
  now: Date,
): Date {
  if (status.validUntil) return new Date(`${status.validUntil}T23:59:59+07:00`);
  return addMonths(now, settings.validityMonths);
}

/** Signs both formats (no database): the hot path the bench measures. */
export async function signCertificates(
  person: CertifiedPerson,
  doses: CertifiedDose[],
  signer: Signer,
  settings: CertificateSettings,
  now: Date,
  /** From `certificateExpiry`; by default `validityMonths` from now. */
  expiresAt: Date = addMonths(now, settings.validityMonths),
): Promise<SignedCertificate> {
  const uvci = newUvci();
  const iat = Math.floor(now.getTime() / 1000);
  // The DSC must cover iat…exp, so a certificate never outlives its signer.
  const exp = Math.min(Math.floor(expiresAt.getTime() / 1000), Math.floor(signer.notAfter.getTime() / 1000));
  const euDcc = await signDcc(
    {
      dcc: buildDcc(person, doses, { uvci, issuerName: settings.issuerName }),
      issuer: 'VN',
      issuedAt: iat,
      expiresAt: exp,
      alg: signer.alg,
      kid: signer.kidBytes,
      key: signer.key,
    },
    nodePlatform,
  );
  const shcRid = randomBytes(8).toString('base64url');
  const shcJws = await signShcJws(
    buildShcPayload(person, doses, {
      issuer: settings.shcIssuer,
      rid: shcRid,
      issuedAt: iat,
      expiresAt: exp,
    }),
    signer.shcKey,
    signer.shcKid,
    nodePlatform,
  );
  return { uvci, euDcc, shcJws, shcRid, issuedAt: new Date(iat * 1000), expiresAt: new Date(exp * 1000) };
}

/** Signers opened per sealer: decrypting and importing a key once, not per certificate. */
const signerCache = new WeakMap<KeySealer, { signer: Signer; until: number }>();

async function signerFor(ctx: IssueContext): Promise<Signer> {
  const cached = signerCache.get(ctx.sealer);
  if (cached && cached.until > Date.now() && cached.signer.notAfter > ctx.now) return cached.signer;
  const signer = await currentSigner(ctx.db, ctx.sealer, ctx.now);
  if (!signer) throw new NoSigningKeyError('no document signer key: run `sskdt keys init`');
  signerCache.set(ctx.sealer, { signer, until: Date.now() + 60_000 });
  return signer;
}

export type { IssuedRow } from './certificates.repository.ts';

/** Issuance refused: the same content was revoked for fraud or as issued in error. */
export class CertificateWithheldError extends Error {
  constructor() {
    super('certificate withheld after a revocation');
  }
}

/**
 * A certificate an officer revoked for fraud or as issued in error is not simply signed again on the
 * next view: issuance stays withheld while the certified content (identity + doses) is the same as the
 * revoked certificate's. Correcting the record (voiding the false dose, fixing the identity) changes the
 * content and lifts it. Superseded, key-compromise and other revocations do not withhold.
 */
export function withheld(db: Kysely<DB>, personId: string, hash: string): Promise<boolean> {
  return repo.revokedForCause(db, personId, hash);
}

export interface IssueOutcome {
  certificate: NonNullable<repo.IssuedRow>;
  /** A new certificate replaced a current one (which is now revoked, reason superseded). */
  superseded: boolean;
  created: boolean;
}

/**
 * The person's current certificate, issuing (or re-issuing) it when needed: null when the person has
 * no recorded dose (a current certificate is then revoked). One transaction.
 */
export async function issueFor(ctx: IssueContext, personId: string): Promise<IssueOutcome | null> {
  const data = await certifiedData(ctx.db, personId);
  const current = await repo.currentCertificate(ctx.db, personId);
  if (!data || data.doses.length === 0) {
    if (current) {
      await ctx.db.transaction().execute((trx) => repo.revokeIssued(trx, current, 'superseded', ctx.now));
      ctx.onRevoked?.();
    }
    return null;
  }
  const hash = contentHash(data.person, data.doses);
  if (!current && (await withheld(ctx.db, personId, hash))) throw new CertificateWithheldError();
  const { status } = await doseRecords.vaccinationRecord(ctx.db, personId, vietnamDate(ctx.now));
  const expiresAt = certificateExpiry(status, ctx.settings, ctx.now);
  // Current while it certifies the same doses, does not outlive the rule's date (one issued under an
  // older rule is replaced) and has not expired, unless the status itself has (nothing newer to sign).
  const held = current ? new Date(current.expires_at) : null;
  const fresh =
    current &&
    held &&
    current.content_hash === hash &&
    held.getTime() <= expiresAt.getTime() + 1000 &&
    (held > ctx.now || expiresAt <= ctx.now);
  if (current && fresh) {
    await repo.markChecked(ctx.db, current.id, ctx.now);
    return { certificate: current, superseded: false, created: false };
  }
  const signer = await signerFor(ctx);
  const signed = await signCertificates(data.person, data.doses, signer, ctx.settings, ctx.now, expiresAt);
  const certificate = await ctx.db.transaction().execute(async (trx) => {
    if (current) {
      // An expired certificate is simply replaced; a changed one is revoked.
      if (current.content_hash !== hash) await repo.revokeIssued(trx, current, 'superseded', ctx.now);
      else await repo.markReplaced(trx, current.id, ctx.now);
    }
    return repo.insertIssued(trx, {
      uvci: signed.uvci,
      person_id: personId,
      dose_ids: data.doses.map((d) => d.id),
      content_hash: hash,
      kid: signer.kid,
      eu_dcc: signed.euDcc,
      shc: signed.shcJws,
      shc_rid: signed.shcRid,
      issued_at: signed.issuedAt,
      expires_at: signed.expiresAt,
      checked_at: ctx.now,
    });
  });
  const superseded = !!current && current.content_hash !== hash;
  if (superseded) ctx.onRevoked?.();
  return { certificate, superseded, created: true };
}

/**
 * The QR texts of a stored certificate: the EU DCC and the SMART Health Card, as one numeric `shc:/`
 * text (the whole card, as before) and as the QR codes to show (`shcChunks`: that same text when the
 * JWS fits one QR code, else the chunks `shc:/i/n/…` to scan one by one).
 */
export function qrTexts(row: { eu_dcc: string; shc: string }) {
  return { euDcc: row.eu_dcc, shc: shcNumericEncode(row.shc), shcChunks: shcQrTexts(row.shc) };
}
