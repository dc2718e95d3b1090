#!/usr/bin/env bash
# Event-backbone benchmark (issue #14): every figure beside its ceiling measured in the same run.
#   bench/backbone/run.sh --fresh [relay_rows=1000000] [catchup_households=100000]
# FIGURES="3 4" bench/backbone/run.sh --fresh ... runs only those figures (default: 1 2 3 4).
# In figure 3, ALONE_ONLY=1 skips the run of all services at once, and ALONE_SERVICES="mentoring" names the
# services run alone (default: assistance mentoring graduation).
# --fresh stops the local platform and DROPS its databases and Kafka data (the figures need a known state).
# It turns on PostgreSQL's track_commit_timestamp (a restart of the local cluster) so that latencies are measured
# between the commits themselves. Results: the RESULT lines, collected at the end; docs/benchmarks.md records runs.
# STATEMENTS=1 adds, to figure 2, what PostgreSQL ran per decision in each service's database (pg_stat_statements,
# loaded with a restart when it is not): statements, transactions and execution time, and the costliest statements.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ "${1:-}" = "--fresh" ] || { echo "pass --fresh: this drops the local platform's data" >&2; exit 2; }
rows=${2:-1000000}
catchup=${3:-100000}
out=${TMPDIR:-/tmp}/graduasi-bench-backbone-$(date -u +%Y%m%dT%H%M%S).log
psql() { command psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -qAt "$@"; }
bench() { backbone_bench "$@" | grep -v '^SLF4J' | tee -a "$out"; }
say() { echo "[bench] $*" | tee -a "$out"; }
want() { [[ " ${FIGURES:-1 2 3 4} " == *" $1 "* ]]; }
. bench/backbone/cpu.sh
# CPU milliseconds each process spent between two cpu_ticks ($3, $4), divided by $2 (decisions, or seconds), as one
# RESULT line named $1.
cpu_line() {
  echo "RESULT fanout-cpu $1:$(per_unit "$3" "$4" "$2" "$(tick_ms)")" | tee -a "$out"
}

say "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; commit $(git rev-parse --short HEAD); log $out"
./graduasi down >/dev/null || true
for db in registry assistance mentoring graduation bench_relay; do psql -c "drop database if exists graduasi_$db with (force)"; done
rm -rf .graduasi/kafka
if [ -n "${STATEMENTS:-}" ] && [[ "$(psql -c 'show shared_preload_libraries')" != *pg_stat_statements* ]]; then
  say "loading pg_stat_statements (restarts PostgreSQL)"
  psql -c "alter system set shared_preload_libraries = 'pg_stat_statements'"
  psql -c "alter system set track_commit_timestamp = on"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -n | tail -1)" main restart
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 && break; sleep 1; done
fi
if [ "$(psql -c 'show track_commit_timestamp')" != "on" ]; then
  say "turning on track_commit_timestamp (restarts PostgreSQL)"
  psql -c "alter system set track_commit_timestamp = on"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -n | tail -1)" main restart
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 && break; sleep 1; done
fi

# With STATEMENTS=1: pg_stat_statements emptied (statements_reset) and, after a run, read per decision
# (statements_line <label> <decisions>): per database, statements and commits run, their execution time; then the
# ten costliest statements of the run.
statements_reset() {
  [ -z "${STATEMENTS:-}" ] && return
  psql -d postgres -c "create extension if not exists pg_stat_statements" -c "select pg_stat_statements_reset()" > /dev/null
}
statements_line() {
  [ -z "${STATEMENTS:-}" ] && return
  psql -d postgres -F ' ' -c "select 'RESULT fanout-statements $1: ' || string_agg(d.datname || ' statements=' || round(s.calls::numeric / $2, 1)
      || ' commits=' || round(s.commits::numeric / $2, 2) || ' exec_ms=' || round((s.ms / $2)::numeric, 3), '; ' order by d.datname)
    from (select dbid, sum(calls) calls, sum(calls) filter (where query ilike 'commit%') commits, sum(total_exec_time) ms
          from pg_stat_statements group by dbid) s join pg_database d on d.oid = s.dbid
    where d.datname like 'graduasi_%'" | tee -a "$out"
  psql -d postgres -F ' | ' -c "select d.datname, s.calls, round(s.calls::numeric / $2, 2), round(s.total_exec_time::numeric, 1),
      left(regexp_replace(s.query, '\s+', ' ', 'g'), 160)
    from pg_stat_statements s join pg_database d on d.oid = s.dbid
    where d.datname like 'graduasi_%' order by s.total_exec_time desc limit 25" | sed 's/^/  statement: /' | tee -a "$out"
}

