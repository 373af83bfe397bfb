import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { formatDate, vietnamDate } from '../../../shared/format.ts';
import { formatMessage, type Lang, type MessageCode } from '../../../shared/messages.ts';
import {
  type DoseFact,
  type VaccineRule,
  vaccinationStatus,
} from '../../../shared/rules/vaccination-status.ts';
import type { Dose } from '../../../shared/schemas/doses.ts';
import { AppError } from '../../app-error.ts';
import type { DB } from '../../db/schema.ts';
import {
  type CitizenActor,
  facilityBound,
  requirePersonInReach,
  type StaffActor,
} from '../../policy/index.ts';
import * as audit from '../audit/audit.service.ts';
import * as households from '../households/households.service.ts';
import * as stock from '../stock/stock.service.ts';
import * as repo from './doses.repository.ts';

type DoseRow = NonNullable<Awaited<ReturnType<typeof repo.findDose>>>;

function toDose(row: DoseRow): Dose {
  return {
    id: row.id,
    personId: row.person_id,
    vaccineCode: row.vaccine_code,
    lotNumber: row.lot_number,
    doseNumber: row.dose_number,
    givenAt: row.given_at.toISOString(),
    givenOn: row.given_on,
    facilityName: row.facility_name,
    country: row.country,
    source: row.source,
    status: row.status,
    voidReason: row.void_reason,
    overrideReason: row.override_reason,
  };
}

/** A timestamp as PostgreSQL prints it, and a dose id: what a recorded-by-key cursor may hold. */
const CURSOR_TIME = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:?\d{2})?|Z)$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The doses an API key recorded (its service account), a page at a time: what `doses.read_own` lets a
 * facility's software read back. The cursor is opaque to the caller.
 */
export async function dosesRecordedByKey(
  db: Kysely<DB>,
  actor: StaffActor,
  input: { since?: string; cursor?: string; limit: number },
) {
  const since = input.since ? new Date(input.since) : new Date(0);
  let after: { at: string; id: string } | null = null;
  if (input.cursor) {
    const [at, id] = Buffer.from(input.cursor, 'base64url').toString('utf8').split('|');
    if (!at || !id || !CURSOR_TIME.test(at) || !UUID.test(id))
      throw AppError.validation([{ field: 'cursor', in: 'query', code: 'field.invalid_format' }]);
    after = { at, id };
  }
  const rows = await repo.dosesRecordedByKey(db, actor.staffId, since, after, input.limit + 1);
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => ({ ...toDose(row), recordedAt: row.recorded_at.toISOString() })),
    nextCursor:
      rows.length > input.limit && last
        ? Buffer.from(`${last.recorded_at_text}|${last.id}`).toString('base64url')
        : null,
  };
}

const catalogueCache = new WeakMap<object, { at: number; rules: VaccineRule[] }>();
const CATALOGUE_TTL_MS = 60_000;

/**
 * The catalogue in the engine's terms, cached for a minute per database: it changes only when
 * reference data is reloaded, and every dose recorded needs it.
 */
export async function rules(db: Kysely<DB>): Promise<VaccineRule[]> {
  const key = db.isTransaction ? null : db;
  const cached = key ? catalogueCache.get(key) : undefined;
  if (cached && Date.now() - cached.at < CATALOGUE_TTL_MS) return cached.rules;
  const loaded = (await repo.catalogue(db)).map((r) => ({
    code: r.code,
    name: r.name,
    platform: r.platform,
    dosesInSeries: r.doses_in_series,
    intervals: r.intervals,
    mixWith: r.mix_with,
  }));
  if (key) catalogueCache.set(key, { at: Date.now(), rules: loaded });
  return loaded;
}

const facts = (rows: DoseRow[]): DoseFact[] =>
  rows.map((r) => ({
    id: r.id,
    vaccineCode: r.vaccine_code,
    date: r.given_on,
    voided: r.status === 'entered_in_error',
    country: r.country,
  }));

/** The status of a person with its reasons rendered in both languages, and the dose list. */
export async function vaccinationRecord(db: Kysely<DB>, personId: string, today: string) {
  const rows = await repo.dosesOf(db, personId);
  const status = vaccinationStatus(facts(rows), await rules(db), today);
  return { status: withMessages(status), doses: rows.map(toDose) };
}

/** A person's record as staff read it: only within their reach, and every read is audited. */
export async function personVaccination(db: Kysely<DB>, actor: StaffActor, personId: string, now: Date) {
  await requirePersonInReach(db, actor.scope, personId);
  await audit.record(db, audit.auditActorOf(actor), 'person.read_vaccination', {
    personId,
    recordType: 'person',
    recordId: personId,
  });
  return vaccinationRecord(db, personId, vietnamDate(now));
}

