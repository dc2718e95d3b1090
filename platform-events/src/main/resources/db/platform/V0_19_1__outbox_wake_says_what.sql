-- Issue #14: the notifications that wake the relay say what was added, so the relay wakes only the loop the rows
-- are for, and an interactive round reads from the lowest seq announced instead of from the start of a queue table
-- whose deleted rows wait for a vacuum (with 23,000 of them, a round read 1,100 pages to find none; RelayWorker).
-- * Each interactive row announces its seq: a row trigger that fires for interactive rows only, so a bulk row costs
--   one comparison (a bulk insert of 200,000 rows: 3.46 s against 3.37 s without). Reading a statement's rows from
--   a transition table instead copied every row: 5.0 s.
-- * A statement whose last row (this session's last seq) is bulk announces "bulk". The writer never mixes lanes in
--   one statement; a statement of no rows may find its session's earlier one: a harmless extra round.
drop trigger outbox_event_notify on outbox_event;
drop function outbox_event_notify();

create function outbox_event_notify_interactive() returns trigger language plpgsql as $$
begin
  perform pg_notify('graduasi_outbox', new.seq::text);
  return null;
end $$;
create trigger outbox_event_notify_interactive after insert on outbox_event
  for each row when (new.lane = 0) execute function outbox_event_notify_interactive();

create function outbox_event_notify_bulk() returns trigger language plpgsql as $$
declare
  last bigint;
begin
  -- Read first: compared with currval() itself (volatile), the lookup could not use the index and read the table.
  last := currval('outbox_event_seq_seq');
  if exists (select 1 from outbox_event where seq = last and lane <> 0) then
    perform pg_notify('graduasi_outbox', 'bulk');
  end if;
  return null;
exception when object_not_in_prerequisite_state then
  return null; -- no row inserted in this session yet (currval undefined)
end $$;
create trigger outbox_event_notify_bulk after insert on outbox_event
  for each statement execute function outbox_event_notify_bulk();
