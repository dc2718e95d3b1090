-- A bulk import refreshes the planner's statistics as it grows these tables (ImportService.analyze): plans
-- prepared while they were empty scan them whole, and a scan per batch made imports slower as they grew. ANALYZE
-- needs the tables' owner, and the service runs as a role that does not own them (R__runtime_role_grants.sql):
-- its ANALYZE was skipped with a warning. This function runs as the owner and analyzes these tables only.
create function refresh_import_statistics() returns void
    language plpgsql security definer set search_path from current as $$
begin
    analyze household, member, outbox_event;
end
$$;
revoke execute on function refresh_import_statistics() from public;
grant execute on function refresh_import_statistics() to "${runtime_role}";
