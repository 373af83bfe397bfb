import type { TFunction } from 'i18next';
import type { ImportJob } from '../../../shared/schemas/imports.ts';

/** The outcomes a job counts, as the badges and the list show them. */
export type CountKey = 'imported' | 'skipped' | 'failed' | 'review';

/**
 * The label of a count: what happened for a real import ("Đã nhập" / "Imported"), what would happen for
 * a dry run, which writes nothing ("Sẽ nhập" / "Would import").
 */
export function countLabel(job: Pick<ImportJob, 'dryRun'>, key: CountKey, t: TFunction): string {
  return t(`imports.${job.dryRun ? 'countsDry' : 'counts'}.${key}`);
}

/**
 * The persons a job created ("Đã thêm 3 người mới vào sổ"), or, for a dry run, would create ("3 người
 * mới sẽ được thêm vào sổ"); empty when none.
 */
export function personsCreatedText(
  job: Pick<ImportJob, 'dryRun' | 'counts'>,
  t: TFunction,
  count: string = String(job.counts.personsCreated),
): string {
  if (!job.counts.personsCreated) return '';
  return t(job.dryRun ? 'imports.progress.personsWouldBeCreated' : 'imports.progress.personsCreated', {
    count,
  });
}
