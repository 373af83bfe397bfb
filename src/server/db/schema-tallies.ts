import type { Generated } from 'kysely';

/** A `date` column: read and written as 'YYYY-MM-DD'. */
type DateString = string;

/** Who reported a tally: the site, its commune, or the site's software through an API key. */
export type TallySource = 'site' | 'commune' | 'api';

/** Doses a facility reported for one day and vaccine (migration 0013). */
export interface DoseTallyTable {
  id: Generated<string>;
  facility_id: string;
  day: DateString;
  vaccine_code: string;
  doses: number;
  source: TallySource;
  reported_by: string | null;
  reported_at: Generated<Date>;
}

/** The history of a tally: its first report and every change of the number. */
export interface DoseTallyRevisionTable {
  id: Generated<number>;
  tally_id: string;
  doses: number;
  previous_doses: number | null;
  source: TallySource;
  reported_by: string | null;
  reported_at: Date;
}
