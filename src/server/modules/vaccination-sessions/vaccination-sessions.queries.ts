import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { facilityInReach, type Scope } from '../../policy/index.ts';

/**
 * Sessions of the facilities within a scope between two days, with their facility and commune and
 * two counts: registrations of the session checked in (or already vaccinated), and doses of the
 * session's vaccine recorded at its facility on its date (walk-ins included).
 */
export function sessionsOverview(db: Kysely<DB>, scope: Scope, from: string, to: string, limit: number) {
  return db
    .selectFrom('vaccination_session as s')
    .innerJoin('facility as f', 'f.id', 's.facility_id')
    .innerJoin('admin_unit as u', 'u.id', 'f.unit_id')
    .select([
      's.id',
      's.facility_id',
      'f.name as facility_name',
      'u.name as unit_name',
      's.session_date',
      's.vaccine_code',
      's.capacity',
      's.booked',
    ])
    .select([
      sql<number>`(select count(*) from registration r
        where r.session_id = s.id and r.state in ('checked_in', 'vaccinated'))`.as('checked_in'),
      sql<number>`(select count(*) from dose d
        where d.facility_id = s.facility_id and d.given_on = s.session_date
          and d.vaccine_code = s.vaccine_code and d.status = 'recorded')`.as('vaccinated'),
    ])
    .where(facilityInReach(scope))
    .where('s.session_date', '>=', from)
    .where('s.session_date', '<=', to)
    .orderBy('s.session_date')
    .orderBy('f.name')
    .orderBy('s.vaccine_code')
    .limit(limit)
    .execute();
}
