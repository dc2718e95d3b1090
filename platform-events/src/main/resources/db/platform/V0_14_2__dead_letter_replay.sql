-- Replays of dead letters (issue #14): who replayed which dead letter, when, and what came of it.
create table dead_letter_replay (
    id            bigserial primary key,
    dlq_topic     varchar(200) not null,
    dlq_partition integer not null,
    dlq_offset    bigint not null,
    event_id      varchar(100),
    actor         varchar(200) not null,
    outcome       varchar(40) not null,
    detail        varchar(1000) not null default '',
    replayed_at   timestamptz not null default now()
);
create index dead_letter_replay_letter on dead_letter_replay (dlq_topic, dlq_partition, dlq_offset);
