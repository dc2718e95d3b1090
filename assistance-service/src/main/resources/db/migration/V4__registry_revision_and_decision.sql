-- Causal order across topics (issue #16). The registry's own view of the household, newest revision wins, kept
-- apart from the status assistance acts on; and the graduation decision that status follows, so a redelivered or
-- echoed fact is recognised and not applied twice.
alter table household_projection
    add column registry_status      varchar(20),  -- the registry's status at registry_revision
    add column registry_revision    bigint,       -- the highest registry revision applied; null: none carried one
    add column registry_decision_id uuid,         -- the decision the registry's last status change echoed
    add column decision_id          uuid,         -- the graduation decision last applied
    add column decision_reverted    boolean not null default false;
