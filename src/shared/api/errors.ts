/**
 * Every `code` an API problem document can carry, with its HTTP status and what it means. Endpoints
 * list the codes they answer (`Endpoint.errors`); `docs/API.md`'s error table is rendered from this
 * list (`npm run docs:api`), and `errors.test.ts` fails when the server throws a code that is not here
 * or with another status.
 */
export const ERRORS = {
  // Any route
  validation_failed: [400, 'The input broke a rule; `errors[]` names each field and rule'],
  unauthenticated: [401, 'Not signed in, or the session has ended'],
  totp_required: [401, 'Staff sign-in needs the authenticator code first'],
  forbidden: [403, "The caller's role may not do this"],
  csrf_failed: [403, 'A write with the session cookie did not echo the `x-csrf-token`'],
  totp_setup_required: [403, 'This role must set up an authenticator before working'],
  route_not_found: [404, 'No such route'],
  payload_too_large: [413, 'The body or file is larger than allowed'],
  unsupported_media_type: [415, 'The content type is not one this route accepts'],
  rate_limited: [429, 'Too many requests; `retry-after` says when to try again'],
  internal_error: [500, 'An unexpected failure (never with details)'],
  not_ready: [503, 'The server is starting or stopping'],
  // Records
  not_found: [404, 'No such record, or it is outside your reach: the two look the same'],
  file_purged: [410, 'The uploaded file was deleted after its retention period'],
  // Sign-in
  login_failed: [401, 'Wrong user name or password'],
  login_locked: [423, 'Too many failed sign-ins; the account waits before the next try'],
  otp_expired: [400, 'The one-time code has expired; ask for a new one'],
  otp_invalid: [400, 'Wrong one-time code'],
  otp_locked: [429, 'Too many wrong codes; ask for a new one later'],
  totp_invalid: [400, 'Wrong authenticator code (or one already used)'],
  totp_not_started: [400, 'Set-up of the authenticator was not started'],
  totp_not_enabled: [400, 'The account has no authenticator'],
  totp_already_enabled: [409, 'The authenticator is already set up'],
  username_taken: [409, 'The user name is taken'],
  // People and households
  duplicate_cccd: [409, 'A person with this CCCD is already registered within reach'],
  likely_duplicate: [409, 'A person with the same name and birth date already exists; confirm to create'],
  already_merged: [409, 'One of the persons was already merged'],
  merge_dose_conflict: [409, 'The two records hold different doses with the same number'],
  already_member: [409, 'The person is already a member of this household'],
  household_full: [409, 'The household has the most members allowed'],
  self_exists: [409, 'The account holder is already in the household'],
  identity_mismatch: [409, 'The details do not match the record'],
  link_code_invalid: [400, 'Wrong or expired code for a household link (every failure looks alike)'],
  correction_open: [409, 'A correction request for this person is already open'],
  correction_closed: [409, 'The correction request is no longer open'],
  // Vaccination
  not_eligible: [400, 'The person is not eligible for this campaign'],
  registration_open: [409, 'The person already has an open registration in this campaign'],
  registration_closed: [409, 'The registration is no longer open'],
  registration_not_scheduled: [409, 'The registration has no session yet'],
  registration_changed: [409, 'The registration changed since it was read'],
  session_full: [409, 'The session has no free seat'],
  slot_full: [409, 'The time slot has no free seat'],
  session_not_suitable: [409, 'The session is too early for the next dose, or its vaccine does not fit'],
  wrong_day: [409, "The session is not today's"],
  not_checked_in: [409, 'The person has not checked in'],
  blocked: [409, 'Screening says not to vaccinate'],
  screening_id_reused: [409, 'The screening id was used for another screening'],
  override_required: [400, 'Going against the suggestion needs a reason'],
  dose_id_reused: [409, 'The dose id was used for another dose'],
  dose_number_taken: [409, 'The person already has a recorded dose with this number'],
  stock_insufficient: [409, 'Not enough doses in stock'],
  // Imports
  import_state: [409, 'The import cannot do this in its current state'],
  review_closed: [409, 'The review item was already decided'],
  'import.line_too_long': [422, 'An uploaded CSV has a line longer than allowed (refused as it arrives)'],
  'import.xlsx_too_large': [
    422,
    'An uploaded XLSX says it unpacks to more than allowed (refused as it arrives)',
  ],
  // Certificates
  no_doses: [404, 'The person has no recorded dose to certify'],
  no_signing_key: [409, 'No document signer key is active'],
  certificate_revoked: [409, 'The certificate was revoked'],
  certificate_withheld: [409, 'A new certificate is withheld after a revocation for fraud or error'],
  already_revoked: [409, 'The certificate is already revoked'],
  lookup_code_invalid: [400, 'Wrong or expired code of a public certificate lookup'],
  lookup_token_invalid: [401, 'The lookup token is wrong or has expired'],
  push_unavailable: [503, 'Web Push is not configured on this server'],
} as const satisfies Record<string, readonly [number, string]>;

export type ErrorCode = keyof typeof ERRORS;

/** Codes any route may answer, so endpoints do not list them. */
export const COMMON_ERRORS = [
  'validation_failed',
  'unauthenticated',
  'totp_required',
  'forbidden',
  'csrf_failed',
  'totp_setup_required',
  'route_not_found',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'internal_error',
  'not_ready',
] as const satisfies readonly ErrorCode[];