# Each consumer's own split of the consumed half (EventProcessor's timers, percentiles over the last two minutes,
# so mostly the run just ended): waited = the record's timestamp -> its batch starting; applied = that start -> the
# batch applied.
consumer_timers() {
  local line="RESULT fanout-consumers $1:"
  for svc in registry=8081 assistance=8082 mentoring=8083; do
    line="$line ${svc%%=*}$(curl -s -H "Authorization: Bearer $OFFICER" "localhost:${svc#*=}/q/metrics" \
      | awk '/^graduasi_events_(waited|applied)_seconds\{channel="graduasi-events",quantile="0\.(5|99)"/ {
          split($0, a, /_seconds|quantile="|"\}/); printf " %s_p%s=%.1f", substr(a[1], 17), (a[3] == "0.5" ? 50 : 99), $2 * 1000 }')"
  done
  echo "$line" | tee -a "$out"
}

say "== starting the platform (demo data: 1,000 households)"
./graduasi up > /dev/null
OFFICER=$(./graduasi token OFFICER bench-officer '*')

if want 1; then
say "== 1. relay throughput: $rows pending outbox rows, next to the raw producer on the same broker"
# The broker (in the launcher's JVM) runs several times slower until its JIT has warmed up: a first raw run of
# 300,000 records is thrown away.
bench raw 300000 > /dev/null
bench raw "$rows"
bench relay "$rows" 1
bench raw "$rows"
bench relay "$rows" 3
fi

if want 4; then
say "== 4. head of line: a status change behind a 1,000,000-row bulk backlog in the registry's outbox"
# The backlog goes to a topic of its own (no consumer), so what is measured is the relay's lanes; a backlog on the
# consumed topic would add the consumers' lag (figure 3).
# The demo data's events are applied first, so the consumers are idle when the status change arrives.
bench settle
java -cp "platform-local/target/classes:$(cat platform-local/target/classpath.txt)" id.graduasi.local.bench.BackboneBench \
  topic graduasi.bench.backlog 2>&1 | grep -v '^SLF4J' || true
psql -d graduasi_registry -c "insert into outbox_event (id, topic, record_key, type, source, subject, payload, occurred_at, lane)
  select gen_random_uuid(), 'graduasi.bench.backlog', k, 'id.graduasi.registry.household.registered.v1',
         '/graduasi/registry-service', k, '{\"n\":' || g || '}', now(), 1
  from (select g, md5((g % 200000)::text)::uuid::text k from generate_series(1, 1000000) g) s order by g"
h=$(psql -d graduasi_registry -c "select id from household where status = 'REGISTERED' limit 1")
bench headofline "$h" "$OFFICER"
until [ "$(psql -d graduasi_registry -c "select count(*) from outbox_event")" = 0 ]; do sleep 2; done
fi

if want 2; then
say "== 2. fan-out latency: GraduationDecided/Reverted committed at a fixed rate -> registry, assistance, mentoring"
# The demo households are REGISTERED: an officer verifies and activates them first (so every decision has its
# full effect everywhere), and the services settle before the clock starts.
psql -d graduasi_registry -c "select id from household where status = 'REGISTERED'" | xargs -P 4 -I{} sh -c '
  curl -sf -o /dev/null -H "Authorization: Bearer $0" -H "Content-Type: application/json" -X POST localhost:8081/api/v1/households/{}/status -d "{\"status\":\"VERIFIED\"}" &&
  curl -sf -o /dev/null -H "Authorization: Bearer $0" -H "Content-Type: application/json" -X POST localhost:8081/api/v1/households/{}/status -d "{\"status\":\"ACTIVE\"}"' "$OFFICER"
