-- Issue #14: the relay deletes a round's rows by seq (= any of up to 5,000 values). With statistics taken while
-- the table was nearly empty (an outbox is a queue: it swings from empty to a million rows, and autovacuum may be
-- off or late), the planner chose the (record_key, seq) index for that delete, scanning the whole index once per
-- value: 12 s per round instead of milliseconds. An index on record_key alone serves the household lookups just
-- as well (a household has a few pending rows, sorted in memory) and leaves seq's unique index the only one a
-- condition on seq can use.
drop index if exists outbox_event_key;
create index outbox_event_key on outbox_event (record_key);

-- A queue table: every published row is deleted, so it needs vacuum and fresh statistics after thousands of
-- changes, not after 20 % of its size (the default, which on a table that swings from empty to a million rows
-- means hardly ever, then far too late). No effect where autovacuum is off.
alter table outbox_event set (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 20000,
                              autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 20000);
alter table inbox_event set (autovacuum_analyze_scale_factor = 0.02);
