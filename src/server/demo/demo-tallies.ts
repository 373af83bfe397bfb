import { type Kysely, sql } from 'kysely';
import { vietnamDate } from '../../shared/format.ts';
import { bulkInsert } from '../db/bulk-insert.ts';
import type { DB } from '../db/schema.ts';
import type { Random } from './random.ts';

const chunks = <T>(rows: readonly T[], size = 5000) =>
  Array.from({ length: Math.ceil(rows.length / size) }, (_, i) => rows.slice(i * size, (i + 1) * size));

/**
 * Daily tallies for the demo facilities, a little above the doses recorded there: each site "forgot"
 * to enter its own share of doses (1–12%, so completeness differs from site to site), the way paper
 * lists ran ahead of the portal in 2021. Today is not reported yet (the day is not over). Each tally
 * has its first revision, reported by the site's demo staff where there is one. Returns the count.
 */
export async function createDemoTallies(db: Kysely<DB>, random: Random, now: Date): Promise<number> {
  const today = vietnamDate(now);
  const recorded = await db
    .selectFrom('dose as d')
    .innerJoin('facility as f', 'f.id', 'd.facility_id')
    .select(['d.facility_id', 'd.given_on', 'd.vaccine_code', sql<number>`count(*)`.as('recorded')])
    .where('f.is_demo', '=', true)
    .where('d.status', '=', 'recorded')
    .where('d.given_on', '<', today)
    .groupBy(['d.facility_id', 'f.code', 'd.given_on', 'd.vaccine_code'])
    // By code, not id: ids are random, and the same seed must give the same tallies.
    .orderBy('f.code')
    .orderBy('d.given_on')
    .orderBy('d.vaccine_code')
    .execute();
  const staff = new Map(
    (
      await db
        .selectFrom('staff_user')
        .select(['id', 'facility_id'])
        .where('is_demo', '=', true)
        .where('role', '=', 'site_staff')
        .where('facility_id', 'is not', null)
        .orderBy('username')
        .execute()
    ).map((s) => [s.facility_id!, s.id]),
  );
  const missRate = new Map<string, number>();
  const rows = recorded.map((r) => {
    const rate = missRate.get(r.facility_id!) ?? random.int(10, 120) / 1000;
    missRate.set(r.facility_id!, rate);
    let missing = 0;
    // Each recorded dose stands for 1 / (1 − rate) doses given.
    for (let i = 0; i < Number(r.recorded); i++) if (random.chance(rate / (1 - rate))) missing++;
    return {
      facility_id: r.facility_id!,
      day: r.given_on,
      vaccine_code: r.vaccine_code,
      doses: Number(r.recorded) + missing,
      source: 'site',
      reported_by: staff.get(r.facility_id!) ?? null,
      // Reported in the evening of the day itself.
      reported_at: new Date(`${r.given_on}T18:30:00+07:00`),
    };
  });
  for (const batch of chunks(rows)) {
    const inserted = await bulkInsert(
      'dose_tally',
      {
        facility_id: 'uuid',
        day: 'date',
        vaccine_code: 'text',
        doses: 'integer',
        source: 'text',
        reported_by: 'uuid',
        reported_at: 'timestamptz',
      },
      batch,
      sql`returning id, doses, source, reported_by, reported_at`,
    )
      .$castTo<{ id: string; doses: number; source: string; reported_by: string | null; reported_at: Date }>()
      .execute(db);
    await bulkInsert(
      'dose_tally_revision',
      {
        tally_id: 'uuid',
        doses: 'integer',
        source: 'text',
        reported_by: 'uuid',
        reported_at: 'timestamptz',
      },
      inserted.rows.map((t) => ({ ...t, tally_id: t.id })),
    ).execute(db);
  }
  return rows.length;
}