bench settle
# The services have just started: their JIT has not compiled the decision path yet, and in a first minute of
# decisions half of each service's CPU went to the compiler threads (JFR, sixteenth session). A minute of
# decisions at 50/s is run and thrown away first, as figure 1 throws away its first raw run; each measured run
# then starts from a platform that has applied everything before it. The compiler is not done by then (20-45 % of
# each service's CPU for ten minutes of load, twenty-seventh session): each rate's RESULT fanout-jit line says how
# much of the window's CPU it still took.
kept=$out; out=/dev/null; bench fanout 50 60 > /dev/null; out=$kept
bench settle
# What each process spends with nothing to do (timers, polls, the relay's fallback), to read the figures below by.
idle_before=$(cpu_ticks); sleep 30; idle_after=$(cpu_ticks)
cpu_line "idle ms/second" 30 "$idle_before" "$idle_after"
for rate in 50 200; do
  bench rawlatency "$rate" 60
  bench settle
  statements_reset
  cpu_before=$(cpu_ticks); jit_before=$(jit_ticks); t0=$(date +%s)
  bench fanout "$rate" 60
  consumer_timers "rate=$rate"
  bench settle
  cpu_after=$(cpu_ticks); jit_after=$(jit_ticks)
  decisions=$(grep -o "RESULT fanout rate=$rate seconds=60 decisions=[0-9]*" "$out" | tail -1 | sed 's/.*=//')
  # From the start of the run until every consumer has caught up: the idle work of those seconds is included.
  cpu_line "rate=$rate decisions=$decisions window=$(( $(date +%s) - t0 ))s ms/decision" "$decisions" "$cpu_before" "$cpu_after"
  echo "RESULT fanout-jit rate=$rate share of each JVM's CPU in its JIT compiler threads:$(jit_shares \
    "$cpu_before" "$cpu_after" "$jit_before" "$jit_after")" | tee -a "$out"
  statements_line "rate=$rate decisions=$decisions per decision" "$decisions"
done
fi

if want 3; then
say "== 3. consumer catch-up: $catchup households imported into the registry, consumers stopped"
# A rate is read from the consumer groups' committed offsets: committed every second, not every 5 s, so that a run
# of half a minute is timed to the second.
export MP_MESSAGING_INCOMING_GRADUASI_EVENTS_AUTO_COMMIT_INTERVAL_MS=1000
./graduasi down >/dev/null
GRADUASI_DEMO_DATA=0 GRADUASI_SERVICES=registry ./graduasi up >/dev/null
./graduasi generate "$catchup" "${TMPDIR:-/tmp}/graduasi-bench-$catchup.csv" 42 >/dev/null
job=$(curl -s -X POST --data-binary @"${TMPDIR:-/tmp}/graduasi-bench-$catchup.csv" -H "Authorization: Bearer $OFFICER" \
  -H 'Content-Type: text/csv' localhost:8081/api/v1/imports | sed 's/.*"id":"\([^"]*\)".*/\1/')
until curl -s -H "Authorization: Bearer $OFFICER" "localhost:8081/api/v1/imports/$job" | grep -q '"status":"COMPLETED"'; do sleep 5; done
until [ "$(psql -d graduasi_registry -c "select count(*) from outbox_event")" = 0 ]; do sleep 2; done
./graduasi down >/dev/null
if [ -z "${ALONE_ONLY:-}" ]; then
  say "registry backlog on Kafka; starting every service"
  GRADUASI_DEMO_DATA=0 ./graduasi up >/dev/null
  # Each service's rate comes from its consumer group's committed offsets: the registry's records over the time
  # from the group's first commit to the one that reached the topic's end.
  bench catchup graduasi.registry.household.v1 assistance mentoring graduation
fi
# The target is per service: each one again alone on the machine, from the same backlog, with a database of its
# own again and a consumer group that has read nothing (its rate counted from its first applied event).
for svc in ${ALONE_SERVICES:-assistance mentoring graduation}; do
  say "$svc alone"
  bench/backbone/alone.sh "$svc" | tee -a "$out"
done
fi
./graduasi down >/dev/null

say "== results"
grep RESULT "$out"
