-- Issue #18: an audited write used to lock the chain's head until it committed, so every audited write of a
-- service waited for the one before (37 writes/s under load). A write now commits its entry here, with the write,
-- and takes no shared lock; AuditSequencer moves pending entries into audit_log in batches, each chained to the one
-- before, within about a second (and before the audit log is read or verified). The same columns as the log,
-- without the chain's.
create table audit_pending (like audit_log including defaults);
alter table audit_pending drop column seq, drop column prev_hash, drop column hash, add primary key (id);
create index audit_pending_order on audit_pending (service, at, id);
