-- What assistance knows of a household, built only from registry events.
create table household_projection (
    household_id uuid primary key,
    village_code varchar(13) not null,
    status       varchar(20) not null,  -- the registry status as last heard
    member_count integer not null,
    updated_at   timestamptz not null,
    version      bigint not null default 0
);

create table enrollment (
    id           uuid primary key,
    household_id uuid not null references household_projection (household_id),
    programme    varchar(40) not null,
    status       varchar(20) not null,
    exit_reason  varchar(20),
    activated_on date not null,
    ended_on     date,
    version      bigint not null default 0,
    unique (household_id, programme)
);

create index enrollment_programme_status on enrollment (programme, status);
