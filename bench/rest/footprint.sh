#!/usr/bin/env bash
# Footprint (issue #18, figure 5): start-up time and RSS of each service idle and under load, for given JVM options.
#   bench/rest/footprint.sh ["<JVM options>"]     (default: the launcher's, LocalPlatform.DEFAULT_JAVA_OPTS)
# Restarts the local platform (its data is kept) with GRADUASI_JAVA_OPTS, reads each service's start-up time from
# its log, waits until the consumers have no lag, takes RSS idle, runs 20 s of indicator observations and 20 s of
# GET household by id (wrk, 16 connections), and takes RSS again. Prints RESULT lines.
set -euo pipefail
cd "$(dirname "$0")/../.."
opts=${1:-}
command -v wrk >/dev/null || apt-get install -y wrk >/dev/null
psql() { command psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -qAt "$@"; }
rss() {
  for s in registry assistance mentoring graduation dashboard; do
    pid=$(pgrep -f "$s-service/target/quarkus-app" | head -1)
    printf '%s %s/%s MB  ' "$s" "$(awk '/VmRSS/{print int($2/1024)}' /proc/$pid/status)" \
      "$(awk '/VmHWM/{print int($2/1024)}' /proc/$pid/status)"
  done
}
./graduasi down > /dev/null || true
if [ -n "$opts" ]; then GRADUASI_JAVA_OPTS="$opts" ./graduasi up > /dev/null; else ./graduasi up > /dev/null; opts="the launcher's"; fi
for s in registry assistance mentoring graduation dashboard; do
  echo "RESULT start-up $s-service $(grep -o 'started in [0-9.]*s' .graduasi/logs/$s-service.log | tail -1) ($opts)"
done
java -cp "platform-local/target/classes:$(cat platform-local/target/classpath.txt)" id.graduasi.local.bench.BackboneBench \
  settle 2>&1 | grep -v '^SLF4J'
echo "RESULT RSS idle (now/peak): $(rss)($opts)"
OFFICER=$(./graduasi token OFFICER bench-officer '*')
ids=$(mktemp)
psql -d graduasi_registry -c "select id from household order by random()" > "$ids"
(cd bench/rest && wrk -t2 -c16 -d20s -s observe.lua http://127.0.0.1:8081 -- "$OFFICER" "$ids" | grep -E "Requests/sec")
(cd bench/rest && wrk -t2 -c16 -d20s -s ids.lua http://127.0.0.1:8081 -- "/api/v1/households/{id}" "$OFFICER" "$ids" \
  | grep -E "Requests/sec")
echo "RESULT RSS after load (now/peak): $(rss)($opts)"
rm -f "$ids"
