-- Issue #19: realization against target and budget. Allocations come from ProgrammeAllocated on the compacted
-- allocation topic (the latest of every key is kept there, so a rebuild finds them however old they are); region
-- '' is a programme's whole allocation. A payment counts toward the year of the cycle it was paid in (AidDisbursed
-- carries it); payments applied before this column existed take the year they were paid in until a rebuild.
create table allocation_fact (
    programme         text   not null,
    year              int    not null,
    region            text   not null,
    funding_source    text   not null,
    budget            bigint not null,
    target_households bigint not null,
    revision          bigint not null,
    primary key (programme, year, region)
);

alter table disbursement_fact add column year int;
update disbursement_fact set year = extract(year from paid_on);
