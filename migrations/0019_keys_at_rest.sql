-- The CSCA's private key is kept offline by default (`sskdt keys init` writes it to a file the operator
-- takes away): its row holds the certificate only. A DSC signs certificates every day, so its sealed key
-- stays in the row; only a CSCA row may lack one.
alter table certificate_key alter column private_key drop not null;
alter table certificate_key add constraint certificate_key_dsc_has_private_key
  check (role = 'csca' or private_key is not null);
