-- Issue #18: an audited write used to lock the chain's head until it committed, so every audited write of a
-- service waited for the one before (37 writes/s under load). A write now commits its entry here, with the write,
-- and takes no shared lock; AuditSequencer moves pending entries into audit_log in batches, each chained to the one
-- before, within about a second (and before the audit log is read or verified).
create table audit_pending (
    id           uuid primary key,
    service      text        not null,
    at           timestamptz not null,
    actor        text        not null,
    client       text,
    request_id   text,
    action       text        not null,
    entity_type  text        not null,
    entity_id    text,
    household_id uuid,
    region       text,
    summary      text
);
create index audit_pending_order on audit_pending (service, at, id);
