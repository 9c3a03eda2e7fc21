-- Indexes for the administrator's overview (AdminOperations.stats): logins per type and day, users active lately.
create index events_type_at on events (type, at);
create index users_last_login on users (last_login_at);
