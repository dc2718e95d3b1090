-- Platform tables every service carries: the transactional outbox and the idempotent-consumer inbox.

create table outbox_event (
    id          uuid primary key,              -- also the CloudEvents id
    seq         bigserial not null unique,     -- publish order
    topic       varchar(200) not null,
    record_key  varchar(100) not null,         -- household id: Kafka partitions by it
    type        varchar(200) not null,
    source      varchar(200) not null,
    subject     varchar(100) not null,
    payload     text not null,
    occurred_at timestamptz not null,
    sent_at     timestamptz,
    attempts    integer not null default 0,  -- failed publish attempts
    last_error  varchar(500)
);

-- The relay scans only what is pending; sent rows are pruned by age.
create index outbox_event_pending on outbox_event (seq) where sent_at is null;
create index outbox_event_sent_at on outbox_event (sent_at) where sent_at is not null;
create index outbox_event_failing on outbox_event (record_key, seq) where sent_at is null and attempts > 0;

create table inbox_event (
    event_id    uuid primary key,
    type        varchar(200) not null,
    received_at timestamptz not null default now()
);

create index inbox_event_received_at on inbox_event (received_at);
