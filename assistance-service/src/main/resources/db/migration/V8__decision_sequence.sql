-- Issue #16: the highest graduation decision sequence applied to the household, so a decision event the relay
-- re-sends after a newer one (Reverted(d1), Decided(d2), then Decided(d1) again) changes nothing. Null: none
-- carried one yet (then decision_id and decision_reverted judge, as before).
alter table household_projection add column decision_sequence bigint;
