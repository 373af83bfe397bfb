import type { DayList } from '../../shared/schemas/visits.ts';
import { nextStep } from '../pages/site/day-steps.ts';
import { api } from './api.ts';
import { type CacheScope, cachedRead, hasCached, pruneCache, servedFromDevice } from './offline-cache.ts';
import type { QueuedDose } from './offline-db.ts';

/** Keys of the site screens' saved answers (each saved per staff member and day). */
export const siteKeys = {
  day: (facilityId: string) => `day:${facilityId}`,
  vaccines: 'vaccines',
  lots: (vaccine: string) => `lots:${vaccine}`,
  record: (personId: string) => `record:${personId}`,
};

/** The reads of the day list and dose entry: from the server, else from the device. */
export function siteReads(scope: CacheScope) {
  return {
    dayList: async (facilityId: string) => {
      const key = siteKeys.day(facilityId);
      const day = await cachedRead(scope, key, () => api.dayList({ facilityId }));
      if (!servedFromDevice(key)) void warm(scope, day);
      return day;
    },
    vaccines: () => cachedRead(scope, siteKeys.vaccines, () => api.vaccines()),
    lots: (vaccine: string) => cachedRead(scope, siteKeys.lots(vaccine), () => api.lots(vaccine)),
    record: (personId: string) =>
      cachedRead(scope, siteKeys.record(personId), () => api.personVaccination(personId)),
  };
}

let warming: Promise<void> | null = null;

/**
 * Saves, while the network is there, what dose entry will need if it goes: the catalogue, the lots of
 * the day's vaccines, and the record (status, next dose) of each person ready for a dose (checked in
 * and screened fit) — read once a day each: these are the records the staff open next anyway, and
 * each read is audited like any other. Older days' data is dropped.
 */
async function warm(scope: CacheScope, day: DayList) {
  if (warming) return warming;
  warming = (async () => {
    const reads = siteReads(scope);
    const missing = async (key: string) => !(await hasCached(scope, key));
    await pruneCache(scope);
    if (await missing(siteKeys.vaccines)) await reads.vaccines();
    const vaccines = new Set(day.sessions.map((s) => s.vaccineCode));
    for (const entry of day.items) {
      if (nextStep(entry) !== 'vaccinate') continue;
      if (entry.vaccineCode) vaccines.add(entry.vaccineCode);
      if (!(await missing(siteKeys.record(entry.personId)))) continue;
      const record = await reads.record(entry.personId);
      for (const option of record.status.nextDose?.options ?? []) vaccines.add(option);
    }
    for (const vaccine of vaccines) if (await missing(siteKeys.lots(vaccine))) await reads.lots(vaccine);
  })()
    .catch(() => undefined)
    .finally(() => {
      warming = null;
    });
  return warming;
}

/** The day list as the site sees it: a person with a queued dose is waiting to sync, not "to vaccinate". */
export function queuedFor(items: QueuedDose[], facilityId: string) {
  const byRegistration = new Map<string, QueuedDose>();
  for (const item of items) if (item.facilityId === facilityId) byRegistration.set(item.registrationId, item);
  return byRegistration;
}
