#!/usr/bin/env bash
# Bulk-import benchmark: N generated households through the registry's import API (the whole platform running,
# so every event is published and consumed), next to a raw PostgreSQL COPY of the same rows.
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

backlog() { curl -s localhost:8081/q/metrics | awk '/^graduasi_outbox_backlog /{print int($2)}'; }
if [ "$later" = "--publish-later" ]; then
  before=$(psql -d graduasi_registry -c "select count(*) from outbox_event")
  echo "outbox: $before events committed, waiting to be published"
  ./graduasi down >/dev/null
  GRADUASI_JAVA_OPTS="$java_opts" GRADUASI_SERVICES=registry ./graduasi up >/dev/null
  window=${PUBLISH_SECONDS:-300}
  start_pending=$(psql -d graduasi_registry -c "select count(*) from outbox_event")
  sleep "$window"
  end_pending=$(psql -d graduasi_registry -c "select count(*) from outbox_event")
  published=$((start_pending - end_pending))
  echo "relay: $published events published in $window s = $((published / window)) events/s; $end_pending still pending"
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
