#!/usr/bin/env bash
# REST benchmark (issue #18, figure 2): reads and writes of the running platform under wrk, each beside the ceiling
# of a trivial endpoint of the same service (/q/health/live) measured in the same run.
#   bench/rest/run.sh --fresh|--again [seconds=20] [connections=16]
# --fresh stops the local platform, DROPS its databases and Kafka data, starts it with the demo data (1,000
# households), runs `./graduasi demo` (timed: figure 4), then imports 20,000 more households (the pool the status
# changes use). --again measures the platform left running by an earlier --fresh run (the status changes take the
# next pool households still REGISTERED). ONLY="GET household" measures only the figures whose name contains it;
# ONLY="graduation /q|readiness" those that contain either.
# Every figure is printed as a RESULT line, after a CPU line (each process's CPU per request answered: the services,
# the launcher with the broker, PostgreSQL); docs/benchmarks.md records runs.
set -euo pipefail
cd "$(dirname "$0")/../.."
mode=${1:-}
[ "$mode" = "--fresh" ] || [ "$mode" = "--again" ] || { echo "pass --fresh (drops the local platform's data) or --again" >&2; exit 2; }
seconds=${2:-20}
conns=${3:-16}
here=bench/rest
work=${TMPDIR:-/tmp}/graduasi-bench-rest
out=$work/run-$(date -u +%Y%m%dT%H%M%S).log
mkdir -p "$work"
. bench/backbone/cpu.sh # cpu_ticks, per_unit, tick_ms
psql() { command psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -qAt "$@"; }
say() { echo "[bench] $*" | tee -a "$out"; }
command -v wrk >/dev/null || apt-get install -y wrk >/dev/null

