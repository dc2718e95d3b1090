-- Issue #16: the highest graduation decision sequence the registry applied to the household, so a decision event
-- the relay re-sends after a newer one (Reverted(d1), Decided(d2), then Decided(d1) again) changes nothing. Null:
-- none carried one yet. Written by SQL alone: noting an event is no change of the household record, whose version
-- is its revision.
alter table household add column decision_sequence bigint;
