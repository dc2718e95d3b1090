-- Issue #16: each decision and each reversal of a household takes the next number of a per-household counter, so
-- consumers can tell a re-sent older decision event from a newer one (docs/events.md, causal order).
alter table household_view add column decision_sequence bigint not null default 0;
alter table graduation_decision
    add column decided_sequence  bigint,
    add column reverted_sequence bigint;

-- Decisions made before: a household has at most one decision in force, reverted before the next is made, so the
-- k-th decision was decided at 2k-1 and reverted at 2k. Their events carried no sequence; numbering them keeps the
-- counter above every decision and reversal already made.
with numbered as (
    select id, row_number() over (partition by household_id order by created_at, id) as k
    from graduation_decision
)
update graduation_decision d
set decided_sequence  = 2 * n.k - 1,
    reverted_sequence = case when d.reverted_at is not null then 2 * n.k end
from numbered n
where n.id = d.id;

update household_view v
set decision_sequence = s.last
from (select household_id, max(coalesce(reverted_sequence, decided_sequence)) as last
      from graduation_decision group by household_id) s
where s.household_id = v.household_id;

alter table graduation_decision alter column decided_sequence set not null;
