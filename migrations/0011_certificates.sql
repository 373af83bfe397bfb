-- Vaccination certificates (EU DCC and SMART Health Cards): signing keys, issued certificates and revocations.

-- The national CSCA (self-signed) and the document signer certificates (DSC) it signs. Private keys are
-- sealed (AES-256-GCM, see certificates/key-store.ts) with a key that never enters the database.
create table certificate_key (
  -- base64 of the first 8 bytes of SHA-256 of the certificate's DER (the EU DCC kid).
  kid text primary key,
  role text not null check (role in ('csca', 'dsc')),
  alg text not null check (alg in ('ES256', 'PS256')),
  -- base64 DER of the X.509 certificate.
  certificate text not null,
  private_key text not null,
  -- The SMART Health Card key of a DSC: its JWK thumbprint and public JWK. SHC signs with ES256 only, so
  -- a PS256 DSC has a separate P-256 key (shc_private_key); an ES256 DSC's SHC key is the DSC key itself.
  shc_kid text unique,
  shc_jwk jsonb,
  shc_private_key text,
  issuer_kid text references certificate_key (kid),
  not_before timestamptz not null,
  not_after timestamptz not null,
  -- No longer used to sign (rotated); still published and trusted until not_after.
  retired_at timestamptz,
  created_at timestamptz not null default now()
);

-- One row per certificate issued to a person; the QR texts are kept so the holder sees the same QR again.
create table issued_certificate (
  id uuid primary key default gen_random_uuid(),
  uvci text not null unique,
  person_id uuid not null references person (id),
  -- The doses it certifies, oldest first.
  dose_ids jsonb not null,
  -- SHA-256 (hex) of what it certifies (doses and identity): a changed hash means it must be re-issued.
  content_hash text not null,
  kid text not null references certificate_key (kid),
  eu_dcc text not null,
  shc text not null,
  -- The SMART Health Card revocation id (vc.rid).
  shc_rid text not null,
  issued_at timestamptz not null,
  expires_at timestamptz not null,
  -- When the re-issue pass last found it still current (the person's identity may have changed since).
  checked_at timestamptz not null,
  revoked_at timestamptz,
  created_at timestamptz not null default now()
);
-- At most one current certificate per person.
create unique index issued_certificate_current on issued_certificate (person_id) where revoked_at is null;

-- Revoked UVCIs (ours, or any other one an administrator lists), published as hashed UVCIs and SHC rids.
create table certificate_revocation (
  uvci text primary key,
  -- base64 of the first 16 bytes of SHA-256 of the UVCI.
  uvci_hash text not null,
  shc_kid text,
  shc_rid text,
  reason text not null check (reason in ('superseded', 'key_compromise', 'issued_in_error', 'fraud', 'other')),
  revoked_by uuid references staff_user (id),
  revoked_at timestamptz not null default now()
);
create index certificate_revocation_shc on certificate_revocation (shc_kid) where shc_kid is not null;
