import type { Kysely } from 'kysely';
import { addDays } from '../../../shared/rules/dates.ts';
import type { DB } from '../../db/schema.ts';
import * as doses from '../doses/doses.repository.ts';
import * as registrations from '../registrations/registrations.repository.ts';
import * as outbox from './outbox.repository.ts';
import { enqueue, vietnamDay, vietnamMorning } from './outbox.service.ts';
import type { TemplateParams } from './templates.ts';

const reminderKey = (registrationId: string, sessionId: string) =>
  `appointment.reminder:${registrationId}:${sessionId}`;

/**
 * The day-before reminder: every registration still 'scheduled' into a session tomorrow (Vietnam time)
 * gets one, sent from 08:00 today (or at once when planned later in the day). Idempotent by dedupe key:
 * run it as often as you like; registrations already reminded are left out by the query itself.
 */
export async function planAppointmentReminders(db: Kysely<DB>, now: Date, batch = 200): Promise<number> {
  const today = vietnamDay(now);
  const tomorrow = addDays(today, 1);
  const notBefore = new Date(Math.max(now.getTime(), vietnamMorning(today).getTime()));
  let planned = 0;
  for (;;) {
    const rows = await outbox.unremindedAppointments(db, tomorrow, batch);
    if (!rows.length) return planned;
    await db.transaction().execute(async (trx) => {
      for (const r of rows) {
        const params: TemplateParams['appointment.reminder'] = {
          registrationId: r.id,
          sessionId: r.session_id,
          facility: r.name,
          date: String(r.session_date).slice(0, 10),
          slot: r.slot,
        };
        if (
          await enqueue(trx, {
            key: reminderKey(r.id, r.session_id),
            accountId: r.account_id!,
            personId: r.person_id,
            kind: 'appointment.reminder',
            params,
            now,
            notBefore,
          })
        )
          planned++;
      }
    });
    if (rows.length < batch) return planned;
  }
}

/**
 * Whether a message still applies when it is about to be sent, so stale ones are skipped: an
 * appointment moved or cancelled, a dose already given.
 */
export async function stillApplies(
  db: Kysely<DB>,
  row: { kind: string; person_id: string | null; params: Record<string, unknown> },
): Promise<boolean> {
  switch (row.kind) {
    case 'appointment.scheduled':
    case 'appointment.reminder': {
      const p = row.params as TemplateParams['appointment.reminder'];
      const registration = await registrations.stateOf(db, p.registrationId);
      return registration?.state === 'scheduled' && registration.session_id === p.sessionId;
    }
    case 'dose.next_due': {
      if (!row.person_id) return false;
      const p = row.params as TemplateParams['dose.next_due'];
      const given = await doses.hasRecordedDoseFrom(db, row.person_id, p.doseNumber);
      return !given;
    }
    default:
      return true;
  }
}
