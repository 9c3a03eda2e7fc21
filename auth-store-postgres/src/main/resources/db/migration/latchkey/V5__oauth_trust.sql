-- Version 5. trust_email_verified: whether a provider's email_verified claim is believed (automatic
-- linking, an account's address); by default only the built-in Google, Microsoft and GitHub types are trusted, so
-- existing Discord and generic OpenID Connect providers stop being trusted until an administrator says otherwise.
-- is_local: whether the provider's issuer and endpoints may be on loopback or private addresses (and plain http);
-- providers already configured with an http loopback issuer (allowed before, for development) keep working.
alter table oauth_providers add column trust_email_verified boolean default false not null;
alter table oauth_providers add column is_local boolean default false not null;
update oauth_providers set trust_email_verified = true where type in ('GOOGLE', 'MICROSOFT', 'GITHUB');
update oauth_providers set is_local = true
  where issuer like 'http://localhost%' or issuer like 'http://127.0.0.1%' or issuer like 'http://[::1]%';
