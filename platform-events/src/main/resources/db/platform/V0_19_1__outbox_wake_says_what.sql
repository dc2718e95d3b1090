-- Issue #14: a commit's notification says what it added, so the relay wakes only the loop its rows are for and
-- an interactive round reads from the lowest seq announced, not from the start of a queue table whose deleted rows
-- wait for a vacuum (with 23,000 of them, a round read 1,100 pages to find none; RelayWorker).
-- Payload: the lowest seq of the statement's interactive rows, and/or "bulk"; nothing for a statement that added no
-- rows. PostgreSQL still folds a transaction's identical notifications into one.
create or replace function outbox_event_notify() returns trigger language plpgsql as $$
declare
  interactive bigint;
  bulk boolean;
begin
  select min(seq) filter (where lane = 0), bool_or(lane <> 0) into interactive, bulk from added;
  if interactive is not null or bulk then
    perform pg_notify('graduasi_outbox', concat_ws(' ', interactive::text, case when bulk then 'bulk' end));
  end if;
  return null;
end $$;
drop trigger outbox_event_notify on outbox_event;
create trigger outbox_event_notify after insert on outbox_event referencing new table as added
  for each statement execute function outbox_event_notify();
