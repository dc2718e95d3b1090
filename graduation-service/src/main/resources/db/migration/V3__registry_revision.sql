-- Causal order across topics (issue #16): the highest registry revision the view applied, and the graduation
-- decision the registry's last status change echoed (null: an officer's change), so a stale or echoed registry
-- event does not revert a decision.
alter table household_view
    add column registry_revision    bigint,
    add column registry_decision_id uuid;
