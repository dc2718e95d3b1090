-- Issue #14: the relay scales with replicas, keeps interactive events ahead of bulk work, wakes on commit, and
-- deletes what the broker acknowledged.

-- The table holds only what waits: the relay deletes a row once the broker acknowledged it (a delete writes a
-- few bytes; marking it sent rewrote the whole row and its index entries, ten times the cost per round). Kafka
-- and the consumers' inboxes keep the history.
drop index if exists outbox_event_pending;
drop index if exists outbox_event_sent_at;
drop index if exists outbox_event_failing;
delete from outbox_event where sent_at is not null;
alter table outbox_event drop column sent_at;

-- When the relay (any replica) last had events acknowledged: readiness and the stall gauge read it.
create table outbox_progress (
    id           smallint primary key default 1 check (id = 1),
    published_at timestamptz not null
);

-- Lane 0 is interactive (one household's change: a status change, a decision), lane 1 bulk (a transaction that
-- writes events of many households: an import batch, a cycle approval). The relay serves lane 0 first.
alter table outbox_event add column lane smallint not null default 0;

-- Each key falls in one of 64 slots; each relay replica publishes the slots it holds (advisory locks), so a
-- household's events are always published by one replica at a time, in order. hashtext is immutable.
alter table outbox_event add column slot smallint not null generated always as ((hashtext(record_key) & 63)) stored;

-- A row the broker refused waits until retry_at (back-off), holding back the rows after it of its household.
alter table outbox_event add column retry_at timestamptz;

-- seq's unique index is the publish order; the others: failing rows, interactive rows, a household's rows.
create index outbox_event_failing on outbox_event (record_key) where attempts > 0;
create index outbox_event_interactive on outbox_event (seq) where lane = 0;
create index outbox_event_key on outbox_event (record_key, seq);

-- Wake the relay when events commit: NOTIFY is delivered at commit (never for a rolled-back transaction) and
-- PostgreSQL folds the notifications of one transaction into one, so a bulk batch wakes it once.
create or replace function outbox_event_notify() returns trigger language plpgsql as $$
begin
  perform pg_notify('graduasi_outbox', '');
  return null;
end $$;
create trigger outbox_event_notify after insert on outbox_event
  for each statement execute function outbox_event_notify();
