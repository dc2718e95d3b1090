#!/usr/bin/env bash
# PKH tranche benchmark: computes one PKH tranche for N active enrollments through assistance-service's API,
# then asks for the same cycle again and computes it again, checking that nothing new is created, then approves
# it (a second user), which writes one EntitlementApproved event per entitlement in the same statement.
#   bench/pkh-tranche/run.sh <enrollments> --fresh
# --fresh stops the local platform and DROPS the assistance database and the local Kafka data first (so no
# registry events from an earlier run are consumed meanwhile). The households, members and
# enrollments are written straight into assistance's projection tables (deterministic, setseed 0.42): the
# benchmark measures the cycle, not the event consumption that builds the projection in production.
# Results print at the end; docs/benchmarks.md records the runs.
set -euo pipefail
cd "$(dirname "$0")/../.."

n=${1:?enrollments}
[ "${2:-}" = "--fresh" ] || { echo "pass --fresh: this drops the local assistance database" >&2; exit 2; }
psql() { command psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -qAt "$@"; }
api=http://127.0.0.1:8082/api/v1/disbursement-cycles

./graduasi down >/dev/null || true
psql -c "drop database if exists graduasi_assistance with (force)"
rm -rf .graduasi/kafka
GRADUASI_SERVICES=assistance ./graduasi up >/dev/null

echo "loading $n households with members and PKH enrollments into the projection"
load_start=$(date +%s.%N)
psql -d graduasi_assistance <<SQL
select setseed(0.42);
create temporary table h as
  select gen_random_uuid() as id, '64.72.01.' || (1001 + (i % 10)) as village, i from generate_series(1, $n) i;
insert into household_projection (household_id, village_code, status, member_count, updated_at)
  select id, village, 'ACTIVE', 0, now() from h;
insert into enrollment (id, household_id, programme, status, activated_on)
  select gen_random_uuid(), id, 'PKH', 'ACTIVE', date '2025-06-01' from h;
-- Two adults (one pregnant in 1 of 20 families, one with a disability in 1 of 30), 1-4 children of 0-17
-- (in school by age: SD 7-12, SMP 13-15, SMA 16-17, 9 in 10 enrolled), a grandparent of 65 in 1 of 8.
insert into member_projection (member_id, household_id, birth_date, education_level, school_enrolled, disability,
                               pregnant, active)
  select gen_random_uuid(), h.id, date '2026-01-01' - (interval '1 year' * (25 + (random() * 30)::int)), 'SMA',
         false, random() < 1.0 / 30, adult = 2 and random() < 0.05, true
  from h cross join generate_series(1, 2) adult
  union all
  select gen_random_uuid(), h.id, date '2026-01-01' - (interval '1 day' * age_days),
         case when age_days >= 16 * 365 then 'SMA' when age_days >= 13 * 365 then 'SMP'
              when age_days >= 7 * 365 then 'SD' end,
         age_days >= 7 * 365 and random() < 0.9, false, false, true
  from h cross join lateral (select (random() * 18 * 365)::int as age_days
                             from generate_series(1, 1 + (h.i % 4)) c where h.id is not null) child
  union all
  select gen_random_uuid(), h.id, date '1961-01-01', null, false, false, false, true
  from h where h.i % 8 = 0;
update household_projection p set member_count = m.n
  from (select household_id, count(*) n from member_projection group by household_id) m
  where m.household_id = p.household_id;
analyze;
SQL
load_seconds=$(python3 -c "print(round($(date +%s.%N) - $load_start, 1))")
members=$(psql -d graduasi_assistance -c "select count(*) from member_projection")
echo "loaded in $load_seconds s: $n enrollments, $members members"

body='{"programme": "PKH", "year": 2026, "tranche": 1}'
post() { curl -sS --max-time 3600 -o /tmp/pkh-bench.json -w '%{http_code} %{time_total}\n' -X POST -H 'Content-Type: application/json' \
  -H "Authorization: Bearer $(./graduasi token "${BENCH_ROLE:-OFFICER}" "${BENCH_USER:-bench-officer}" '*')" "$@"; }
