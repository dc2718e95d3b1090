-- Causal order across topics (issue #16): the highest registry revision the case applied, the decision the
-- registry's last status change echoed, and the graduation decision the case follows (kept after its reversal, so
-- a redelivered decision is recognised and not applied twice).
alter table mentoring_case
    add column registry_revision    bigint,
    add column registry_decision_id uuid,
    add column decision_id          uuid,
    add column decision_reverted    boolean not null default false;
