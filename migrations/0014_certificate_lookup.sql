-- Public certificate lookups: name + birth date + phone, confirmed by a one-time code sent to that phone.
-- A lookup whose details matched no person (or several) is stored the same way with no person, so a hit and
-- a miss do the same work and answer the same; its code is never accepted.
create table certificate_lookup (
  id uuid primary key,
  person_id uuid references person (id),
  -- HMAC of the phone in national form: counts lookups per phone without keeping the number of a miss.
  phone_hash text not null,
  -- HMAC of the 6-digit code (never the code itself).
  code_hash text not null,
  expires_at timestamptz not null,
  attempts integer not null default 0,
  verified_at timestamptz,
  -- SHA-256 of the token handed out after the right code; it opens the certificate until token_expires_at.
  token_hash text,
  token_expires_at timestamptz,
  ip text,
  created_at timestamptz not null default now()
);
create index certificate_lookup_phone on certificate_lookup (phone_hash, created_at desc);
create unique index certificate_lookup_token on certificate_lookup (token_hash) where token_hash is not null;