read -r code seconds < <(post -d "$body" "$api")
cat /tmp/pkh-bench.json; echo
[ "$code" = 201 ] || { echo "expected 201, got $code" >&2; exit 1; }
id=$(python3 -c "import json; print(json.load(open('/tmp/pkh-bench.json'))['id'])")
count=$(python3 -c "import json; print(json.load(open('/tmp/pkh-bench.json'))['entitlementCount'])")
total=$(python3 -c "import json; print(json.load(open('/tmp/pkh-bench.json'))['totalAmount'])")
echo "first run: $count entitlements, Rp $total, in $seconds s = $(python3 -c "print(round($n/$seconds))") enrollments/s"

read -r code2 seconds2 < <(post -d "$body" "$api")
echo "same cycle again: HTTP $code2 in $seconds2 s"
read -r code3 seconds3 < <(post "$api/$id/computation")
echo "computed again: HTTP $code3 in $seconds3 s"
rows=$(psql -d graduasi_assistance -c "select count(*) from entitlement")
cycles=$(psql -d graduasi_assistance -c "select count(*) from disbursement_cycle")
echo "after the re-runs: $cycles cycle(s), $rows entitlement rows (first run: $count)"
[ "$rows" = "$count" ] && [ "$cycles" = 1 ] || { echo "a re-run created something" >&2; exit 1; }

read -r code4 seconds4 < <(BENCH_ROLE=SUPERVISOR BENCH_USER=bench-supervisor post "$api/$id/approval")
[ "$code4" = 200 ] || { cat /tmp/pkh-bench.json; echo "approval: expected 200, got $code4" >&2; exit 1; }
events=$(psql -d graduasi_assistance -c "select count(*) from outbox_event
  where type = 'id.graduasi.assistance.entitlement.approved.v1'")
echo "approved in $seconds4 s: $events EntitlementApproved events written with it"
[ "$events" = "$count" ] || { echo "expected $count events" >&2; exit 1; }

# Publishing them: the relay drains the outbox (a published row is deleted), measured from the approval's answer.
publish_start=$(date +%s.%N)
while [ "$(psql -d graduasi_assistance -c "select count(*) from outbox_event")" != 0 ]; do sleep 1; done
publish_seconds=$(python3 -c "print(round($(date +%s.%N) - $publish_start, 1))")
echo "published $events events in $publish_seconds s = $(python3 -c "print(round($events/$publish_seconds))") events/s"

# Ceilings in the same run: the raw Kafka producer on the same broker (the backbone benchmark's, same record
# size, acks=all), and PostgreSQL writing and updating as many rows shaped like entitlements with no
# computation at all (a copy of the table with its indexes, filled from the same enrollments).
java -Xmx2g -cp "platform-local/target/classes:$(cat platform-local/target/classpath.txt)" \
  id.graduasi.local.bench.BackboneBench raw "$events" 2>&1 | grep '^RESULT'
ceiling() { local t0; t0=$(date +%s.%N); psql -d graduasi_assistance -c "$1" >/dev/null
  python3 -c "print(round($(date +%s.%N) - $t0, 1))"; }
psql -d graduasi_assistance -c "create table bench_ceiling (like entitlement including defaults including indexes)"
insert_seconds=$(ceiling "insert into bench_ceiling (id, cycle_id, enrollment_id, household_id, village_code,
  amount, components, status, created_at)
  select gen_random_uuid(), cast('$id' as uuid), e.id, e.household_id, h.village_code, 750000, 'PREGNANT', 'DRAFT', now()
  from enrollment e join household_projection h on h.household_id = e.household_id")
update_seconds=$(ceiling "update bench_ceiling set status = 'APPROVED'")
psql -d graduasi_assistance -c "drop table bench_ceiling"
echo "ceiling: $n rows inserted in $insert_seconds s (create + compute took $seconds s:" \
  "$(python3 -c "print(round($seconds/$insert_seconds, 1))")x); updated in $update_seconds s (approval" \
  "took $seconds4 s: $(python3 -c "print(round($seconds4/$update_seconds, 1))")x)"
./graduasi down >/dev/null
