-- Issue #19: the programme allocations assistance has announced (ProgrammeAllocated), one row per key of the
-- allocations file. At start-up the file is compared with these rows, and only a new or changed allocation is
-- announced again, with the next revision of its key. region '' is the programme's whole allocation.
create table announced_allocation (
    programme         text   not null,
    year              int    not null,
    region            text   not null,
    funding_source    text   not null,
    budget            bigint not null,
    target_households bigint not null,
    revision          bigint not null,
    announced_at      timestamptz not null default now(),
    primary key (programme, year, region)
);
