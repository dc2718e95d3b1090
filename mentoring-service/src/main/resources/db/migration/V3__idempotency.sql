-- Answers of field-app commands sent with an Idempotency-Key (assessments, recommendations, goals): a resend after
-- a lost answer gets the first answer again, and nothing is recorded, published or audited twice. The scope names
-- the command and the worker, so two workers' keys never meet.
create table idempotency_record (
    scope        text not null,
    key          varchar(200) not null,
    request_hash char(64) not null,
    status       integer not null,
    body         text not null,
    created_at   timestamptz not null,
    primary key (scope, key)
);
