import { sql } from 'kysely';
import { scheduleCertificateReady } from '../notifications/outbox.service.ts';
import { type IssueContext, issueFor } from './certificates.service.ts';

/**
 * Re-issue pass: current certificates whose content may have changed — a dose recorded that they do
 * not list, a dose they list voided, the person's identity corrected (updated after the last check) or
 * merged away — are issued again. When the content really changed, the old certificate is revoked
 * (superseded) and the household is told its new certificate is ready. It runs beside the dose path,
 * never inside the dose statement; repeated passes change nothing once certificates are current.
 */
export async function planCertificateReissues(ctx: IssueContext, batch = 200): Promise<number> {
  let reissued = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = await ctx.db
      .selectFrom('issued_certificate as c')
      .innerJoin('person as p', 'p.id', 'c.person_id')
      .select(['c.id', 'c.person_id'])
      .where('c.revoked_at', 'is', null)
      .where('c.id', '>', after)
      .where((eb) =>
        eb.or([
          eb('p.updated_at', '>', eb.ref('c.checked_at')),
          eb('p.merged_into', 'is not', null),
          eb.exists(
            eb
              .selectFrom('dose as d')
              .select(sql`1`.as('one'))
              .whereRef('d.person_id', '=', 'c.person_id')
              .where(sql<boolean>`(d.status = 'recorded') <> (c.dose_ids @> jsonb_build_array(d.id::text))`),
          ),
        ]),
      )
      .orderBy('c.id')
      .limit(batch)
      .execute();
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
    if (rows.length < batch) return reissued;
    after = rows[rows.length - 1].id;
  }
}
