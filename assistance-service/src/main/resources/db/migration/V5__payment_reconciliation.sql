-- Money windows (issue #16). Every confirmation the provider sends is kept with what it named and what it did;
-- one that contradicts what assistance holds (a late PAID after FAILED and a retry, PAID then FAILED for one
-- reference, a confirmation for a cancelled entitlement) becomes a reconciliation exception, with the rupiah at
-- risk, for a person to settle: it is never answered with a rolled-back error that leaves no trace.
alter table payment_confirmation
    add column entitlement_id uuid,
    add column attempt        integer,
    add column reason_code    varchar(60),
    add column outcome        varchar(20);   -- APPLIED, EXCEPTION (a duplicate is not stored twice)

create table reconciliation_exception (
    id                      uuid primary key,
    entitlement_id          uuid not null references entitlement (id),
    cycle_id                uuid not null references disbursement_cycle (id),
    household_id            uuid not null,
    village_code            varchar(13) not null,
    kind                    varchar(40) not null,   -- e.g. PAID_AFTER_FAILED, PAID_TWICE, FAILED_AFTER_PAID
    provider_transaction_id varchar(100) not null,
    payment_reference       varchar(100) not null,
    confirmed_status        varchar(10) not null,   -- what the provider said
    entitlement_status      varchar(20) not null,   -- what assistance held then
    entitlement_attempt     integer not null,
    amount_at_risk          bigint not null check (amount_at_risk >= 0),  -- rupiah
    created_at              timestamptz not null,
    resolved_at             timestamptz
);

create index reconciliation_exception_cycle on reconciliation_exception (cycle_id);
create index reconciliation_exception_open on reconciliation_exception (entitlement_id) where resolved_at is null;

-- Entitlements handed to the provider and not yet confirmed, oldest first: the sweep asks the provider about them.
create index entitlement_sent on entitlement (sent_at) where status = 'SENT';
