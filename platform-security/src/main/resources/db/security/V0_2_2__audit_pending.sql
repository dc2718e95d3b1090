-- Issue #18: an audited write used to lock the chain's head until it committed, so every audited write of a
-- service waited for the one before (37 writes/s under load). A write now commits its entry here, with the write,
-- and takes no shared lock; AuditSequencer chains pending entries into audit_log in batches, each hashed over the
-- one before, within about a second (and before the audit log is read or verified). The same columns as the log,
-- without the chain's.
create table audit_pending (like audit_log including defaults);
alter table audit_pending drop column seq, drop column prev_hash, drop column hash, add primary key (id);
create index audit_pending_order on audit_pending (service, at, id);

-- Moves pending entries into the log with the chain positions and hashes the sequencer computed, copying their
-- content itself. It runs with its owner's rights, so the runtime role needs no DELETE on audit_pending: the
-- service can append entries and chain them, never remove one (a wrong hash it passes is caught by verification).
create function audit_chain_pending(p_service text, p_ids uuid[], p_seqs bigint[], p_prev_hashes text[],
                                    p_hashes text[]) returns integer
    language plpgsql security definer set search_path from current as $$
declare
    moved integer;
begin
    insert into audit_log (id, service, at, actor, client, request_id, action, entity_type, entity_id,
                           household_id, region, summary, seq, prev_hash, hash)
    select p.id, p.service, p.at, p.actor, p.client, p.request_id, p.action, p.entity_type, p.entity_id,
           p.household_id, p.region, p.summary, c.seq, c.prev_hash, c.hash
    from unnest(p_ids, p_seqs, p_prev_hashes, p_hashes) as c(id, seq, prev_hash, hash)
    join audit_pending p on p.id = c.id and p.service = p_service
    order by c.seq;
    get diagnostics moved = row_count;
    delete from audit_pending where id = any(p_ids) and service = p_service;
    return moved;
end
$$;
