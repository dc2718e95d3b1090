#!/usr/bin/env bash
# Figure 3's per-service step again, on the backlog a run of bench/backbone/run.sh left on Kafka (issue #14):
#   bench/backbone/alone.sh <assistance|mentoring|graduation> [label]
# bench/backbone/run.sh runs it for each service in figure 3; the RESULT lines read catchup-alone[-label].
# The service alone on the machine, with a database of its own again (its local database is DROPPED) and a
# consumer group that has read nothing, committing every second: its rate on the registry's topic, beside a
# plain consumer and an inbox insert of the same records (RESULT lines). For back-to-back comparisons of builds.
set -euo pipefail
cd "$(dirname "$0")/../.."
svc=${1:?service}
label=${2:+-$2}
psql() { command psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -qAt "$@"; }
./graduasi down >/dev/null || true
psql -c "drop database if exists graduasi_$svc with (force)"
group="$svc-alone-$(date +%s)"
export MP_MESSAGING_INCOMING_GRADUASI_EVENTS_AUTO_COMMIT_INTERVAL_MS=1000
GRADUASI_DEMO_DATA=0 GRADUASI_SERVICES=$svc MP_MESSAGING_INCOMING_GRADUASI_EVENTS_GROUP_ID="$group" \
  ./graduasi up >/dev/null &
CATCHUP_LABEL="catchup-alone$label" java -Xmx2g \
  -cp "platform-local/target/classes:$(cat platform-local/target/classpath.txt)" \
  id.graduasi.local.bench.BackboneBench catchup graduasi.registry.household.v1 "$svc:$group" 2>&1 | grep RESULT
wait
./graduasi down >/dev/null || true
