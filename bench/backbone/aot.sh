#!/usr/bin/env bash
# Figure 2 with the services on a newer JDK and an ahead-of-time cache per service, alternating with the default
# (issue #14, twenty-eighth session):
#   bench/backbone/aot.sh [java_home=/usr/lib/jvm/temurin-25-jdk-amd64] [pairs=3]
# On the data a run of bench/backbone/run.sh left. The services stay Java 17 bytecode; the JDK (24 or newer) only
# runs them. Its AOT cache holds only classes of the JDK's own class loaders, so each service is built as a jar with
# a flat class path (legacy-jar; the fast jar loads nearly everything through Quarkus' own loader). A training run
# records the decision path (a minute at 50/s and three at 200/s, then each service stopped: the JVM writes its
# cache, about 150 MB, as it exits); then bench/backbone/again.sh runs `pairs` times with the default launch and
# with the cache, alternately, so that a noisy machine weighs on both. A cache is valid only for the jars it was
# trained on: rebuild the jars, train again.
set -euo pipefail
cd "$(dirname "$0")/../.."
java_home=${1:-/usr/lib/jvm/temurin-25-jdk-amd64}
pairs=${2:-3}
services=registry-service,assistance-service,mentoring-service,graduation-service,dashboard-service
. bench/backbone/cpu.sh
bench() { backbone_bench "$@" | grep -E '^(RESULT|\[bench\])'; }
say() { echo "[aot] $(date -u +%H:%M:%S) $*"; }
with_cache() {
  PATH="$java_home/bin:$PATH" GRADUASI_SERVICE_JAR=runner GRADUASI_MORE_JAVA_OPTS="$1" "${@:2}"
}

./graduasi down >/dev/null || true
say "building: the platform as usual, then each service's flat-class-path jar"
./mvnw -q -B -DskipTests install
./mvnw -q -B -DskipTests package -pl "$services" -Dquarkus.package.jar.type=legacy-jar
rm -f ./*-service/target/app.aot

say "training on $("$java_home/bin/java" -version 2>&1 | head -1)"
with_cache "-XX:AOTCacheOutput={module}/target/app.aot" env GRADUASI_DEMO_DATA=0 ./graduasi up >/dev/null
bench settle >/dev/null
bench fanout 50 60 >/dev/null
for _ in 1 2 3; do bench settle >/dev/null; bench fanout 200 60 >/dev/null; done
bench settle >/dev/null
# Stopped by a signal, not by the launcher, which would kill a service that takes more than 20 s to exit.
pkill -TERM -f -- '-XX:AOTCacheOutput=' || true
while pgrep -f -- '-XX:AOTCacheOutput=' >/dev/null; do sleep 5; done
./graduasi down >/dev/null || true
for svc in ${services//,/ }; do
  [ -s "$svc/target/app.aot" ] || { echo "no AOT cache for $svc" >&2; exit 1; }
done
say "caches: $(du -ch ./*-service/target/app.aot | tail -1 | cut -f1)"

for pair in $(seq 1 "$pairs"); do
  say "pair $pair: default"
  bench/backbone/again.sh "50 200"
  say "pair $pair: $java_home with the AOT cache"
  with_cache "-XX:AOTCache={module}/target/app.aot" bench/backbone/again.sh "50 200"
done
