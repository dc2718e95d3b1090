-- Issue #15: the service runs as a role of its own that may read and append to the audit log but not change,
-- remove, disable or drop it; migrations run as the owner (docs/security.md, "The audit database role").
-- ${runtime_role} is quarkus.flyway.placeholders.runtime_role, by default the datasource user the service
-- connects as. This migration is repeatable: Flyway checksums it after placeholder replacement, so it runs again
-- when the runtime role changes (the old role keeps its rights until revoked by hand). Tables and sequences that
-- later migrations create get the same rights through the default privileges set here, as long as every
-- migration runs as this same owner.
do $$
declare
    runtime text := '${runtime_role}';
    here text := current_schema();
begin
    if runtime = current_user then
        -- A development set-up connecting as the owner: nothing to grant, and nothing protects the audit log.
        raise warning 'the service connects as the owner of its tables (%): its audit log can be changed', runtime;
        return;
    end if;
    execute format('grant usage on schema %I to %I', here, runtime);
    execute format('grant select, insert, update, delete on all tables in schema %I to %I', here, runtime);
    execute format('grant usage, select, update on all sequences in schema %I to %I', here, runtime);
    execute format('alter default privileges in schema %I grant select, insert, update, delete on tables to %I',
            here, runtime);
    execute format('alter default privileges in schema %I grant usage, select, update on sequences to %I',
            here, runtime);
    -- Append and read only; disabling its trigger, altering or dropping it needs the owner anyway.
    execute format('revoke update, delete, truncate, references, trigger on audit_log from %I', runtime);
    -- A pending entry is written with its write and moved into the log by audit_chain_pending (the owner's
    -- rights), never changed or removed by the service.
    execute format('revoke update, delete, truncate, references, trigger on audit_pending from %I', runtime);
    -- The chain's head is moved forward by every append, never removed (that would restart the chain).
    execute format('revoke delete, truncate, references, trigger on audit_chain_head from %I', runtime);
    -- The migration history is the owner's.
    execute format('revoke insert, update, delete, truncate, references, trigger on %I from %I',
            '${flyway:table}', runtime);
end
$$;
