#!/usr/bin/env bash
# Figure 2 again on the data a run of bench/backbone/run.sh left, for back-to-back comparisons of builds and
# settings (issue #14):
#   bench/backbone/again.sh [rates="50 200"]
# Starts the platform on that data (the environment passes settings to the services, e.g.
# GRADUASI_INBOX_CONCURRENCY=8), throws a minute at 50/s away, then per rate: a minute of decisions, the consumers
# settled, and per decision the CPU of each process (from /proc), the share of it in the JIT compiler, and the
# transactions each service's database committed (pg_stat_database), as RESULT lines. No raw ceiling here: compare
# runs made back to back.
set -euo pipefail
cd "$(dirname "$0")/../.."
psql() { command psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -qAt "$@"; }
bench() { backbone_bench "$@" | grep -E '^(RESULT|\[bench\])'; }
. bench/backbone/cpu.sh
commits() {
  psql -d postgres -c "select string_agg(substr(datname, 10) || '=' || xact_commit, ' ' order by datname)
    from pg_stat_database where datname like 'graduasi_%' and datname <> 'graduasi_bench_relay'"
}
./graduasi down >/dev/null || true
GRADUASI_DEMO_DATA=0 ./graduasi up >/dev/null
bench settle
bench fanout 50 60 >/dev/null
bench settle
for rate in ${1:-50 200}; do
  cpu_before=$(cpu_ticks); jit_before=$(jit_ticks); commits_before=$(commits)
  result=$(bench fanout "$rate" 60 | grep 'RESULT fanout rate')
  echo "$result"
  bench settle >/dev/null
  decisions=$(grep -o 'decisions=[0-9]*' <<< "$result" | head -1 | sed 's/.*=//')
  cpu_after=$(cpu_ticks)
  echo "RESULT fanout-cpu rate=$rate ms/decision:$(per_unit "$cpu_before" "$cpu_after" "$decisions" "$(tick_ms)")"
  echo "RESULT fanout-jit rate=$rate share of each JVM's CPU in its JIT compiler threads:$(jit_shares \
    "$cpu_before" "$cpu_after" "$jit_before" "$(jit_ticks)")"
  echo "RESULT fanout-commits rate=$rate per decision:$(per_unit "$commits_before" "$(commits)" "$decisions" 1)"
done
./graduasi down >/dev/null
