import type { Kysely } from 'kysely';
import type { DoseBatchResult } from '../../../shared/schemas/doses.ts';
import { AppError } from '../../app-error.ts';
import type { DB } from '../../db/schema.ts';
import type { StaffActor } from '../../policy/index.ts';
import { type RecordDoseInput, recordDose } from './doses.service.ts';

/** One dose's result of a batch; `error` is the refusal, rendered as a problem by the route. */
export type DoseBatchOutcome = Omit<DoseBatchResult, 'problem'> & { error?: AppError };

/**
 * Records a batch of doses (a site's own software with its API key, source `api`; the site screen's
 * queue of doses entered offline, source `site`), each checked and written on its own: a refusal does
 * not stop the others, a resend records nothing twice (`already_recorded`), and a dose number the
 * person already has is a `conflict` with the number asked for.
 */
export async function recordDoses(
  db: Kysely<DB>,
  actor: StaffActor,
  doses: RecordDoseInput[],
  now: Date,
  source: 'site' | 'api',
): Promise<DoseBatchOutcome[]> {
  const results: DoseBatchOutcome[] = [];
  for (const dose of doses) {
    try {
      const recorded = await recordDose(db, actor, dose, now, source);
      results.push({
        id: dose.id,
        status: recorded.replayed ? 'already_recorded' : 'recorded',
        doseNumber: recorded.dose.doseNumber,
      });
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      const conflict = error.code === 'dose_number_taken';
      results.push({
        id: dose.id,
        status: conflict ? 'conflict' : 'refused',
        doseNumber: conflict ? Number(error.fields[0]?.params?.number) : undefined,
        error,
      });
    }
  }
  return results;
}
