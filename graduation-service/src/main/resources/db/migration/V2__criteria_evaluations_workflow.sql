-- The readiness view grows the facts the criteria read (all from other services' events), the criteria
-- versions, evaluations with their snapshots, batch jobs, proposals and their four-eyes decisions, reversals,
-- relapse reviews and idempotent commands.

alter table household_view
    add column registered_on      date,
    add column dirty_since        timestamptz,   -- a relevant event arrived: re-evaluate (cleared by the worker)
    add column last_evaluation_id uuid,
    add column met_pathway        varchar(30);   -- of the latest evaluation

create index household_view_dirty on household_view (dirty_since) where dirty_since is not null;
create index household_view_village on household_view (village_code);

-- Registry indicators, one row per household and observation date (a later event for the date replaces it).
create table indicator_observation (
    household_id                 uuid not null,
    observed_on                  date not null,
    income_per_capita_month      bigint not null,
    expenditure_per_capita_month bigint not null,
    income_sources               integer not null,
    savings                      bigint not null,
    business_active              boolean not null,
    meals_per_day                integer not null,
    floor_area_per_person        numeric(7, 2),
    floor_material               varchar(30),
    wall_material                varchar(30),
    wall_condition               varchar(30),
    roof_condition               varchar(30),
    drinking_water               varchar(30),
    sanitation                   varchar(30),
    electricity                  varchar(30),
    primary key (household_id, observed_on)
);

create table member_view (
    member_id       uuid primary key,
    household_id    uuid not null,
    relationship    varchar(30),
    sex             varchar(10),
    birth_date      date,
    education_level varchar(30),
    school_enrolled boolean not null,
    disability      boolean not null,
    pregnant        boolean not null,
    active          boolean not null
);
create index member_view_household on member_view (household_id);

create table enrollment_view (
    enrollment_id uuid primary key,
    household_id  uuid not null,
    programme     varchar(40),
    status        varchar(20) not null,     -- ACTIVE or ENDED
    activated_on  date,
    ended_on      date,
    end_reason    varchar(40)
);
create index enrollment_view_household on enrollment_view (household_id);

create table aid_payment (
    entitlement_id uuid primary key,
    household_id   uuid not null,
    programme      varchar(40) not null,
    amount         bigint not null,
    paid_on        date not null
);
create index aid_payment_household on aid_payment (household_id);

create table assessment_view (
    assessment_id uuid primary key,
    household_id  uuid not null,
    assessed_on   date not null,
    scores        jsonb not null            -- {"SAVINGS": 80, ...}
);
create index assessment_view_household on assessment_view (household_id, assessed_on);

create table p2k2_session (
    visit_id     uuid primary key,
    household_id uuid not null,
    visited_on   date not null,
    attended     boolean not null
);
create index p2k2_session_household on p2k2_session (household_id, visited_on);

create table recommendation_view (
    recommendation_id uuid primary key,
    household_id      uuid not null,
    worker_id         uuid,
    ready             boolean not null,
    pathway           varchar(30),
    reason_codes      text,                 -- comma-separated
    recommended_on    date not null
);
create index recommendation_view_household on recommendation_view (household_id, recommended_on);

-- Criteria versions: a criteria document that differs (by content hash) from every earlier one is a new version.
create table criteria_version (
    id           integer primary key,
    label        varchar(60) not null,
    content_hash char(64) not null unique,
    content      jsonb not null,
    source       varchar(200) not null,     -- the file it was loaded from, or "api"
    created_by   varchar(120) not null,
    created_at   timestamptz not null,
    activated_at timestamptz not null       -- the version activated last is the current one
);

create table evaluation (
    id                  uuid primary key,
    household_id        uuid not null,
    criteria_version_id integer not null references criteria_version (id),
    as_of               date not null,
    trigger             varchar(20) not null,  -- ON_DEMAND, EVENT, BATCH, DECISION
    job_id              uuid,
    requested_by        varchar(120),
    evaluated_at        timestamptz not null,
    met_pathway         varchar(30),
    snapshot            jsonb not null,
    result              jsonb not null
);
create index evaluation_household on evaluation (household_id, evaluated_at);

create table evaluation_job (
    id             uuid primary key,
    region_prefix  varchar(13),
    cohort         integer,
    status         varchar(20) not null,     -- RUNNING, DONE
    total          integer not null,
    done           integer not null default 0,
    met            integer not null default 0,
    cursor_id      uuid,                     -- the last household evaluated (households go in id order)
    created_by     varchar(120) not null,
    created_at     timestamptz not null,
    finished_at    timestamptz
);

create table proposal (
    id                uuid primary key,
    household_id      uuid not null references household_view (household_id),
    pathway           varchar(30) not null,
    evaluation_id     uuid references evaluation (id),
    recommendation_id uuid,
    reason_code       varchar(60),
    note              varchar(1000),
    status            varchar(20) not null,  -- PENDING, GRADUATED, REJECTED, DEFERRED
    proposed_by       varchar(120) not null,
    proposed_at       timestamptz not null,
    decision_reasons  text,                  -- comma-separated reason codes
    decision_note     varchar(1000),
    decided_on        date,
    decided_by        varchar(120),
    decided_at        timestamptz,
    decision_id       uuid,
    version           bigint not null default 0
);
create index proposal_household on proposal (household_id, proposed_at);
create unique index proposal_one_pending on proposal (household_id) where status = 'PENDING';

alter table graduation_decision
    add column proposal_id        uuid references proposal (id),
    add column evaluation_id      uuid references evaluation (id),
    add column proposed_by        varchar(120),
    add column village_code       varchar(13),
    add column monitoring_until   date,
    add column reverted_on        date,
    add column reverted_by        varchar(120),
    add column reverted_at        timestamptz,
    add column revert_reason_code varchar(60),
    add column revert_note        varchar(1000),
    add column version            bigint not null default 0;

create table relapse_review (
    id            uuid primary key,
    household_id  uuid not null,
    decision_id   uuid references graduation_decision (id),
    case_id       uuid,
    assessment_id uuid,
    score         integer not null,
    threshold     integer not null,
    suspected_on  date not null,
    status        varchar(20) not null,      -- OPEN, DISMISSED, REVERSED
    resolved_by   varchar(120),
    resolved_at   timestamptz,
    resolution    varchar(60)
);
create index relapse_review_open on relapse_review (household_id) where status = 'OPEN';

create table idempotency_record (
    scope        varchar(60) not null,
    key          varchar(200) not null,
    request_hash char(64) not null,
    status       integer not null,
    body         text not null,
    created_at   timestamptz not null,
    primary key (scope, key)
);
