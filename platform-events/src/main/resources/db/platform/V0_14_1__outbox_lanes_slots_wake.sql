-- Issue #14: the relay scales with replicas, keeps interactive events ahead of bulk work, and wakes on commit.

-- Lane 0 is interactive (one household's change: a status change, a decision), lane 1 bulk (a transaction that
-- writes events of many households: an import batch, a cycle approval). The relay serves lane 0 first.
alter table outbox_event add column lane smallint not null default 0;

-- Each key falls in one of 64 slots; each relay replica publishes the slots it holds (advisory locks), so a
-- household's events are always published by one replica at a time, in order. hashtext is immutable.
alter table outbox_event add column slot smallint not null generated always as ((hashtext(record_key) & 63)) stored;

-- A row the broker refused waits until retry_at (back-off), holding back the rows after it of its household.
alter table outbox_event add column retry_at timestamptz;

drop index if exists outbox_event_failing;
create index outbox_event_failing on outbox_event (record_key) where sent_at is null and attempts > 0;
-- Interactive rows waiting, and every pending row of a key (the earlier rows an interactive row must follow).
create index outbox_event_pending_interactive on outbox_event (seq) where sent_at is null and lane = 0;
create index outbox_event_pending_key on outbox_event (record_key, seq) where sent_at is null;

-- Wake the relay when events commit: NOTIFY is delivered at commit (never for a rolled-back transaction) and
-- PostgreSQL folds the notifications of one transaction into one, so a bulk batch wakes it once.
create or replace function outbox_event_notify() returns trigger language plpgsql as $$
begin
  perform pg_notify('graduasi_outbox', '');
  return null;
end $$;
create trigger outbox_event_notify after insert on outbox_event
  for each statement execute function outbox_event_notify();
