create table household (
    id            uuid primary key,
    kk_number     char(16) not null unique,
    village_code  varchar(13) not null,
    head_name     varchar(120) not null,
    member_count  integer not null check (member_count between 1 and 30),
    status        varchar(20) not null,
    registered_on date not null,
    version       bigint not null default 0,
    created_at    timestamptz not null,
    updated_at    timestamptz not null
);

create index household_village on household (village_code);
create index household_status on household (status);

-- Every status change is kept: who, when, from what to what, and why.
create table household_status_change (
    id           uuid primary key,
    household_id uuid not null references household (id),
    from_status  varchar(20),
    to_status    varchar(20) not null,
    reason       varchar(60),                  -- a reason code; it travels in events
    note         varchar(500),                 -- the officer's free text; it never leaves the registry
    changed_by   varchar(120) not null,
    changed_at   timestamptz not null
);

create index household_status_change_household on household_status_change (household_id, changed_at);