/** A household member's record as the account holder reads it. */
export async function memberVaccination(db: Kysely<DB>, actor: CitizenActor, personId: string, now: Date) {
  await households.requireMember(db, actor, personId);
  return vaccinationRecord(db, personId, vietnamDate(now));
}

/** Renders the reasons in both languages, dates the way each language writes them. */
function withMessages(status: ReturnType<typeof vaccinationStatus>) {
  const { doses: _evaluations, ...rest } = status;
  const render = (code: MessageCode, params: Record<string, string | number> = {}, lang: Lang) =>
    formatMessage(
      code,
      lang,
      Object.fromEntries(
        Object.entries(params).map(([k, v]) => [
          k,
          typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? formatDate(v, lang) : v,
        ]),
      ),
    );
  return {
    ...rest,
    reasons: status.reasons.map((r) => ({
      code: r.code,
      messages: { vi: render(r.code, r.params, 'vi'), en: render(r.code, r.params, 'en') },
    })),
  };
}

/** A stable fingerprint of a dose request, so a resend is recognised and a reused id with other content is not. */
function requestHash(input: object): string {
  return createHash('sha256')
    .update(JSON.stringify(input, Object.keys(input).sort()))
    .digest('hex');
}

export interface RecordDoseInput {
  id: string;
  personId: string;
  vaccineCode: string;
  lotId: string;
  doseNumber?: number;
  givenAt?: string;
  vaccinator?: string;
  overrideReason?: string;
}

/**
 * Records a dose given at the staff member's facility. Two round trips: one read of everything to
 * check (person in scope, lot, the person's doses) and one statement that writes the dose with its
 * stock use, facility link and audit entry, atomically. The client's UUID makes it idempotent: a
 * resend returns the first record. The dose number comes from the status engine unless given; a number
 * already recorded is refused (also when two devices race: the unique index decides); a dose the
 * interval or mixing rules would not count needs an override reason; the lot must be of the vaccine
 * and not expired on the day.
 */
export async function recordDose(
  db: Kysely<DB>,
  actor: StaffActor,
  input: RecordDoseInput,
  now: Date,
  source: 'site' | 'api' = 'site',
) {
  // Doses are recorded at a facility: only principals bound to one (the permission says so too).
  const scope = facilityBound(actor.scope);
  if (!scope) throw new AppError('forbidden', 403, 'auth.forbidden');
  const facilityId = scope.facilityId;
  const hash = requestHash(input);
  const replay = async () => {
    const existing = await repo.findDose(db, input.id);
    if (!existing) return null;
    if (existing.request_hash !== hash)
      throw new AppError('dose_id_reused', 409, 'dose.id_reused', [
        { field: 'id', in: 'body', code: 'dose.id_reused' },
      ]);
    return {
      dose: toDose(existing),
      status: (await vaccinationRecord(db, existing.person_id, vietnamDate(now))).status,
      replayed: true,
    };
  };
  const numberTaken = (number: number) =>
    new AppError(
      'dose_number_taken',
      409,
      'dose.number_taken',
      [{ field: 'doseNumber', in: 'body', code: 'dose.number_taken', params: { number } }],
      { number },
    );

  const givenAt = input.givenAt ? new Date(input.givenAt) : now;
  if (givenAt.getTime() > now.getTime() + 5 * 60_000)
    throw AppError.validation([{ field: 'givenAt', in: 'body', code: 'date.future' }]);
  const givenOn = vietnamDate(givenAt);
  const catalogue = await rules(db);
  const context = await repo.loadDoseContext(db, input.personId, input.lotId, scope);
  // Reach first: a replay answers with the dose and the person's status, so it is for principals
  // that reach the person (the facility that recorded it always does: a dose links the person to it).
  if (!context.personVisible) throw AppError.notFound('person.not_found');
  if (context.doses.some((d) => d.id === input.id)) return (await replay())!;
  const lot = context.lot;
  if (!lot) throw AppError.validation([{ field: 'lotId', in: 'body', code: 'field.invalid_value' }]);
  if (lot.vaccine_code !== input.vaccineCode)
    throw AppError.validation([{ field: 'lotId', in: 'body', code: 'dose.lot_vaccine' }]);
  if (lot.expires_on < givenOn)
    throw AppError.validation([
      { field: 'lotId', in: 'body', code: 'dose.lot_expired', params: { date: lot.expires_on } },
    ]);
  const previous: DoseFact[] = context.doses.map((d) => ({
    id: d.id,
    vaccineCode: d.vaccine_code,
    date: d.given_on,
    voided: d.status === 'entered_in_error',
    country: d.country,
  }));
  const doseNumber =
    input.doseNumber ?? vaccinationStatus(previous, catalogue, givenOn).nextDose?.number ?? 1;
  if (context.doses.some((d) => d.status === 'recorded' && d.dose_number === doseNumber))
    throw numberTaken(doseNumber);
  const withThis = [...previous, { id: input.id, vaccineCode: input.vaccineCode, date: givenOn }];
  const after = vaccinationStatus(withThis, catalogue, givenOn);
  if (after.doses.find((d) => d.id === input.id)?.role === 'not_counted' && !input.overrideReason) {
    const why = after.reasons.filter((r) =>
      ['status.interval_short', 'status.mix_forbidden', 'status.booster_early'].includes(r.code),
    );
    throw new AppError('override_required', 400, 'dose.override_required', [
      { field: 'overrideReason', in: 'body', code: 'dose.override_required' },
      ...why.map((r) => ({ field: 'vaccineCode', in: 'body', code: r.code, params: r.params })),
    ]);
  }
  let inserted: boolean;
  try {
    inserted = await repo.insertDoseWithEffects(
      db,
      {
        id: input.id,
        person_id: input.personId,
        vaccine_code: input.vaccineCode,
        lot_id: lot.id,
        lot_number: lot.lot_number,
        dose_number: doseNumber,
        given_at: givenAt,
        given_on: givenOn,
        facility_id: facilityId,
        vaccinator: input.vaccinator ?? actor.displayName,
        source,
        override_reason: input.overrideReason ?? null,
        request_hash: hash,
        recorded_by: actor.staffId,
      },
      audit.auditRow(audit.auditActorOf(actor), 'dose.record', {
        personId: input.personId,
        recordType: 'dose',
        recordId: input.id,
        details: { doseNumber },
      }),
    );
  } catch (error) {
    if ((error as { constraint?: string }).constraint === 'dose_number_once') throw numberTaken(doseNumber);
    throw error;
  }
  if (!inserted) return (await replay())!;
  // The answer is built from what was checked: no second round of reads.
  const dose: Dose = {
    id: input.id,
    personId: input.personId,
    vaccineCode: input.vaccineCode,
    lotNumber: lot.lot_number,
    doseNumber,
    givenAt: givenAt.toISOString(),
    givenOn,
    facilityName: null,
    country: 'VNM',
    source,
    status: 'recorded',
    voidReason: null,
    overrideReason: input.overrideReason ?? null,
  };
  const today = vietnamDate(now);
  const status = today === givenOn ? after : vaccinationStatus(withThis, catalogue, today);
  return { dose, status: withMessages(status), replayed: false };
}

