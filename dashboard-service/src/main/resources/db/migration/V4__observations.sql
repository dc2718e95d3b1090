-- Issue #19, poverty context: each household's latest indicator observation per month (registry
-- household.updated), so a month's households can be counted below and above their province's poverty line.
create table observation_fact (
    household_id uuid not null,
    month        text not null,
    district     text,
    observed_on  date not null,
    expenditure  bigint not null,
    primary key (household_id, month)
);
create index observation_fact_district on observation_fact (district);
