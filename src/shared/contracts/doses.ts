import { endpoint } from '../api/endpoint.ts';
import {
  doseBatchResultSchema,
  doseBatchSchema,
  doseIdParams,
  doseRecordedSchema,
  doseRecordSchema,
  doseSchema,
  doseVoidSchema,
  recordedByKeyQuery,
  recordedByKeySchema,
  vaccinationRecordSchema,
} from '../schemas/doses.ts';
import { memberParams } from '../schemas/households.ts';
import { personIdParams } from '../schemas/people.ts';

const tags = ['doses'];

/** Dose records and vaccination status. */
export const doses = {
  recordDose: endpoint({
    method: 'POST',
    path: '/api/staff/doses',
    policy: 'staff:doses.record',
    tags,
    summary: 'Record a dose given at your facility (idempotent on the client-chosen id)',
    description: 'A new dose answers 201; a resend of the same dose (same id and content) answers 200.',
    body: doseRecordSchema,
    responses: { 201: doseRecordedSchema, 200: doseRecordedSchema },
    errors: ['not_found', 'dose_id_reused', 'dose_number_taken', 'override_required', 'stock_insufficient'],
  }),
  voidDose: endpoint({
    method: 'POST',
    path: '/api/staff/doses/:id/void',
    policy: 'staff:doses.void',
    tags,
    summary: 'Void a dose entered in error (kept, never counted)',
    params: doseIdParams,
    body: doseVoidSchema,
    responses: { 200: doseSchema },
    errors: ['not_found'],
  }),
  personVaccination: endpoint({
    method: 'GET',
    path: '/api/staff/people/:id/vaccination',
    policy: 'staff:people.read',
    tags,
    summary: "A person's doses and status with its reasons (audited)",
    params: personIdParams,
    responses: { 200: vaccinationRecordSchema },
    errors: ['not_found'],
  }),
  memberVaccination: endpoint({
    method: 'GET',
    path: '/api/me/household/members/:personId/vaccination',
    policy: 'citizen',
    tags,
    summary: "A member's vaccination history and green/yellow status with the reasons",
    params: memberParams,
    responses: { 200: vaccinationRecordSchema },
    errors: ['not_found'],
  }),
  recordedByKey: endpoint({
    method: 'GET',
    path: '/api/staff/doses/recorded-by-key',
    policy: 'staff:doses.read_own',
    tags,
    summary: 'The doses this API key recorded (voided ones too), oldest first, page by page',
    description:
      'For a facility’s own software (`Authorization: Bearer <API key>`): read back what the key sent, e.g. to learn that a dose was voided at the site. `since` limits to doses recorded at or after an instant; `cursor` is the `nextCursor` of the previous page.',
    query: recordedByKeyQuery,
    responses: { 200: recordedByKeySchema },
    errors: [],
  }),
  recordDoses: endpoint({
    method: 'POST',
    path: '/api/staff/doses/batch',
    policy: 'staff:doses.record',
    tags,
    summary:
      "Record up to 500 doses from a site's own software (same rules and idempotency, one result per dose)",
    description:
      'Send `Authorization: Bearer <API key>` (created by an admin for the facility), or the staff session cookie (the site screen sending doses entered offline; recorded with source `site`). Each dose is checked and written on its own: one refusal does not stop the others, and a resend of the batch records nothing twice (`already_recorded`). A dose number the person already has (another device got there first) is a `conflict`: not recorded, the first record stands.',
    body: doseBatchSchema,
    responses: { 200: doseBatchResultSchema },
    errors: [],
  }),
};
