import type { ImportField } from '../../../../shared/schemas/imports.ts';
import { uuidv7 } from './ids.ts';
import type { RowIssue, ValidRow } from './row-rules.ts';

/** What matching knows of a person (from the registry, or created earlier in the same import). */
export interface PersonFacts {
  id: string;
  nameKey: string;
  birthDate: string;
  sex: 'male' | 'female';
  cccd: string | null;
  cmnd: string | null;
  phone: string | null;
  unitId: string | null;
}

export interface DoseFacts {
  id: string;
  doseNumber: number;
  givenOn: string;
  vaccineCode: string;
}

/** A candidate as a review item stores it (names are read when the item is shown, per the reader's reach). */
export interface StoredCandidate {
  personId: string;
  score: number;
  reasons: string[];
  existingDose: Omit<DoseFacts, 'id'> | null;
}

export type ReviewReason =
  | 'identity_ambiguous'
  | 'likely_duplicate'
  | 'identity_mismatch'
  | 'conflicting_dose'
  | 'missing_earlier_dose'
  | 'outside_reach';

interface KeySet {
  has(key: string): boolean;
}
interface KeyMap<T> {
  get(key: string): T | undefined;
}

/** The registry facts one batch is decided against (looked up in a few queries per batch). */
export interface BatchLookups {
  /** Import keys of doses already recorded. */
  doseKeys: KeySet;
  /** Import keys of rows already in the review queue. */
  reviewKeys: KeySet;
  byCccd: KeyMap<PersonFacts>;
  /** `${nameKey}|${birthDate}` → active persons. */
  byNameBirth: KeyMap<PersonFacts[]>;
  /**
   * Whether a registry person is within the importer's reach (absent: all are, a national import). A
   * row is never matched automatically to a person outside it: it goes to review, which shows nothing
   * of that person to the importer.
   */
  inReach?: KeySet;
}

export type Decision =
  | { kind: 'skip'; row: ValidRow }
  | { kind: 'fail'; row: ValidRow; issue: RowIssue }
  | { kind: 'review'; row: ValidRow; reason: ReviewReason; candidates: StoredCandidate[] }
  | {
      kind: 'import';
      row: ValidRow;
      person: PersonFacts;
      newPerson: boolean;
      doseNumber: number;
      doseId: string;
    };

export const nameBirthKey = (nameKey: string, birthDate: string) => `${nameKey}|${birthDate}`;

/**
 * How well a registry person fits a row with the same name key and birth date: null when a different
 * identifier or sex shows it is someone else; otherwise a score (CMND 3, phone 2, commune 1) and the
 * reasons. Any of those confirms the match ("strong"); name and birth date alone do not.
 */
function scoreCandidate(
  person: PersonFacts,
  row: ValidRow['row'],
): { score: number; reasons: string[] } | null {
  if (row.cccd && person.cccd && row.cccd !== person.cccd) return null;
  if (row.cmnd && person.cmnd && row.cmnd !== person.cmnd) return null;
  if (row.sex && row.sex !== person.sex) return null;
  const reasons = ['name_birth'];
  let score = 0;
  if (row.cmnd && person.cmnd === row.cmnd) {
    score += 3;
    reasons.push('cmnd');
  }
  if (row.phone && person.phone === row.phone) {
    score += 2;
    reasons.push('phone');
  }
  if (row.unitId && person.unitId === row.unitId) {
    score += 1;
    reasons.push('commune');
  }
  return { score, reasons };
}

/**
 * Decides every valid row of a batch, in file order, against the registry and the rows before it:
 * 1. its import key is already a dose or a queued row, or came earlier in the batch → skipped;
 * 2. identity: exact CCCD → that person (a different birth date → review); else persons with the same
 *    name key and birth date, scored: none → a new person, exactly one confirmed → that person,
 *    several confirmed → review (ambiguous), only unconfirmed → review (likely duplicate: the name
 *    key ignores diacritics and case, so "Nguyen Van Binh" meets "Nguyễn Văn Bình"; a different CCCD,
 *    CMND or sex rules a candidate out). Nothing is guessed.
 * Doses are decided afterwards (`decideDoses`), once the doses of the matched persons are known.
 */
