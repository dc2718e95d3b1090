-- Social workers (pendamping sosial), their cases, visits, follow-ups, assessments, recommendations and goals.
-- No NIK and no names: households are ids and village codes; workers are a username (the login of #7).

create table social_worker (
    id         uuid primary key,
    username   varchar(120) not null unique,
    capacity   integer not null check (capacity > 0),   -- families the worker can carry, e.g. 250
    status     varchar(20) not null,                    -- ACTIVE, INACTIVE
    created_by varchar(120) not null,
    created_at timestamptz not null,
    version    bigint not null default 0
);

-- What a worker covers: a village code (64.72.01.1001) or a whole district (64.72.01).
create table worker_area (
    id        uuid primary key,
    worker_id uuid not null references social_worker (id),
    area_code varchar(13) not null,
    unique (worker_id, area_code)
);

create index worker_area_code on worker_area (area_code);

alter table mentoring_case add column worker_id uuid references social_worker (id);
alter table mentoring_case add column assigned_at timestamptz;

create index mentoring_case_worker_status on mentoring_case (worker_id, status);
create index mentoring_case_unassigned on mentoring_case (village_code) where worker_id is null;

-- Every assignment of a case, the first one included: the history survives reassignments.
create table case_assignment (
    id                 uuid primary key,
    case_id            uuid not null references mentoring_case (id),
    household_id       uuid not null,
    worker_id          uuid not null references social_worker (id),
    previous_worker_id uuid references social_worker (id),
    reason             varchar(20) not null,           -- BALANCED, REASSIGNED, WORKER_LEFT
    assigned_by        varchar(120) not null,          -- a user, or "system" for automatic assignments
    assigned_at        timestamptz not null
);

create index case_assignment_case on case_assignment (case_id, assigned_at);

-- A P2K2 family-development session or a KUBE group meeting, with its id chosen by the field app.
create table group_session (
    id           uuid primary key,
    kind         varchar(20) not null,                 -- P2K2_SESSION, KUBE_MEETING
    worker_id    uuid not null references social_worker (id),
    village_code varchar(13) not null,
    held_on      date not null,
    notes        text,
    request_hash varchar(64) not null,                 -- what the app sent: a resend must be the same
    recorded_at  timestamptz not null
);

-- One household seen once: a home visit (id chosen by the field app) or its attendance at a group session.
create table visit (
    id                         uuid primary key,
    session_id                 uuid references group_session (id),
    case_id                    uuid not null references mentoring_case (id),
    household_id               uuid not null,
    village_code               varchar(13) not null,
    worker_id                  uuid not null references social_worker (id),
    kind                       varchar(20) not null,   -- HOME_VISIT, P2K2_SESSION, KUBE_MEETING
    visited_on                 date not null,
    attended                   boolean not null,
    aid_used_as_intended       boolean,
    business_running           boolean,
    income_reported            boolean,
    savings_kept               boolean,
    children_attending_school  boolean,
    health_checks_done         boolean,
    notes                      text,
    request_hash               varchar(64),            -- home visits: what the app sent
    recorded_at                timestamptz not null,
    unique (session_id, household_id)
);

create index visit_case on visit (case_id, kind, visited_on);
create index visit_household on visit (household_id, visited_on);

-- After a disbursement the worker checks the aid is used as intended: a home visit is due by due_on.
create table follow_up (
    id                    uuid primary key,
    case_id               uuid not null references mentoring_case (id),
    household_id          uuid not null,
    village_code          varchar(13) not null,
    entitlement_id        uuid not null,
    paid_on               date not null,
    due_on                date not null,
    status                varchar(20) not null,        -- OPEN, DONE, CANCELLED
    fulfilled_by_visit_id uuid references visit (id),
    fulfilled_on          date,
    created_at            timestamptz not null,
    version               bigint not null default 0
);

-- At most one open follow-up per household.
create unique index follow_up_open_household on follow_up (household_id) where status = 'OPEN';
create index follow_up_open_due on follow_up (due_on, village_code) where status = 'OPEN';
create index follow_up_case on follow_up (case_id);

create table assessment (
    id                uuid primary key,
    case_id           uuid not null references mentoring_case (id),
    household_id      uuid not null,
    village_code      varchar(13) not null,
    worker_id         uuid not null references social_worker (id),
    assessed_on       date not null,
    case_status       varchar(20) not null,            -- OPEN or MONITORING when it was recorded
    mean_score        numeric(5, 2) not null,
    relapse_suspected boolean not null,
    notes             text,
    recorded_at       timestamptz not null
);

create index assessment_case on assessment (case_id, assessed_on);

create table assessment_score (
    id            uuid primary key,
    assessment_id uuid not null references assessment (id),
    criterion     varchar(40) not null,
    score         integer not null check (score between 0 and 100),
    evidence      text,
    unique (assessment_id, criterion)
);

create table graduation_recommendation (
    id             uuid primary key,
    case_id        uuid not null references mentoring_case (id),
    household_id   uuid not null,
    worker_id      uuid not null references social_worker (id),
    ready          boolean not null,
    pathway        varchar(40),
    reason_codes   varchar(1000) not null,             -- comma-separated codes, may be empty
    notes          text,
    recommended_on date not null,
    recorded_at    timestamptz not null
);

create index graduation_recommendation_case on graduation_recommendation (case_id, recommended_on);

-- The household's action plan: goals such as starting a business, opening savings, repairing the house.
create table goal (
    id           uuid primary key,
    case_id      uuid not null references mentoring_case (id),
    household_id uuid not null,
    kind         varchar(40) not null,
    description  text,
    status       varchar(20) not null,                 -- PLANNED, IN_PROGRESS, ACHIEVED, DROPPED
    target_date  date,
    created_by   varchar(120) not null,
    created_at   timestamptz not null,
    updated_at   timestamptz not null,
    version      bigint not null default 0
);

create index goal_case on goal (case_id);
