#!/usr/bin/env bash
# Issue #17, bad input, the full run: OpenApiFuzzIT (e2e-tests) with 10,000 hostile requests per service (the four
# services and the dashboard; default, the build runs 2,000), 10 bodies of 100 MB and 100 of 10 MB per service and a
# 500 MB upload to the registry's bulk import, against the packaged services as processes (their own ports, not
# 8081-8085).
#   bench/faults/fuzz.sh [requests-per-service]
# Needs PostgreSQL on 127.0.0.1:5432 as for the tests; builds the services first. The figures are printed and
# kept in e2e-tests/target/fuzz-report.txt and oversized-report.txt; docs/reliability.md records the runs.
# MAVEN_ARGS passes extra Maven options (e.g. -o -Dmaven.repo.local=...).
set -euo pipefail
cd "$(dirname "$0")/../.."

requests=${1:-10000}
# shellcheck disable=SC2086
./mvnw -B -q ${MAVEN_ARGS:-} -DskipTests install -pl e2e-tests -am
# shellcheck disable=SC2086
./mvnw -B ${MAVEN_ARGS:-} verify -pl e2e-tests -Dit.test=OpenApiFuzzIT -Dsurefire.failIfNoSpecifiedTests=false \
  -Djqwik.tries.default="$requests" -Dgraduasi.fuzz.oversized.large=10 -Dgraduasi.fuzz.oversized.medium=100 \
  -Dgraduasi.fuzz.import-mb=500
echo
cat e2e-tests/target/fuzz-report.txt e2e-tests/target/oversized-report.txt