function decideIdentities(
  rows: ValidRow[],
  lookups: BatchLookups,
  sexColumn: string | null,
  /**
   * Import keys of rows that would create a person but whose doses all wait for an earlier one
   * (`decideBatch`): such a row creates nobody, so no later row is matched to a person never written.
   */
  unborn?: ReadonlySet<string>,
): Decision[] {
  const seenKeys = new Set<string>();
  const freshByCccd = new Map<string, PersonFacts>();
  const freshByNameBirth = new Map<string, PersonFacts[]>();
  const decisions: Decision[] = [];
  // Persons this run creates are the importer's own; registry persons are checked against reach.
  const freshIds = new Set<string>();
  const reachable = (person: PersonFacts) =>
    !lookups.inReach || lookups.inReach.has(person.id) || freshIds.has(person.id);
  for (const valid of rows) {
    const { row, importKey } = valid;
    if (lookups.doseKeys.has(importKey) || lookups.reviewKeys.has(importKey) || seenKeys.has(importKey)) {
      decisions.push({ kind: 'skip', row: valid });
      continue;
    }
    seenKeys.add(importKey);
    if (row.cccd) {
      const holder = lookups.byCccd.get(row.cccd) ?? freshByCccd.get(row.cccd);
      if (holder) {
        if (!reachable(holder)) {
          decisions.push({
            kind: 'review',
            row: valid,
            reason: 'outside_reach',
            candidates: [{ personId: holder.id, score: 0, reasons: ['cccd'], existingDose: null }],
          });
        } else if (holder.birthDate === row.birthDate) {
          decisions.push({
            kind: 'import',
            row: valid,
            person: holder,
            newPerson: false,
            doseNumber: row.doseNumber!,
            doseId: uuidv7(),
          });
        } else {
          decisions.push({
            kind: 'review',
            row: valid,
            reason: 'identity_mismatch',
            candidates: [
              { personId: holder.id, score: 0, reasons: ['cccd', 'birth_differs'], existingDose: null },
            ],
          });
        }
        continue;
      }
    }
    const key = nameBirthKey(valid.nameKey, row.birthDate);
    const scored = [...(lookups.byNameBirth.get(key) ?? []), ...(freshByNameBirth.get(key) ?? [])]
      .map((person) => ({ person, fit: scoreCandidate(person, row) }))
      .filter((c): c is { person: PersonFacts; fit: { score: number; reasons: string[] } } => c.fit !== null)
      .sort((a, b) => b.fit.score - a.fit.score);
    const strong = scored.filter((c) => c.fit.score > 0);
    if (strong.length === 1 && reachable(strong[0].person)) {
      decisions.push({
        kind: 'import',
        row: valid,
        person: strong[0].person,
        newPerson: false,
        doseNumber: row.doseNumber!,
        doseId: uuidv7(),
      });
      continue;
    }
    if (scored.length) {
      decisions.push({
        kind: 'review',
        row: valid,
        reason:
          strong.length > 1
            ? 'identity_ambiguous'
            : strong.length === 1
              ? 'outside_reach'
              : 'likely_duplicate',
        candidates: scored.slice(0, 10).map((c) => ({
          personId: c.person.id,
          score: c.fit.score,
          reasons: c.fit.reasons,
          existingDose: null,
        })),
      });
      continue;
    }
    if (!row.sex) {
      const field: ImportField = 'sex';
      decisions.push({
        kind: 'fail',
        row: valid,
        issue: { column: sexColumn, field, code: 'import.sex_required' },
      });
      continue;
    }
    if (unborn?.has(importKey)) {
      decisions.push({ kind: 'review', row: valid, reason: 'missing_earlier_dose', candidates: [] });
      continue;
    }
    const person = newPersonFacts(valid);
    freshIds.add(person.id);
    if (person.cccd) freshByCccd.set(person.cccd, person);
    const list = freshByNameBirth.get(key) ?? [];
    list.push(person);
    freshByNameBirth.set(key, list);
    decisions.push({
      kind: 'import',
      row: valid,
      person,
      newPerson: true,
      doseNumber: row.doseNumber!,
      doseId: uuidv7(),
    });
  }
  return decisions;
}

/** The person a row creates. */
function newPersonFacts(valid: ValidRow, id = uuidv7()): PersonFacts {
  const { row } = valid;
  return {
    id,
    nameKey: valid.nameKey,
    birthDate: row.birthDate,
    sex: row.sex!,
    cccd: row.cccd,
    cmnd: row.cmnd,
    phone: row.phone,
    unitId: row.unitId,
  };
}

/**
 * Which import decisions carry a dose N > 1 with no earlier dose of the series anywhere: none numbered
 * below N among the person's recorded doses (`dosesOf`) nor among the batch's other rows of the person
 * that are not themselves such rows. The batch's rows count in any order (a dose 2 row before the dose 1
 * row of the same person is fine); rows of later batches cannot: those rows are held in review and
 * decided again once the whole file is in (`runPipeline`). A new person's rows are all held or none.
 */
