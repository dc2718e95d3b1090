-- The dashboard's projections of the platform's published events (issue #19). Everything here can be rebuilt
-- from the topics: drop the database and the consumer group's offsets, and it is read again from the earliest
-- retained offset (README.md, "Rebuilding"). Each row is keyed by the id the event carries, so applying an event
-- twice (a redelivery past the inbox, a replay) changes nothing. `district` is the district code (64.72.01);
-- its first 2 and 5 characters are the province and the regency.

create table household_fact (
    household_id      uuid primary key,
    village_code      text,
    district          text,
    registered        boolean not null default false,
    registered_on     date,
    status            text,
    status_revision   bigint,
    verified          boolean not null default false,
    enrolled          boolean not null default false,
    assessed          boolean not null default false,
    proposed          boolean not null default false,
    graduated         boolean not null default false,
    exited            boolean not null default false,
    relapsed          boolean not null default false,
    relapse_suspected boolean not null default false,
    updated_at        timestamptz not null default now()
);
create index household_fact_district on household_fact (district);

create table enrollment_fact (
    enrollment_id uuid primary key,
    household_id  uuid not null,
    programme     text not null,
    district      text,
    activated_on  date,
    ended_on      date,
    end_reason    text
);
create index enrollment_fact_district on enrollment_fact (district);

create table disbursement_fact (
    entitlement_id uuid primary key,
    household_id   uuid not null,
    programme      text not null,
    district       text,
    amount         bigint not null,
    paid_on        date
);
create index disbursement_fact_district on disbursement_fact (district);

create table case_fact (
    case_id      uuid primary key,
    household_id uuid not null,
    district     text,
    worker_id    uuid,
    state        text not null default 'OPEN'
);
create index case_fact_district on case_fact (district);

create table visit_fact (
    visit_id     uuid primary key,
    household_id uuid not null,
    worker_id    uuid,
    district     text,
    kind         text,
    visited_on   date,
    attended     boolean
);
create index visit_fact_district on visit_fact (district);

create table decision_fact (
    decision_id  uuid primary key,
    household_id uuid not null,
    district     text,
    outcome      text not null,
    pathway      text,
    effective_on date,
    decided_on   date,
    reverted_on  date
);
create index decision_fact_district on decision_fact (district);
create index decision_fact_household on decision_fact (household_id);

-- Advanced by every applied event (a sequence: no row every lane would wait on); the live stream tells the pages
-- to refresh when it moved.
create sequence projection_change;
