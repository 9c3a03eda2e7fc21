-- OAuth / OpenID Connect: provider configuration (client secrets only encrypted) and linked identities, unique by
-- (issuer, subject).

create table oauth_providers (
    name                    varchar(32)   not null primary key,
    display_name            varchar(100)  not null,
    type                    varchar(16)   not null,
    client_id               varchar(400)  not null,
    encrypted_client_secret varchar(4000) not null,
    issuer                  varchar(400),
    scopes                  varchar(1000) not null,
    enabled                 boolean       not null,
    created_at              timestamp with time zone not null
);

create table oauth_accounts (
    id             uuid         not null primary key,
    user_id        uuid         not null,
    provider       varchar(32)  not null,
    issuer         varchar(400) not null,
    subject        varchar(255) not null,
    email          varchar(254),
    email_verified boolean      not null,
    linked_at      timestamp with time zone not null
);
create unique index oauth_accounts_identity on oauth_accounts (issuer, subject);
create index oauth_accounts_user on oauth_accounts (user_id);
create index oauth_accounts_provider on oauth_accounts (provider);