function missingEarlierDoses(decisions: Decision[], dosesOf: (personId: string) => DoseFacts[]): Set<number> {
  const byPerson = new Map<string, { index: number; doseNumber: number; newPerson: boolean }[]>();
  decisions.forEach((d, index) => {
    if (d.kind !== 'import') return;
    const list = byPerson.get(d.person.id) ?? [];
    list.push({ index, doseNumber: d.doseNumber, newPerson: d.newPerson });
    byPerson.set(d.person.id, list);
  });
  const held = new Set<number>();
  for (const [personId, rows] of byPerson) {
    if (rows.every((r) => r.doseNumber === 1)) continue;
    let lowest = Number.POSITIVE_INFINITY;
    if (!rows.some((r) => r.newPerson))
      for (const d of dosesOf(personId)) lowest = Math.min(lowest, d.doseNumber);
    for (const r of [...rows].sort((a, b) => a.doseNumber - b.doseNumber)) {
      if (r.doseNumber === 1 || lowest < r.doseNumber) lowest = Math.min(lowest, r.doseNumber);
      else held.add(r.index);
    }
  }
  return held;
}

/**
 * Dose dedupe for the rows given a person, in order: a recorded dose of the person on the same day
 * with the same vaccine is this dose → skipped; the dose number already recorded with another day or
 * vaccine → review (conflicting dose); a dose N > 1 with no earlier dose of the series on record nor in
 * the batch → review (missing earlier dose); else imported. `dosesOf` gives the registry's recorded
 * doses of a person (none for a new one); doses imported earlier in the batch count too.
 */
function decideDoses(decisions: Decision[], dosesOf: (personId: string) => DoseFacts[]): Decision[] {
  const added = new Map<string, DoseFacts[]>();
  const held = missingEarlierDoses(decisions, dosesOf);
  // Persons a held row would have created: not written, so not shown as candidates either.
  const unwritten = new Set<string>();
  return decisions.map((decision, index) => {
    if (decision.kind !== 'import') return decision;
    const { row } = decision.row;
    const personId = decision.person.id;
    const doses = [...(decision.newPerson ? [] : dosesOf(personId)), ...(added.get(personId) ?? [])];
    if (doses.some((d) => d.givenOn === row.givenOn && d.vaccineCode === row.vaccineCode))
      return { kind: 'skip', row: decision.row };
    const taken = doses.find((d) => d.doseNumber === decision.doseNumber);
    if (taken)
      return {
        kind: 'review',
        row: decision.row,
        reason: 'conflicting_dose',
        candidates: [
          {
            personId,
            score: 0,
            reasons: ['dose_number_taken'],
            existingDose: {
              doseNumber: taken.doseNumber,
              givenOn: taken.givenOn,
              vaccineCode: taken.vaccineCode,
            },
          },
        ],
      };
    if (held.has(index)) {
      if (decision.newPerson) unwritten.add(personId);
      return {
        kind: 'review',
        row: decision.row,
        reason: 'missing_earlier_dose',
        candidates: unwritten.has(personId)
          ? []
          : [{ personId, score: 0, reasons: ['no_earlier_dose'], existingDose: null }],
      };
    }
    const list = added.get(personId) ?? [];
    list.push({
      id: decision.doseId,
      doseNumber: decision.doseNumber,
      givenOn: row.givenOn,
      vaccineCode: row.vaccineCode,
    });
    added.set(personId, list);
    return decision;
  });
}

/**
 * Decides a batch: identities, then doses. A row that would create a person whose rows in the batch all
 * wait for an earlier dose creates nobody: the batch is decided again with those rows held from the
 * start, so later rows of the file are matched as if that person did not exist — as they are when the
 * rows fall in different batches (a batch boundary does not change the outcome). Rarely more than one
 * pass; `dosesFor` loads the recorded doses of the registry persons a pass matched.
 */
export async function decideBatch(
  rows: ValidRow[],
  lookups: BatchLookups,
  sexColumn: string | null,
  dosesFor: (personIds: string[]) => Promise<(personId: string) => DoseFacts[]>,
): Promise<Decision[]> {
  const unborn = new Set<string>();
  for (;;) {
    const identities = decideIdentities(rows, lookups, sexColumn, unborn);
    const known = [
      ...new Set(identities.flatMap((d) => (d.kind === 'import' && !d.newPerson ? [d.person.id] : []))),
    ];
    const decisions = decideDoses(identities, await dosesFor(known));
    let more = false;
    decisions.forEach((d, i) => {
      const before = identities[i];
      if (
        d.kind === 'review' &&
        d.reason === 'missing_earlier_dose' &&
        before.kind === 'import' &&
        before.newPerson
      ) {
        unborn.add(d.row.importKey);
        more = true;
      }
    });
    if (!more) return decisions;
  }
}
