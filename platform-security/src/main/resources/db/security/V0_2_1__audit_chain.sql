-- Issue #15: each audit entry is chained to the previous entry of its service by a SHA-256 hash (AuditChain), so
-- that a changed, removed or inserted row is detected by GET /api/v1/audit/verification even if someone with the
-- owner's rights disabled the append-only trigger. Entries written before this migration carry no seq/hash and
-- are reported as unchained, not verified.
alter table audit_log add column seq bigint;
alter table audit_log add column prev_hash varchar(64);
alter table audit_log add column hash varchar(64);
create unique index audit_log_chain on audit_log (service, seq) where seq is not null;
-- Keyset pages, newest first.
create index audit_log_newest on audit_log (at desc, id desc);

-- The end of each service's chain: appending locks this row until the write's transaction ends, so entries are
-- chained in one order; verification compares the chain's last entry with it (a removed tail is detected).
create table audit_chain_head (
    service text primary key,
    seq     bigint      not null,
    hash    varchar(64) not null
);
