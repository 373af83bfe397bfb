/** Time slots of a vaccination session: generated from a start, an end and a length; seats shared out. */

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes since midnight of 'HH:MM' (NaN when not a time of day). */
export function minutesOf(hhmm: string): number {
  const m = HHMM.exec(hhmm);
  return m ? Number(m[1]) * 60 + Number(m[2]) : Number.NaN;
}

const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** The most slots a session may have. */
export const MAX_SLOTS = 48;

/**
 * Slots from `start` to `end`, each `length` minutes; the last one ends at `end` (shorter when the span
 * is not a multiple of the length). Empty when the times are not in order.
 */
export function slotTimes(start: string, end: string, length: number): { start: string; end: string }[] {
  const from = minutesOf(start);
  const to = minutesOf(end);
  if (!(from < to) || !(length > 0)) return [];
  const slots = [];
  for (let at = from; at < to && slots.length < MAX_SLOTS; at += length)
    slots.push({ start: hhmm(at), end: hhmm(Math.min(at + length, to)) });
  return slots;
}

/** A session's seats shared out over its slots: evenly, the first slots taking the remainder (at least 1 each). */
export function splitCapacity(capacity: number, slots: number): number[] {
  return Array.from({ length: slots }, (_, i) =>
    Math.max(1, Math.floor(capacity / slots) + (i < capacity % slots ? 1 : 0)),
  );
}

/** The label of a slot ('07:30-08:00'), or null for a whole-session slot. */
export function slotLabel(slot: { start: string | null; end: string | null }): string | null {
  return slot.start && slot.end ? `${slot.start}-${slot.end}` : null;
}