# wrk at saturation: RESULT <name> rps p50 p99 non-2xx (latencies in ms)
#   measure <name> <url> [<script> <script args>...]
measure() {
  local name=$1 url=$2; shift 2
  local only=${ONLY:-}
  [[ -z "$only" || "$name" =~ $only ]] || return 0
  local text script=()
  if [ $# -gt 0 ]; then script=(-s "$1" "$url" --); shift; else script=("$url"); fi
  # 5 s unrecorded first, so the JIT has compiled the path (WARM=0 skips it: status changes use each id once)
  [ "${WARM:-1}" = 0 ] || (cd "$here" && wrk -t2 -c"$conns" -d5s "${script[@]}" "$@" > /dev/null 2>&1)
  local before after requests
  before=$(cpu_ticks)
  text=$(cd "$here" && wrk -t2 -c"$conns" -d"${seconds}s" --latency "${script[@]}" "$@" 2>&1)
  after=$(cpu_ticks)
  echo "$text" >> "$out"
  # where a request's CPU went, process by process (ms of CPU per request answered; the machine has 2 cores)
  requests=$(echo "$text" | awk '/requests in/ {print $1}')
  [ "${requests:-0}" -gt 0 ] && echo "CPU $name, ms per request:$(per_unit "$before" "$after" "$requests" "$(tick_ms)")" \
    | tee -a "$out"
  echo "$text" | awk -v name="$name" '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) } /Requests\/sec/ { rps = $2 }
    /Non-2xx/ { bad = $NF } /Socket errors/ { err = $0 }
    END { printf "RESULT %-28s %9.0f req/s  p50 %7.2f ms  p99 %7.2f ms  non-2xx %s%s\n", name, rps, p50, p99, bad + 0, err ? "  " err : "" }' \
    | tee -a "$out"
}

say "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; commit $(git rev-parse --short HEAD); $seconds s per figure, $conns connections; log $out"
if [ "$mode" = "--fresh" ]; then
  ./graduasi down >/dev/null || true
  for db in registry assistance mentoring graduation dashboard; do psql -c "drop database if exists graduasi_$db with (force)"; done
  rm -rf .graduasi/kafka
  ./graduasi up > /dev/null
  OFFICER=$(./graduasi token OFFICER bench-officer '*')

  say "== 4. demo scenario: 1,000 households through the whole programme"
  start=$(date +%s.%N)
  ./graduasi demo >> "$out" 2>&1
  say "RESULT demo scenario $(python3 -c "print(round($(date +%s.%N) - $start, 1))") s (./graduasi demo, 1,000 households)"

  say "== pool: 20,000 households imported (REGISTERED), for the status changes"
  csv=$work/pool-20000.csv
  [ -s "$csv" ] || ./graduasi generate 20000 "$csv" 7 >/dev/null
  job=$(curl -sf -X POST --data-binary @"$csv" -H "Authorization: Bearer $OFFICER" -H 'Content-Type: text/csv' localhost:8081/api/v1/imports)
  job=$(echo "$job" | sed 's/.*"id":"\([^"]*\)".*/\1/')
  until curl -sf -H "Authorization: Bearer $OFFICER" "localhost:8081/api/v1/imports/$job" | grep -q '"status":"COMPLETED"'; do sleep 3; done
  psql -d graduasi_registry -c "select id from household order by random()" > "$work/ids.txt"
  psql -d graduasi_registry -c "select id from household where status = 'REGISTERED' order by id" > "$work/registered.txt"
  psql -d graduasi_assistance -c "select distinct household_id from enrollment" > "$work/enrolled.txt"
  village=$(psql -d graduasi_registry -c "select village_code from household limit 1")
  # the consumers apply the import's events before the clock starts
  java -cp "platform-local/target/classes:$(cat platform-local/target/classpath.txt)" id.graduasi.local.bench.BackboneBench \
    settle 2>&1 | grep -v '^SLF4J' | tee -a "$out"
else
  ./graduasi up > /dev/null
  OFFICER=$(./graduasi token OFFICER bench-officer '*')
  java -cp "platform-local/target/classes:$(cat platform-local/target/classpath.txt)" id.graduasi.local.bench.BackboneBench \
    settle 2>&1 | grep -v '^SLF4J' | tee -a "$out"
  psql -d graduasi_registry -c "select id from household where status = 'REGISTERED' order by id" > "$work/registered.txt"
  village=$(psql -d graduasi_registry -c "select village_code from household limit 1")
fi

say "== 2. reads, each beside /q/health/live of the same service"
measure "registry /q/health/live" http://127.0.0.1:8081/q/health/live
measure "GET household by id" http://127.0.0.1:8081 ids.lua "/api/v1/households/{id}" "$OFFICER" "$work/ids.txt"
measure "GET households keyset page" http://127.0.0.1:8081 ids.lua "/api/v1/households?region=64&limit=50&after={id}" "$OFFICER" "$work/ids.txt"
measure "assistance /q/health/live" http://127.0.0.1:8082/q/health/live
measure "GET enrollments of household" http://127.0.0.1:8082 ids.lua "/api/v1/enrollments?householdId={id}" "$OFFICER" "$work/enrolled.txt"
measure "graduation /q/health/live" http://127.0.0.1:8084/q/health/live
measure "GET readiness of household" http://127.0.0.1:8084 ids.lua "/api/v1/households/{id}/readiness" "$OFFICER" "$work/enrolled.txt"

say "== 2. writes (registry), beside the registry's /q/health/live above"
measure "POST indicator observation" http://127.0.0.1:8081 observe.lua "$OFFICER" "$work/ids.txt"
WARM=0 measure "POST status change" http://127.0.0.1:8081 status.lua "$OFFICER" "$work/registered.txt" VERIFIED 2
measure "POST household (registration)" http://127.0.0.1:8081 register.lua "$OFFICER" "$village"

say "== 5. footprint after the run: RSS per service"
for entry in registry:8081 assistance:8082 mentoring:8083 graduation:8084 dashboard:8085; do
  pid=$(pgrep -f "${entry%%:*}-service/target/quarkus-app" | head -1)
  say "RESULT RSS ${entry%%:*}-service $(awk '/VmRSS/{print int($2/1024)}' /proc/$pid/status) MB (peak $(awk '/VmHWM/{print int($2/1024)}' /proc/$pid/status) MB)"
done
say "results:"; grep RESULT "$out"
