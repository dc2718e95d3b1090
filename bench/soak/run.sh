#!/usr/bin/env bash
# Soak (issue #17): a steady mixed load on the local platform for a long time, sampled every minute, to show that
# nothing grows that should not: heap after a full GC, RSS, threads, open files, database connections, outbox and
# inbox rows, pending audit entries, consumer lag.
#   bench/soak/run.sh [minutes=60] [households per minute=30]
# Starts the platform if it is not running (`./graduasi up`; it is left running). Each household goes the whole
# way (registration, verification, 7 months of indicators, visit, assessment, evaluation; a third graduate, half
# of those relapse), with two PKH cycles on the way: about 20 requests a household. Output: a line a minute, a CSV
# of every sample, and a summary comparing the first ten minutes after warm-up with the last ten.
set -euo pipefail
cd "$(dirname "$0")/../.."
minutes=${1:-60}
rate=${2:-30}
work=${TMPDIR:-/tmp}/graduasi-soak
mkdir -p "$work"
stamp=$(date -u +%Y%m%dT%H%M%S)
csv=$work/soak-$stamp.csv
log=$work/soak-$stamp.log

./graduasi status | grep -q "launcher: running" || ./graduasi up >/dev/null
echo "[soak] machine: $(nproc) cores; commit $(git rev-parse --short HEAD); $minutes min at $rate households/min; log $log"
status=0
java -cp "platform-local/target/classes:$(cat platform-local/target/classpath.txt)" id.graduasi.local.demo.Soak \
  "$PWD" "$minutes" "$rate" "$csv" 2>&1 | tee "$log" || status=$?

# Growth: the median of minutes 5-14 (after warm-up) against the median of the last ten minutes, and the value
# once the load stopped and the platform settled (a minute later).
python3 - "$csv" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1])))
settled = rows[-1] if rows[-1]["minute"] == "settled" else None
data = [r for r in rows if r["minute"] != "settled"]
early = data[5:15] if len(data) >= 25 else data[: max(1, len(data) // 3)]
late = data[-10:] if len(data) >= 25 else data[-max(1, len(data) // 3):]
print(f"{'metric':44} {'early':>10} {'late':>10} {'growth':>8} {'settled':>10}")
for key in rows[0].keys():
    if key in ("minute", "households", "requests", "5xx", "active", "skipped"):
        continue
    e = statistics.median(float(r[key] or 0) for r in early)
    l = statistics.median(float(r[key] or 0) for r in late)
    g = f"{(l - e) / e * 100:+.0f} %" if e else ("0" if l == 0 else "new")
    print(f"{key:44} {e:10.0f} {l:10.0f} {g:>8} {settled[key] if settled else '-':>10}")
last = data[-1]
print(f"households {last['households']}, requests {last['requests']}, 5xx {last['5xx']}, skipped {last['skipped']}")
PY
echo "[soak] samples: $csv"
exit $status
