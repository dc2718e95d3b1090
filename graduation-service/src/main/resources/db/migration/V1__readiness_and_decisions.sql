-- What graduation knows of a household, built only from other services' events.
create table household_view (
    household_id        uuid primary key,
    village_code        varchar(13),          -- null until the registry has announced the household
    registry_status     varchar(20),
    active_enrollments  integer not null default 0,
    case_status         varchar(20),
    decision_status     varchar(20),          -- GRADUATED or EXITED once decided here; cleared by a relapse
    updated_at          timestamptz not null,
    version             bigint not null default 0
);

create table graduation_decision (
    id           uuid primary key,
    household_id uuid not null references household_view (household_id),
    pathway      varchar(30) not null,
    reason_code  varchar(60),
    decided_on   date not null,
    decided_by   varchar(120) not null,
    created_at   timestamptz not null
);

create index graduation_decision_household on graduation_decision (household_id, created_at);
