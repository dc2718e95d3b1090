-- Issues #14 and #18: a bulk statement announces the lowest seq its rows can have, so a bulk round reads from there
-- instead of from the start of a queue table whose deleted rows wait for a vacuum. Reading from the start, the
-- planner chose a sequential scan of the whole table (the rows it expects are fewer than a batch): 30-68 ms a round
-- with 100,000-270,000 deleted rows, and with commits waking rounds many times a second, PostgreSQL spent 0.4 of a
-- core on it under 100 registrations a second (docs/benchmarks.md, twenty-ninth session).
-- * Before the statement, the sequence's last value: every row the statement then inserts has a larger seq (the
--   sequence caches 1 value, so no session hands out a value below one already taken). Kept for the transaction
--   (set_config local), read back by the statement's after-trigger.
-- * The announcement is "bulk:<seq>". A relay that predates it cannot read it and runs both loops from the start:
--   what it did for every bulk announcement.
create function outbox_event_bulk_from() returns trigger language plpgsql as $$
begin
  perform set_config('graduasi.outbox_bulk_from',
                     coalesce(pg_sequence_last_value('outbox_event_seq_seq'), 0)::text, true);
  return null;
end $$;
create trigger outbox_event_bulk_from before insert on outbox_event
  for each statement execute function outbox_event_bulk_from();

create or replace function outbox_event_notify_bulk() returns trigger language plpgsql as $$
declare
  last bigint;
begin
  -- Read first: compared with currval() itself (volatile), the lookup could not use the index and read the table.
  last := currval('outbox_event_seq_seq');
  if exists (select 1 from outbox_event where seq = last and lane <> 0) then
    perform pg_notify('graduasi_outbox',
                      'bulk:' || (coalesce(nullif(current_setting('graduasi.outbox_bulk_from', true), ''), '0')::bigint
                                  + 1));
  end if;
  return null;
exception when object_not_in_prerequisite_state then
  return null; -- no row inserted in this session yet (currval undefined)
end $$;
