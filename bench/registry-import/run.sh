#!/usr/bin/env bash
# Bulk-import benchmark: N generated households through the registry's import API, next to two ceilings measured
# in the same run: a raw PostgreSQL COPY of the same rows into a bare table, and PostgreSQL alone copying the rows
# the import wrote into indexed copies of the registry's tables (the schema's ceiling).
#   bench/registry-import/run.sh <households> --fresh [--publish-later]
# --fresh stops the local platform and DROPS its databases and Kafka data first (the numbers need an empty
# registry). --publish-later keeps the outbox relay off during the import (the events are committed with the
# households and wait in the outbox), then restarts the registry with the relay on and measures for
# PUBLISH_SECONDS (default 300) how fast the backlog is published: for runs whose backlog would take hours to
# drain. Results print at the end; docs/benchmarks.md records the runs.
set -euo pipefail
cd "$(dirname "$0")/../.."

n=${1:?households}
[ "${2:-}" = "--fresh" ] || { echo "pass --fresh: this drops the local platform's data" >&2; exit 2; }
csv=${TMPDIR:-/tmp}/graduasi-bench-$n.csv
psql() { command psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -qAt "$@"; }

./graduasi down >/dev/null || true
for db in registry assistance mentoring graduation; do psql -c "drop database if exists graduasi_$db with (force)"; done
rm -rf .graduasi/kafka
# The platform's demo data generator, deterministic (seed 42): a file already generated for this size is reused.
[ -s "$csv" ] || ./graduasi generate "$n" "$csv" 42
rows=$(($(wc -l < "$csv") - 1))
later=${3:-}
relay_opts=""
[ "$later" = "--publish-later" ] && relay_opts="-Dgraduasi.outbox.relay.enabled=false"
java_opts="${GRADUASI_JAVA_OPTS:--Xmx512m}"
# The registry alone: the import is measured, not the consumers catching up on 2 cores.
GRADUASI_DEMO_DATA=0 GRADUASI_JAVA_OPTS="$java_opts $relay_opts" GRADUASI_SERVICES=registry ./graduasi up >/dev/null
OFFICER=$(./graduasi token OFFICER bench-officer '*')

echo "uploading $(du -h "$csv" | cut -f1) ($rows member rows)"
job=$(curl -s -X POST --data-binary @"$csv" -H "Authorization: Bearer $OFFICER" -H 'Content-Type: text/csv' localhost:8081/api/v1/imports)
id=$(echo "$job" | sed 's/.*"id":"\([^"]*\)".*/\1/')
while :; do
  state=$(curl -s -H "Authorization: Bearer $OFFICER" "localhost:8081/api/v1/imports/$id")
  case "$state" in *'"status":"COMPLETED"'*|*'"status":"FAILED"'*) break ;; esac
  echo "  $(echo "$state" | sed 's/.*"rowsDone":\([0-9]*\).*"rowsPerSecond":\([0-9.null]*\),"etaSeconds":\([0-9null]*\).*/rows \1, \2 rows\/s, eta \3 s/')"
  sleep 10
done
echo "import: $state"
started=$(echo "$state" | sed 's/.*"startedAt":"\([^"]*\)".*/\1/')
finished=$(echo "$state" | sed 's/.*"finishedAt":"\([^"]*\)".*/\1/')
seconds=$(python3 -c "from datetime import datetime as d; f=lambda s: d.fromisoformat(s.replace('Z','+00:00')); print((f('$finished')-f('$started')).total_seconds())")
created=$(echo "$state" | sed 's/.*"householdsCreated":\([0-9]*\).*/\1/')
echo "import: $created households in $seconds s = $(python3 -c "print(round($created/$seconds,1))") households/s, $(python3 -c "print(round($rows/$seconds,1))") members/s"

