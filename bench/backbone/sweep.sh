#!/usr/bin/env bash
# The relay's knobs, measured: relay batch size, producer linger.ms, batch.size and compression, each run beside
# the raw producer with the same producer settings. Needs the local platform's broker (./graduasi up).
#   bench/backbone/sweep.sh [rows=200000]
set -euo pipefail
cd "$(dirname "$0")/../.."
rows=${1:-200000}
. bench/backbone/cpu.sh
bench() { backbone_bench "$@" | grep RESULT; }
for setting in "5000 5 262144 lz4" "1000 5 262144 lz4" "20000 5 262144 lz4" "5000 0 16384 none" \
               "5000 5 262144 none" "5000 20 1048576 lz4"; do
  read -r batch linger size compression <<< "$setting"
  echo "relay batch=$batch linger.ms=$linger batch.size=$size compression=$compression"
  export BENCH_RELAY_BATCH=$batch BENCH_LINGER_MS=$linger BENCH_BATCH_SIZE=$size BENCH_COMPRESSION=$compression
  bench raw "$rows"
  bench relay "$rows" 1
done
