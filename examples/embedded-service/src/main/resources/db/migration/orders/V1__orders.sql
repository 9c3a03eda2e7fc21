-- The service's own table, in its own schema ("orders") next to Latchkey's ("auth"), with its own Flyway history
-- table (orders_schema_history). owner_id is the Latchkey user id (the access token's sub): no foreign key into
-- Latchkey's schema, whose tables are Latchkey's to change.
create table orders (
  id          uuid primary key,
  owner_id    uuid not null,
  item        varchar(100) not null,
  quantity    integer not null check (quantity between 1 and 100),
  status      varchar(16) not null check (status in ('placed', 'cancelled', 'shipped')),
  created_at  timestamptz not null,
  updated_at  timestamptz not null
);

create index orders_owner_created on orders (owner_id, created_at desc);
create index orders_status_created on orders (status, created_at);
