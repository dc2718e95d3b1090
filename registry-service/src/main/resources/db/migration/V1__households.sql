create table household (
    id                  uuid primary key,
    kk_number           char(16) not null unique,
    village_code        varchar(13) not null,
    address             varchar(300),
    latitude            numeric(9, 6),
    longitude           numeric(9, 6),
    welfare_category    varchar(10) not null,
    dtsen_decile        smallint not null check (dtsen_decile between 1 and 10),
    registration_source varchar(20) not null,
    status              varchar(20) not null,
    registered_on       date not null,
    version             bigint not null default 0,
    created_at          timestamptz not null,
    updated_at          timestamptz not null
);

create index household_village on household (village_code);
create index household_status on household (status);

-- A person on a KK. The NIK is stored encrypted, found by its keyed hash; a person is in one active household.
create table member (
    id              uuid primary key,
    household_id    uuid not null references household (id),
    nik_hash        char(64) not null,
    nik_encrypted   varchar(200) not null,
    name            varchar(120) not null,
    sex             char(1) not null,
    birth_date      date not null,
    relationship    varchar(20) not null,
    education_level varchar(20),
    school_enrolled boolean not null default false,
    occupation      varchar(100),
    disability      boolean not null default false,
    pregnant        boolean not null default false,
    active          boolean not null,
    added_at        timestamptz not null,
    removed_at      timestamptz,
    removal_reason  varchar(60),
    village_code    varchar(13) not null           -- the household's (it never changes): finds duplicates by place
);

create unique index member_active_nik on member (nik_hash) where active;

-- Search by any active member's name, anywhere in it, without scanning every member.
create extension if not exists pg_trgm;
create index member_name_trgm on member using gin (lower(name) gin_trgm_ops) where active;
create index member_household on member (household_id) where active;

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

-- The household as it stood after every change: who changed it, when, what kind of change. "As of" a date
-- is the last revision before that date ends. Snapshots carry masked NIKs only.
create table household_revision (
    id           uuid primary key,
    household_id uuid not null references household (id),
    revision     bigint not null,
    change       varchar(40) not null,
    changed_by   varchar(120) not null,
    changed_at   timestamptz not null,
    snapshot     jsonb not null,
    unique (household_id, revision)
);

-- Socio-economic indicators as observed on a date (BPS-style survey or a social worker's visit); never
-- overwritten, so eligibility and graduation can look at how a household has changed. Rupiah are integers.
create table household_indicators (
    id                          uuid primary key,
    household_id                uuid not null references household (id),
    observed_on                 date not null,
    income_per_capita_month     bigint not null check (income_per_capita_month >= 0),
    expenditure_per_capita_month bigint not null check (expenditure_per_capita_month >= 0),
    income_sources              smallint not null check (income_sources >= 0),
    savings                     bigint not null default 0 check (savings >= 0),
    business_active             boolean not null,
    meals_per_day               smallint not null check (meals_per_day between 0 and 6),
    floor_area_per_person       numeric(6, 2) not null check (floor_area_per_person > 0),
    floor_material              varchar(20) not null,
    wall_material               varchar(20) not null,
    wall_condition              varchar(10) not null,
    roof_condition              varchar(10) not null,
    drinking_water              varchar(20) not null,
    sanitation                  varchar(20) not null,
    electricity                 varchar(20) not null,
    assets                      varchar(300) not null default '',  -- asset codes, comma-separated
    recorded_by                 varchar(120) not null,
    recorded_at                 timestamptz not null
);

create index household_indicators_household on household_indicators (household_id, observed_on desc);

-- People who may be registered twice (same village, same birth date, nearly the same name, different NIK).
-- Flagged for an officer to review; never merged automatically.
create index member_village_birth_date on member (village_code, birth_date) where active;

create table duplicate_candidate (
    id                 uuid primary key,
    household_id       uuid not null references household (id),
    member_id          uuid not null references member (id),
    other_household_id uuid not null references household (id),
    other_member_id    uuid not null references member (id),
    reason             varchar(200) not null,
    status             varchar(20) not null,       -- OPEN, DISMISSED, MERGED
    created_at         timestamptz not null,
    resolved_by        varchar(120),
    resolved_at        timestamptz,
    unique (member_id, other_member_id)
);

create index duplicate_candidate_open on duplicate_candidate (created_at) where status = 'OPEN';

-- Bulk imports: one job per distinct file (by its SHA-256), so uploading the same file again changes nothing.
create table import_job (
    id                 uuid primary key,
    file_sha256        char(64) not null unique,
    file_path          varchar(500) not null,
    status             varchar(20) not null,       -- QUEUED, RUNNING, COMPLETED, FAILED
    rows_total         bigint not null,
    rows_done          bigint not null default 0,
    households_created bigint not null default 0,
    households_failed  bigint not null default 0,
    failure            varchar(500),
    created_at         timestamptz not null,
    started_at         timestamptz,
    finished_at        timestamptz
);

-- Row-level errors: the downloadable report. One row per problem.
create table import_error (
    id          bigserial primary key,
    job_id      uuid not null references import_job (id),
    line_number bigint not null,
    kk_number   varchar(40),
    field       varchar(100) not null,
    message     varchar(500) not null
);

create index import_error_job on import_error (job_id, line_number);

-- Which import created a household: a resumed import skips what it already committed.
alter table household add column import_job_id uuid references import_job (id);
