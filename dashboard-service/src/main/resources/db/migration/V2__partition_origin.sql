-- Partitions this database has read from their beginning (RebuildFromTopics). A new (or lost and re-created)
-- database has none, so every partition is read again from its earliest retained offset, whatever offsets the
-- consumer group committed for the database that was lost.
create table partition_origin (
    topic      text not null,
    partition  int  not null,
    started_at timestamptz not null default now(),
    primary key (topic, partition)
);
