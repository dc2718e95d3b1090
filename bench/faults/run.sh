#!/usr/bin/env bash
# Reliability suite, full run (issue #17): the four packaged services (and the dashboard) under a steady mixed
# load (registrations, verifications, indicators; households taken through visits, assessments, evaluations,
# proposals, decisions and reversals; a PKH tranche paid each cycle) while each is killed with kill -9 in turn,
# two at once, the Kafka broker is stopped and started, and PostgreSQL is stopped (-m immediate) for 30 s; then
# every 2xx write must be in every view, no outbox row unpublished, nothing dead-lettered, nothing done twice (no
# entitlement paid twice, no double visit, assessment or decision). The short variant runs in `./mvnw -B verify`.
#   bench/faults/run.sh [cycles=3]
# PostgreSQL is stopped: the run uses a cluster of its own (`faults`, port 5433, created here on first use), so
# nothing else on the machine loses its database. Loopback only. Output: the fault log and figures, and the log
# file named at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."
cycles=${1:-3}
version=$(ls /etc/postgresql | sort -n | tail -1)
out=${TMPDIR:-/tmp}/graduasi-faults-$(date -u +%Y%m%dT%H%M%S).log

if ! pg_lsclusters -h | awk '{print $2}' | grep -qx faults; then
  echo "[faults] creating PostgreSQL cluster ${version}/faults on port 5433"
  pg_createcluster "$version" faults -p 5433 -- --auth=trust >/dev/null
  cat > "/etc/postgresql/${version}/faults/conf.d/90-faults.conf" <<CONF
listen_addresses = '127.0.0.1'
max_connections = 200
CONF
fi
pg_ctlcluster --skip-systemctl-redirect "$version" faults start 2>/dev/null || true
for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5433 && break; sleep 1; done

./mvnw -q -B -DskipTests install
GRADUASI_TEST_PG_URL="jdbc:postgresql://127.0.0.1:5433/postgres" \
  ./mvnw -B -pl e2e-tests verify -Dit.test=ReliabilityIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dgraduasi.reliability.full=true -Dgraduasi.reliability.cycles="$cycles" -Dgraduasi.reliability.pg-cluster=faults \
  2>&1 | tee "$out" | grep -E "^(fault|load|the whole way|PKH|payments out|entitlements|refused|views|database down)|Tests run:|FAIL|BUILD" || true
echo "[faults] log: $out"
grep -q "BUILD SUCCESS" "$out"
