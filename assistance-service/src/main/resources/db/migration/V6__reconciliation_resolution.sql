-- Issue #16, continued. A signed confirmation whose reference names no entitlement of ours (an unknown id, or not
-- <entitlement id>:<attempt> at all) is stored and raised like any other contradiction: such an exception has no
-- entitlement, cycle, household or village, and puts at risk the amount the provider says it paid.
alter table reconciliation_exception
    alter column entitlement_id drop not null,
    alter column cycle_id drop not null,
    alter column household_id drop not null,
    alter column village_code drop not null,
    alter column entitlement_status drop not null,
    alter column entitlement_attempt drop not null;

-- What the provider says it paid (rupiah), when its callback says it; optional in the callback.
alter table payment_confirmation
    add column amount bigint check (amount >= 0);

-- A person settles an exception: who, what they found (PAID: the money reached the household; NOT_PAID: it did
-- not) and a note. Open while resolved_at is null.
alter table reconciliation_exception
    add column resolved_by     varchar(120),
    add column resolution      varchar(10) check (resolution in ('PAID', 'NOT_PAID')),
    add column resolution_note varchar(1000),
    add constraint reconciliation_exception_resolved_whole
        check ((resolved_at is null) = (resolved_by is null) and (resolved_at is null) = (resolution is null)
               and (resolved_at is null) = (resolution_note is null));

-- The open-exception gauges count per kind.
create index reconciliation_exception_open_kind on reconciliation_exception (kind) where resolved_at is null;
