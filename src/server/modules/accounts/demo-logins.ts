import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import * as system from '../system/system.service.ts';

/** The password of every demo staff account (shown on the login page of demo instances only). */
export const DEMO_STAFF_PASSWORD = 'demo-sskdt-2021';

/** Demo sign-ins, listed only while the instance holds demo data. */
export async function demoLogins(db: Kysely<DB>, smsChannel: string) {
  const marker = await system.demoMarker(db);
  if (!marker) return { demo: false, staff: [], citizens: [], smsChannel };
  return {
    demo: true,
    staff: (marker.staff ?? []).map((s) => ({ ...s, password: DEMO_STAFF_PASSWORD })),
    citizens: marker.citizens ?? [],
    smsChannel: smsChannel.startsWith('file:') ? 'file' : smsChannel.split(':')[0],
  };
}
