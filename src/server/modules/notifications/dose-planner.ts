import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { vaccinationRecord } from '../doses/doses.service.ts';
import { getSetting, putSetting } from '../system/system.repository.ts';
import { scheduleCertificateReady, scheduleNextDoseDue, vietnamDay } from './outbox.service.ts';

const WATERMARK = 'notify.dose_watermark';

interface Watermark {
  at: string;
  id: string;
}

/**
 * Plans what a recorded dose means for the household: "next dose due" on the earliest day the status
 * engine allows, and "certificate ready" when the dose completes the series or is a booster. It reads
 * the doses recorded since its watermark (only of people some household manages) rather than adding
 * work to the dose's own statement, the busiest write of a campaign day; every message is keyed by
 * person and dose number, so a pass repeated after a crash plans nothing twice. A dose voided before
 * the message is due makes it stale, and the runner skips it when it checks the message still applies.
 */
export async function planDoseFollowUps(
  db: Kysely<DB>,
  now: Date,
  options: { batch?: number; settleSeconds?: number } = {},
): Promise<number> {
  const batch = options.batch ?? 200;
  // `recorded_at` is the database's clock at the dose's transaction start: a dose committed a little
  // after a later one must not fall behind the watermark, so only doses older than this are read.
  const settle = options.settleSeconds ?? 60;
  let planned = 0;
  for (;;) {
    const mark = await getSetting<Watermark>(db, WATERMARK);
    const doses = await db
      .selectFrom('dose as d')
      .select(['d.id', 'd.person_id', 'd.dose_number', 'd.recorded_at'])
      .where('d.status', '=', 'recorded')
      .where(
        mark
          ? // The watermark keeps milliseconds (a JS date); PostgreSQL keeps microseconds.
            sql<boolean>`(date_trunc('milliseconds', d.recorded_at), d.id) > (${new Date(mark.at)}, ${mark.id}::uuid)`
          : // First run: the last day's doses only, not the whole history of an imported registry.
            sql<boolean>`d.recorded_at > now() - interval '1 day'`,
      )
      .where(sql<boolean>`d.recorded_at <= now() - make_interval(secs => ${settle})`)
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('household_member as m')
            .select('m.person_id')
            .whereRef('m.person_id', '=', 'd.person_id'),
        ),
      )
      .orderBy(sql`date_trunc('milliseconds', d.recorded_at)`)
      .orderBy('d.id')
      .limit(batch)
      .execute();
    const today = vietnamDay(now);
    await db.transaction().execute(async (trx) => {
      for (const dose of doses) {
        const { status } = await vaccinationRecord(trx, dose.person_id, today);
        if (status.nextDose && status.nextDose.number > dose.dose_number) {
          await scheduleNextDoseDue(trx, {
            personId: dose.person_id,
            vaccine: status.nextDose.options[0] ?? '',
            dueOn: status.nextDose.earliest,
            doseNumber: status.nextDose.number,
            now,
          });
          planned++;
        }
        const completes =
          (status.state === 'complete' || status.state === 'boosted') &&
          dose.dose_number >= (status.requiredDoses ?? Number.POSITIVE_INFINITY);
        if (completes) {
          await scheduleCertificateReady(trx, { personId: dose.person_id, eventId: dose.id, now });
          planned++;
        }
      }
      const last = doses.at(-1);
      if (last) await putSetting(trx, WATERMARK, { at: last.recorded_at.toISOString(), id: last.id });
    });
    if (doses.length < batch) return planned;
  }
}
