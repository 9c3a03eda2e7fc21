-- Version 4. An account created from a provider identity whose address the provider did not verify has no email
-- (an unverified address never becomes an account's email), so email and its key become optional; the unique index
-- still holds for every address present. A generated first-admin password must be changed before the account can
-- sign in: password_change_required says so.
alter table users alter column email drop not null;
alter table users alter column email_key drop not null;
alter table users add column password_change_required boolean default false not null;