/** Voids a dose as entered in error (kept, never counted); the stock use is given back. */
export async function voidDose(db: Kysely<DB>, actor: StaffActor, id: string, reason: string, now: Date) {
  return db.transaction().execute(async (trx) => {
    const dose = await repo.findDose(trx, id);
    if (!dose) throw AppError.notFound();
    await requirePersonInReach(trx, actor.scope, dose.person_id);
    if (dose.status === 'entered_in_error') return toDose(dose);
    await repo.voidDose(trx, id, actor.staffId, reason, now);
    if (dose.lot_id && dose.facility_id) await stock.recordUse(trx, dose.facility_id, dose.lot_id, id, true);
    await audit.record(trx, audit.auditActorOf(actor), 'dose.void', {
      personId: dose.person_id,
      recordType: 'dose',
      recordId: id,
      details: { reason },
    });
    return toDose((await repo.findDose(trx, id))!);
  });
}

/**
 * Before a merge moves the loser's doses: a dose number both records hold is the same dose entered
 * twice when vaccine and day match (the loser's copy is voided, kept), otherwise a conflict a person
 * must resolve first (409). Then the remaining doses move to the winner.
 */
export async function mergeDoses(
  db: Kysely<DB>,
  actor: StaffActor,
  winnerId: string,
  loserId: string,
  now: Date,
): Promise<number> {
  const winner = (await repo.dosesOf(db, winnerId)).filter((d) => d.status === 'recorded');
  const loser = (await repo.dosesOf(db, loserId)).filter((d) => d.status === 'recorded');
  for (const dose of loser) {
    const twin = winner.find((w) => w.dose_number === dose.dose_number);
    if (!twin) continue;
    if (twin.vaccine_code === dose.vaccine_code && twin.given_on === dose.given_on) {
      await repo.voidDose(db, dose.id, actor.staffId, 'duplicate of a dose of the merged record', now);
      if (dose.lot_id && dose.facility_id)
        await stock.recordUse(db, dose.facility_id, dose.lot_id, dose.id, true);
    } else {
      throw new AppError('merge_dose_conflict', 409, 'dose.merge_conflict', [], { number: dose.dose_number });
    }
  }
  return repo.moveDoses(db, loserId, winnerId);
}
