-- Issue #18: UUID version 7 (RFC 9562) for ids minted in SQL, the layout of TimeOrderedIds in Java: the 48-bit Unix
-- millisecond timestamp over the first six bytes of a random version-4 UUID, then the version set to 7 (bits 48-51
-- 0111; the variant bits of gen_random_uuid() are already 10). Rows written together get neighbouring keys, so a
-- primary-key index grows at its right edge instead of at random pages. PostgreSQL 18's uuidv7() does the same.
create or replace function time_ordered_uuid() returns uuid
    language sql volatile parallel safe
as $$
select encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
                                      placing substring(int8send(floor(extract(epoch from clock_timestamp()) * 1000)::bigint) from 3)
                                      from 1 for 6),
                              52, 1), 53, 1), 'hex')::uuid
$$;
