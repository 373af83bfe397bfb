import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import * as repo from '../modules/reactions/reactions.repository.ts';

/** A demo dose a reaction can follow. */
export interface ReactionDose {
  personId: string;
  doseId: string;
  givenAt: Date;
}

const later = (from: Date, minutes: number, now: Date) =>
  new Date(Math.min(from.getTime() + minutes * 60_000, now.getTime()));

/**
 * A few reactions after vaccination: one reported by a demo household (mild fever after the booster),
 * two recorded by the site's staff (mild, moderate) and one serious (hospitalised) that alerts the
 * commune and the province as the reactions module does, in the same transaction (the caller picks
 * a person of the site's commune for it, so both demo managers see its alert).
 */
export async function createDemoReactions(
  db: Kysely<DB>,
  input: {
    citizen: (ReactionDose & { accountId: string }) | null;
    /** Doses given at the site in the last days, oldest first. */
    siteDoses: ReactionDose[];
    /** The dose the serious reaction follows: of a person of the site's commune. */
    serious: ReactionDose | null;
    staffId: string | null;
    now: Date;
  },
): Promise<number> {
  const { now } = input;
  let count = 0;
  if (input.citizen) {
    const onset = later(input.citizen.givenAt, 7 * 60, now);
    await repo.insertReport(db, {
      person_id: input.citizen.personId,
      dose_id: input.citizen.doseId,
      reporter_kind: 'citizen',
      account_id: input.citizen.accountId,
      onset_at: onset,
      symptoms: JSON.stringify(['injection_site_pain', 'fever', 'fatigue']),
      severity: 'mild',
      description: 'Sốt nhẹ 37,8°C buổi tối, đau chỗ tiêm; đỡ sau một ngày.',
      created_at: later(onset, 16 * 60, now),
    });
    count++;
  }
  const doses = input.siteDoses.filter((d) => d.givenAt.getTime() < now.getTime() - 3 * 3600_000);
  const serious = input.serious;
  const others = doses.filter((d) => d.personId !== serious?.personId).slice(-2);
  const staffReports = [
    {
      dose: others[0],
      symptoms: ['injection_site_pain', 'headache'],
      severity: 'mild' as const,
      outcome: 'recovered' as const,
      onsetMinutes: 120,
      description: 'Đau đầu nhẹ, theo dõi tại nhà.',
    },
    {
      dose: others[1],
      symptoms: ['fever', 'muscle_pain', 'chills'],
      severity: 'moderate' as const,
      outcome: 'recovered' as const,
      onsetMinutes: 600,
      description: 'Sốt 38,9°C, đau cơ; dùng hạ sốt, khỏi sau 2 ngày.',
    },
  ];
  for (const report of staffReports) {
    if (!report.dose) continue;
    const onset = later(report.dose.givenAt, report.onsetMinutes, now);
    await repo.insertReport(db, {
      person_id: report.dose.personId,
      dose_id: report.dose.doseId,
      reporter_kind: 'staff',
      staff_id: input.staffId,
      onset_at: onset,
      symptoms: JSON.stringify(report.symptoms),
      severity: report.severity,
      description: report.description,
      serious: false,
      serious_criteria: JSON.stringify([]),
      outcome: report.outcome,
      created_at: later(onset, 60, now),
    });
    count++;
  }
  if (serious) {
    const onset = new Date(Math.min(serious.givenAt.getTime() + 15 * 60_000, now.getTime() - 60 * 60_000));
    const { id } = await repo.insertReport(db, {
      person_id: serious.personId,
      dose_id: serious.doseId,
      reporter_kind: 'staff',
      staff_id: input.staffId,
      onset_at: onset,
      symptoms: JSON.stringify(['breathing_difficulty', 'rash', 'palpitations']),
      severity: 'severe',
      description:
        'Khó thở, nổi mẩn toàn thân 15 phút sau tiêm trong thời gian theo dõi; xử trí phản vệ tại chỗ, chuyển bệnh viện theo dõi.',
      serious: true,
      serious_criteria: JSON.stringify(['hospitalisation']),
      outcome: 'recovering',
      created_at: later(onset, 30, now),
    });
    const units = await repo.unitsOfPerson(db, serious.personId);
    await repo.insertAlerts(
      db,
      [units?.commune_id, units?.province_id].filter((u): u is string => Boolean(u)),
      'aefi.serious',
      serious.personId,
      id,
    );
    count++;
  }
  return count;
}
