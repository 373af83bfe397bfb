import { scheduleCertificateReady } from '../notifications/outbox.service.ts';
import { getSetting, putSetting } from '../system/system.repository.ts';
import { databaseNow, staleCertificates } from './certificates.repository.ts';
import { type IssueContext, issueFor } from './certificates.service.ts';

/**
 * Re-issue pass: current certificates whose content may have changed — a dose recorded that they do
 * not list, a dose they list voided, the person's identity corrected (updated after the last check) or
 * merged away — are issued again. When the content really changed, the old certificate is revoked
 * (superseded) and the household is told its new certificate is ready. It runs beside the dose path,
 * never inside the dose statement; repeated passes change nothing once certificates are current.
 *
 * Incremental: a pass looks only at the people changed since the previous pass (`WATERMARK`): doses
 * recorded or voided, people updated, and the people a merged record went into. The watermark is the
 * earlier of the database's and the application's clock at the start of the previous pass (doses take
 * `recorded_at` from the database, voids and corrections their time from the application), less
 * `OVERLAP_MS` for transactions still open then. A full pass runs first, and again once a day, for
 * changes written with an older time (a dose synced late, a manual fix): checking a certificate that
 * did not change only touches its `checked_at`.
 */

export const WATERMARK = 'certificates.reissue_watermark';
const OVERLAP_MS = 10 * 60_000;
const FULL_PASS_EVERY_MS = 24 * 3600_000;

interface Watermark {
  /** Start of the last completed pass (ISO). */
  at: string;
  /** Start of the last completed full pass (ISO). */
  fullAt: string;
}

export async function planCertificateReissues(
  ctx: IssueContext,
  batch = 200,
  options: { full?: boolean } = {},
): Promise<number> {
  const start = new Date(Math.min((await databaseNow(ctx.db)).getTime(), ctx.now.getTime()));
  const mark = await getSetting<Watermark>(ctx.db, WATERMARK);
  const full =
    options.full || !mark || start.getTime() - new Date(mark.fullAt).getTime() >= FULL_PASS_EVERY_MS;
  const since = full || !mark ? null : new Date(new Date(mark.at).getTime() - OVERLAP_MS);

  let reissued = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    // Incremental: only the people changed since the watermark (their doses, record or merges).
    const rows = await staleCertificates(ctx.db, after, since, batch);
    for (const row of rows) {
      const outcome = await issueFor(ctx, row.person_id);
      if (outcome?.superseded) {
        await scheduleCertificateReady(ctx.db, {
          personId: row.person_id,
          eventId: outcome.certificate.id,
          now: ctx.now,
        });
        reissued++;
      }
    }
    if (rows.length < batch) break;
    after = rows[rows.length - 1].id;
  }
  // Only a completed pass moves the watermark: one that failed half-way is done again.
  await putSetting(ctx.db, WATERMARK, {
    at: start.toISOString(),
    fullAt: full ? start.toISOString() : (mark as Watermark).fullAt,
  } satisfies Watermark);
  return reissued;
}
