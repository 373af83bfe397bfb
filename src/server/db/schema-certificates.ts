import type { ColumnType, Generated, JSONColumnType } from 'kysely';

/** Tables of vaccination certificates: keys, issued certificates, revocations (migrations/0011, 0019). */

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type CertificateKeyRole = 'csca' | 'dsc';
export type CertificateAlg = 'ES256' | 'PS256';
export type RevocationReason = 'superseded' | 'key_compromise' | 'issued_in_error' | 'fraud' | 'other';

export interface CertificateKeyTable {
  kid: string;
  role: CertificateKeyRole;
  alg: CertificateAlg;
  certificate: string;
  /** Sealed PKCS#8; null for a CSCA kept offline (migration 0019). */
  private_key: string | null;
  shc_kid: string | null;
  shc_jwk: JSONColumnType<Record<string, string> | null, string | null, string | null>;
  shc_private_key: string | null;
  issuer_kid: string | null;
  not_before: Timestamp;
  not_after: Timestamp;
  retired_at: Timestamp | null;
  created_at: Generated<Date>;
}

export interface IssuedCertificateTable {
  id: Generated<string>;
  uvci: string;
  person_id: string;
  dose_ids: JSONColumnType<string[], string, string>;
  content_hash: string;
  kid: string;
  eu_dcc: string;
  shc: string;
  shc_rid: string;
  issued_at: Timestamp;
  expires_at: Timestamp;
  checked_at: Timestamp;
  revoked_at: Timestamp | null;
  created_at: Generated<Date>;
}

export interface CertificateRevocationTable {
  uvci: string;
  uvci_hash: string;
  shc_kid: string | null;
  shc_rid: string | null;
  reason: RevocationReason;
  revoked_by: string | null;
  revoked_at: Generated<Date>;
}
