#!/usr/bin/env bash
# Figure 2 again on the data a run of bench/backbone/run.sh left, for back-to-back comparisons of builds and
# settings (issue #14):
#   bench/backbone/again.sh [rates="50 200"]
# Starts the platform on that data (the environment passes settings to the services, e.g.
# GRADUASI_INBOX_CONCURRENCY=8), throws a minute at 50/s away, then per rate: a minute of decisions, the consumers
# settled, and per decision the CPU of each process (from /proc) and the transactions each service's database
# committed (pg_stat_database), as RESULT lines. No raw ceiling here: compare runs made back to back.
set -euo pipefail
cd "$(dirname "$0")/../.."
psql() { command psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -qAt "$@"; }
bench() { java -Xmx2g -cp "platform-local/target/classes:$(cat platform-local/target/classpath.txt)" \
  id.graduasi.local.bench.BackboneBench "$@" 2>&1 | grep -E '^(RESULT|\[bench\])'; }
ticks() {
  for name in registry assistance mentoring graduation dashboard launcher; do
    if [ "$name" = launcher ]; then pid=$(pgrep -f 'id.graduasi.local.LocalPlatform' | head -1)
    else pid=$(pgrep -f "$name-service/target/quarkus-app" | head -1); fi
    echo -n "$name=$(awk '{print $14 + $15}' "/proc/$pid/stat") "
  done
  echo "postgres=$(for p in $(pgrep -x postgres); do awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null; done | paste -sd+ | bc)"
}
commits() {
  psql -d postgres -c "select string_agg(substr(datname, 10) || '=' || xact_commit, ' ' order by datname)
    from pg_stat_database where datname like 'graduasi_%' and datname <> 'graduasi_bench_relay'"
}
# RESULT line $1 of the differences between two snapshots ($3, $4) per decision ($2), times $5 (ms per tick).
per_decision() {
  local line="RESULT $1:"
  for kv in $4; do
    local name=${kv%%=*} after=${kv#*=} before
    before=$(tr ' ' '\n' <<< "$3" | sed -n "s/^$name=//p")
    line="$line $name=$(awk -v a="$after" -v b="$before" -v n="$2" -v f="$5" 'BEGIN {printf "%.2f", (a - b) * f / n}')"
  done
  echo "$line"
}
./graduasi down >/dev/null || true
GRADUASI_DEMO_DATA=0 ./graduasi up >/dev/null
bench settle
bench fanout 50 60 >/dev/null
bench settle
tick_ms=$(awk -v t="$(getconf CLK_TCK)" 'BEGIN {print 1000 / t}')
for rate in ${1:-50 200}; do
  cpu_before=$(ticks); commits_before=$(commits)
  result=$(bench fanout "$rate" 60 | grep 'RESULT fanout rate')
  echo "$result"
  bench settle >/dev/null
  decisions=$(grep -o 'decisions=[0-9]*' <<< "$result" | head -1 | sed 's/.*=//')
  per_decision "fanout-cpu rate=$rate ms/decision" "$decisions" "$cpu_before" "$(ticks)" "$tick_ms"
  per_decision "fanout-commits rate=$rate per decision" "$decisions" "$commits_before" "$(commits)" 1
done
./graduasi down >/dev/null
