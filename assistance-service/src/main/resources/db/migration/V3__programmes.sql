-- Programmes beyond PKH: eligibility from the registry's housing indicators, proposed/suspended enrollments,
-- manual enrolment, KUBE groups, transitional support after graduation.

-- The indicators eligibility rules read (RTLH housing checklist), as the registry last observed them.
alter table household_projection
    add column floor_material         varchar(20),
    add column wall_material          varchar(20),
    add column wall_condition         varchar(20),
    add column roof_condition         varchar(20),
    add column sanitation             varchar(20),
    add column floor_area_per_person  numeric(7, 2),
    add column indicators_observed_on date;

alter table enrollment
    alter column activated_on drop not null,             -- a PROPOSED enrollment is not active yet
    add column proposed_on        date,
    add column suspension_reason  varchar(40),           -- while SUSPENDED
    add column justification      varchar(500),          -- why an officer enrolled it by hand
    add column enrolled_by        varchar(120),          -- null when enrolled by eligibility
    add column kube_group_id      uuid,
    add column transitional_until date;                  -- graduated, still supported until this day

create index enrollment_programme_activated on enrollment (programme, activated_on);
create index enrollment_transitional on enrollment (transitional_until) where transitional_until is not null;

-- Each programme's verdict on each household, with the reasons in words (JSON array), re-evaluated whenever
-- what the rule reads changes.
create table eligibility (
    household_id uuid not null,
    programme    varchar(40) not null,
    eligible     boolean not null,
    reasons      text not null,
    evaluated_at timestamptz not null,
    primary key (household_id, programme)
);

-- A joint business group (KUBE) of 5-10 households; its grant is paid through its chair's enrollment.
create table kube_group (
    id                 uuid primary key,
    name               varchar(100) not null,
    village_code       varchar(13) not null,
    business_type      varchar(60) not null,
    chair_household_id uuid not null,
    formed_on          date not null,
    formed_by          varchar(120) not null
);

alter table enrollment add constraint enrollment_kube_group foreign key (kube_group_id) references kube_group (id);
alter table entitlement add column kube_group_id uuid references kube_group (id);
create unique index entitlement_once_per_group on entitlement (kube_group_id, cycle_id) where kube_group_id is not null;
