import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import * as dosesRepo from '../doses/doses.repository.ts';
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
    const doses = await dosesRepo.recordedSince(
      db,
      mark ? { at: new Date(mark.at), id: mark.id } : undefined,
      settle,
      batch,
    );
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
