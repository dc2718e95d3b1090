-- What assistance knows of each person, from the registry's member events: enough to know a family's PKH
-- components (pregnancy, age, school level, disability). No NIK, no name.
create table member_projection (
    member_id       uuid primary key,
    household_id    uuid not null,
    birth_date      date not null,
    education_level varchar(20),
    school_enrolled boolean not null,
    disability      boolean not null,
    pregnant        boolean not null,
    active          boolean not null
);

create index member_projection_household on member_projection (household_id) where active;

-- A payment round of a programme, e.g. PKH 2026 tranche 1. One per programme, year and tranche.
create table disbursement_cycle (
    id                uuid primary key,
    programme         varchar(40) not null,
    year              integer not null,
    tranche           smallint not null,
    reference_date    date not null,          -- ages and components are taken on this day
    status            varchar(20) not null,   -- DRAFT, APPROVED
    created_by        varchar(120) not null,
    created_at        timestamptz not null,
    approved_by       varchar(120),
    approved_at       timestamptz,
    entitlement_count bigint not null default 0,
    total_amount      bigint not null default 0,  -- rupiah
    version           bigint not null default 0,
    unique (programme, year, tranche)
);

-- What one enrollment is owed in one cycle, frozen when computed: the amount and the components behind it.
-- The unique constraint is the rule that money moves at most once per enrollment and cycle.
create table entitlement (
    id            uuid primary key,
    cycle_id      uuid not null references disbursement_cycle (id),
    enrollment_id uuid not null references enrollment (id),
    household_id  uuid not null,
    village_code  varchar(13) not null,
    amount        bigint not null check (amount > 0),   -- rupiah
    components    varchar(200) not null,                -- e.g. EARLY_CHILDHOOD,PRIMARY_SCHOOL
    status        varchar(20) not null,                 -- DRAFT, APPROVED, SENT, PAID, FAILED, CANCELLED
    status_reason varchar(60),
    created_at    timestamptz not null,
    attempt       integer not null default 0,           -- payment instructions sent so far
    send_due      boolean not null default false,       -- an APPROVED entitlement waiting to be sent
    sent_at       timestamptz,
    settled_at    timestamptz,                          -- PAID or FAILED, as the provider confirmed
    provider_transaction_id varchar(100),
    unique (cycle_id, enrollment_id)
);

create index entitlement_send_due on entitlement (id) where send_due;

create index entitlement_cycle_status on entitlement (cycle_id, status);
create index entitlement_household on entitlement (household_id, status);

-- Every confirmation the payment provider sent, by its transaction id: a repeated callback changes nothing.
create table payment_confirmation (
    provider_transaction_id varchar(100) primary key,
    payment_reference       varchar(100) not null,
    status                  varchar(10) not null,   -- PAID, FAILED
    received_at             timestamptz not null
);

-- Responses of commands sent with an Idempotency-Key: the same key and request get the same answer, once.
create table idempotency_record (
    scope        varchar(60) not null,
    key          varchar(200) not null,
    request_hash char(64) not null,
    status       integer not null,
    body         text not null,
    created_at   timestamptz not null,
    primary key (scope, key)
);