# A second ceiling, the schema's: every row the import wrote, copied by PostgreSQL alone into empty tables with the
# registry's indexes (no Java, no lookups, no dedup, no foreign keys): the least the database must do for it.
# With --publish-later the outbox still holds every event; without it, only those not yet published.
psql -d graduasi_registry -c "drop schema if exists bench_ceiling cascade" -c "create schema bench_ceiling" \
  -c "create table bench_ceiling.household (like public.household including all)" \
  -c "create table bench_ceiling.member (like public.member including all)" \
  -c "create table bench_ceiling.household_status_change (like public.household_status_change including all)" \
  -c "create table bench_ceiling.household_revision (like public.household_revision including all)" \
  -c "create table bench_ceiling.outbox_event (like public.outbox_event including all)"
outbox_columns="id, seq, topic, record_key, type, source, subject, payload, occurred_at, attempts, traceparent, lane"
schema_start=$(date +%s.%N)
psql -d graduasi_registry -c "insert into bench_ceiling.household select * from public.household" \
  -c "insert into bench_ceiling.member select * from public.member" \
  -c "insert into bench_ceiling.household_status_change select * from public.household_status_change" \
  -c "insert into bench_ceiling.household_revision select * from public.household_revision" \
  -c "insert into bench_ceiling.outbox_event ($outbox_columns) select $outbox_columns from public.outbox_event"
schema_seconds=$(python3 -c "print(round($(date +%s.%N) - $schema_start, 2))")
copied_events=$(psql -d graduasi_registry -c "select count(*) from bench_ceiling.outbox_event")
psql -d graduasi_registry -c "drop schema bench_ceiling cascade"
echo "schema ceiling: the import's rows ($rows members, $copied_events outbox events) into indexed copies of its tables in $schema_seconds s = $(python3 -c "print(round($rows/$schema_seconds))") member rows/s"

backlog() { curl -s localhost:8081/q/metrics | awk '/^graduasi_outbox_backlog /{print int($2)}'; }
if [ "$later" = "--publish-later" ]; then
  before=$(psql -d graduasi_registry -c "select count(*) from outbox_event")
  echo "outbox: $before events committed, waiting to be published"
  ./graduasi down >/dev/null
  GRADUASI_JAVA_OPTS="$java_opts" GRADUASI_SERVICES=registry ./graduasi up >/dev/null
  window=${PUBLISH_SECONDS:-300}
  # Timed from before the first count (the relay is already publishing while it runs) until the window ends or the
  # outbox is empty, whichever comes first: a rate over a window the relay spent partly idle would understate it.
  # Each second a look at the first pending row through the seq index; a count of millions only at the ends.
  publish_start=$(date +%s.%N)
  start_pending=$(psql -d graduasi_registry -c "select count(*) from outbox_event")
  while [ -n "$(psql -d graduasi_registry -c "select 1 from outbox_event order by seq limit 1")" ] \
      && python3 -c "import sys; sys.exit(0 if $(date +%s.%N) - $publish_start < $window else 1)"; do
    sleep 1
  done
  publish_seconds=$(python3 -c "print(round($(date +%s.%N) - $publish_start, 1))")
  end_pending=$(psql -d graduasi_registry -c "select count(*) from outbox_event")
  published=$((start_pending - end_pending))
  echo "relay: $published events published in $publish_seconds s = $(python3 -c "print(round($published/$publish_seconds))") events/s; $end_pending still pending"
else
  # Wait for the outbox to drain (every household's events published).
  while [ "$(backlog)" != "0" ]; do sleep 5; done
  echo "outbox drained"
fi

psql -c "drop database if exists graduasi_bench_copy" -c "create database graduasi_bench_copy"
psql -d graduasi_bench_copy -c "create table import_row (kk_number text, village_code text, address text,
  welfare_category text, dtsen_decile int, nik text, name text, sex text, birth_date date, relationship text,
  education_level text, school_enrolled boolean, occupation text, disability boolean, pregnant boolean)"
copy_start=$(date +%s.%N)
psql -d graduasi_bench_copy -c "\\copy import_row from '$csv' with (format csv, header true)"
copy_seconds=$(python3 -c "print(round($(date +%s.%N) - $copy_start, 2))")
echo "raw COPY: $rows rows in $copy_seconds s = $(python3 -c "print(round($rows/$copy_seconds))") rows/s, $(python3 -c "print(round($n/$copy_seconds))") households/s"
psql -c "drop database graduasi_bench_copy"
