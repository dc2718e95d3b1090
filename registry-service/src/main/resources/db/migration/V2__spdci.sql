-- SPDCI (DCI Social Registry API). Every request a partner sends is a transaction; its answer is kept so that
-- txn/status can report it. Answers and callback bodies carry NIKs, so they are stored encrypted (NikProtector).
create table spdci_transaction (
    id                 uuid primary key,            -- our correlation_id
    sender_id          varchar(200) not null,
    message_id         varchar(200) not null,
    transaction_id     varchar(99) not null,         -- the sender's
    action             varchar(20) not null,         -- search, subscribe, unsubscribe, txn-status
    status             varchar(4) not null,          -- succ, rjct: the outcome of processing
    request_summary    jsonb not null,               -- what was asked, NIKs masked
    response_encrypted text not null,                -- the response message (search_response, ...), encrypted
    created_at         timestamptz not null,
    unique (sender_id, message_id)
);

create index spdci_transaction_sender on spdci_transaction (sender_id, transaction_id);

-- The reference_ids of a transaction's requests, for txn/status by reference_id_list.
create table spdci_transaction_reference (
    id             uuid primary key,
    transaction_id uuid not null references spdci_transaction (id),
    reference_id   varchar(99) not null
);

create index spdci_transaction_reference_ref on spdci_transaction_reference (reference_id);

create table spdci_subscription (
    code               varchar(99) primary key,
    transaction_id     uuid not null references spdci_transaction (id),
    sender_id          varchar(200) not null,
    sender_transaction varchar(99) not null,
    reference_id       varchar(99) not null,
    callback_uri       varchar(2000) not null,
    reg_event_type     varchar(30) not null,         -- REGISTER, NewHouseHoldMember
    filter_type        varchar(20) not null,
    filter             text not null,                -- the filter as sent, canonical JSON
    notify_record_type varchar(100) not null,
    status             varchar(12) not null,         -- subscribe, unsubscribe
    created_at         timestamptz not null,
    ended_at           timestamptz
);

create index spdci_subscription_active on spdci_subscription (reg_event_type) where status = 'subscribe';

-- Callbacks to partners, written in the transaction that decided them and sent by SpdciDeliveryWorker with
-- retries and back-off. A claimed row's next_attempt_at is pushed out first, so a crash mid-send retries it.
create table spdci_delivery (
    id              uuid primary key,
    transaction_id  uuid references spdci_transaction (id),
    subscription    varchar(99) references spdci_subscription (code),
    url             varchar(2100) not null,
    action          varchar(20) not null,          -- on-search, on-subscribe, on-unsubscribe, txn-on-status, notify
    body_encrypted  text not null,
    status          varchar(10) not null,          -- PENDING, DELIVERED, FAILED
    attempts        integer not null default 0,
    next_attempt_at timestamptz not null,
    last_error      varchar(500),
    created_at      timestamptz not null,
    delivered_at    timestamptz
);

create index spdci_delivery_due on spdci_delivery (next_attempt_at) where status = 'PENDING';
