-- The audit log (issue #7): every write, who, when, what changed, request id, client; partners' reads of
-- personal data too. Append-only: the database itself refuses to change or remove a row. Every service has one
-- (Flyway location db/security); household_id lets an auditor ask each service "who changed this household".
create table audit_log (
    id          uuid primary key,
    service     text        not null,
    at          timestamptz not null,
    actor       text        not null,
    client      text,
    request_id  text,
    action      text        not null,
    entity_type text        not null,
    entity_id   text,
    household_id uuid,
    region      text,
    summary     text
);
create index audit_log_entity on audit_log (entity_id, at);
create index audit_log_household on audit_log (household_id, at) where household_id is not null;
create index audit_log_actor on audit_log (actor, at);

create function audit_log_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_log is append-only';
end;
$$;
create trigger audit_log_append_only before update or delete on audit_log
    for each row execute function audit_log_append_only();
create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function audit_log_append_only();
