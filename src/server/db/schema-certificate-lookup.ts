import type { ColumnType } from 'kysely';

/** The public certificate lookup (migrations/0014; see schema.ts). */

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface CertificateLookupTable {
  id: string;
  /** Null when the details matched no single person: the code is then never accepted. */
  person_id: string | null;
  /** HMAC of the phone in national form (the per-phone limit), never the number itself. */
  phone_hash: string;
  code_hash: string;
  expires_at: Timestamp;
  attempts: ColumnType<number, number | undefined, number>;
  verified_at: Timestamp | null;
  /** SHA-256 of the lookup token handed out after the right code. */
  token_hash: string | null;
  token_expires_at: Timestamp | null;
  ip: string | null;
  created_at: Timestamp;
}
