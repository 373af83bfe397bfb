import { outcomeAllowsDose } from '../../shared/rules/screening.ts';
import type { DayList, DayListEntry, Observation } from '../../shared/schemas/visits.ts';
import { nextStep } from '../pages/site/day-steps.ts';
import { api } from './api.ts';
import {
  type CacheScope,
  cachedRead,
  hasCached,
  isNetworkError,
  pruneCache,
  servedFromDevice,
} from './offline-cache.ts';
import { isQueuedDose, type QueuedDose, type QueuedItem } from './offline-db.ts';
import { listQueue } from './offline-queue.ts';

/** Minutes a person stays under observation after a dose (Decision 5785), as the server counts them. */
const OBSERVATION_MINUTES = 30;

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
      const day = await cachedRead(scope, key, () => api.visits.dayList({ query: { facilityId } }));
      if (!servedFromDevice(key)) void warm(scope, day);
      return day;
    },
    vaccines: () => cachedRead(scope, siteKeys.vaccines, () => api.vaccines.list().then((r) => r.items)),
    lots: (vaccine: string) =>
      cachedRead(
        scope,
        siteKeys.lots(vaccine),
        async () => (await api.stock.lots({ query: { vaccine } })).items,
      ),
    record: (personId: string) =>
      cachedRead(scope, siteKeys.record(personId), () =>
        api.doses.personVaccination({ params: { id: personId } }),
      ),
  };
}

let warming: Promise<void> | null = null;

/**
 * Saves, while the network is there, what the day will need if it goes: the catalogue, the lots of
 * the day's vaccines, and the record (status, next dose) of each person still to check in, screen or
 * vaccinate (screening offline needs the dose due, dose entry the status) — read once a day each: these are the records the staff open next anyway, and
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
      if (nextStep(entry) === 'done') continue;
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
export function queuedFor(items: QueuedItem[], facilityId: string) {
  const byRegistration = new Map<string, QueuedDose>();
  for (const item of items)
    if (item.facilityId === facilityId && isQueuedDose(item)) byRegistration.set(item.registrationId, item);
  return byRegistration;
}

/** Every queued step per registration at a facility (check-in, screening, dose), in queue order. */
export function queuedSteps(items: QueuedItem[], facilityId: string) {
  const byRegistration = new Map<string, QueuedItem[]>();
  for (const item of items) {
    if (item.facilityId !== facilityId) continue;
    byRegistration.set(item.registrationId, [...(byRegistration.get(item.registrationId) ?? []), item]);
  }
  return byRegistration;
}

/**
 * A day list entry with what this device queued for the person and the server does not know yet: a
 * queued check-in makes it checked in, a queued screening gives it the outcome (and defers it when the
 * outcome allows no dose today) — so the next step is the same offline as online.
 */
export function withQueuedSteps(entry: DayListEntry, steps: QueuedItem[] | undefined): DayListEntry {
  let e = entry;
  for (const step of steps ?? []) {
    if (step.kind === 'check_in' && !e.checkedInAt && (e.state === 'pending' || e.state === 'scheduled'))
      e = { ...e, state: 'checked_in', checkedInAt: step.at };
    else if (step.kind === 'screening' && !e.screening) {
      const outcome = step.payload.outcome;
      e = {
        ...e,
        screening: { id: step.id, outcome, suggestedOutcome: step.suggestedOutcome },
        state: outcomeAllowsDose(outcome) ? e.state : 'deferred',
      };
    }
  }
  return e;
}

/** A row of the observation list; `queued` when the dose is only on this device so far. */
export type ObservationRow = Observation['items'][number] & { queued?: boolean };

/**
 * The observation list with the doses given on this device that the server does not have yet (queued
 * offline), each with its minutes counted from when it was given; without a network, those alone.
 */
export async function observationWithQueue(
  facilityId: string | undefined,
  read: () => Promise<Observation>,
  now = new Date(),
): Promise<Omit<Observation, 'items'> & { items: ObservationRow[] }> {
  let served: Observation;
  try {
    served = await read();
  } catch (error) {
    if (!isNetworkError(error)) throw error;
    served = { facilityId: facilityId ?? '', minutes: OBSERVATION_MINUTES, items: [] };
  }
  const minutes = served.minutes;
  const known = new Set(served.items.map((i) => i.doseId));
  const queued: ObservationRow[] = [];
  for (const item of await listQueue().catch(() => [])) {
    if (!isQueuedDose(item) || known.has(item.id) || item.state !== 'waiting') continue;
    if (facilityId && item.facilityId !== facilityId) continue;
    const givenAt = new Date(item.payload.givenAt ?? item.queuedAt);
    const until = new Date(givenAt.getTime() + minutes * 60_000);
    if (until.getTime() < now.getTime()) continue;
    queued.push({
      doseId: item.id,
      personId: item.personId,
      fullName: item.fullName,
      vaccineCode: item.vaccineCode,
      doseNumber: item.doseNumber ?? 0,
      givenAt: givenAt.toISOString(),
      until: until.toISOString(),
      reactionReported: false,
      remainingMinutes: Math.max(0, Math.ceil((until.getTime() - now.getTime()) / 60_000)),
      queued: true,
    });
  }
  const items = [...served.items, ...queued].sort((a, b) => a.givenAt.localeCompare(b.givenAt));
  return { ...served, items };
}
