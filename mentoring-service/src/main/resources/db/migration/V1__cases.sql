-- One mentoring case per household: opened on registration, monitored after graduation, then closed.
create table mentoring_case (
    id               uuid primary key,
    household_id     uuid not null unique,
    village_code     varchar(13) not null,
    status           varchar(20) not null,
    opened_at        timestamptz not null,
    monitoring_until date,
    closed_at        timestamptz,
    version          bigint not null default 0
);

create index mentoring_case_village_status on mentoring_case (village_code, status);
