-- NIK keys (issue #15): each key's key-check value, a known text encrypted with it, so that start-up can tell a
-- key that is not the one the data was written with (readiness DOWN naming the key) instead of failing on every
-- request. Ciphertexts carry their key id themselves (v2.<key id>.<...>); those written before (no prefix) are
-- read with the legacy key and rewritten by the re-encryption job, so no data changes here.
create table nik_key_check (
    key_id      varchar(32) primary key,
    check_value varchar(200) not null,
    created_at  timestamptz not null default now()
);
