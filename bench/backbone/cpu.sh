# Sourced by bench/backbone/run.sh and again.sh.
# cpu_ticks: CPU time (user + system, clock ticks) of each service process, of the launcher (which runs the broker)
# and of PostgreSQL, as "name=ticks …".
cpu_ticks() {
  for name in registry assistance mentoring graduation dashboard launcher; do
    if [ "$name" = launcher ]; then pid=$(pgrep -f 'id.graduasi.local.LocalPlatform' | head -1)
    else pid=$(pgrep -f "$name-service/target/quarkus-app" | head -1); fi
    # No such process: 0 (an empty pid would read /proc//stat, the machine's).
    echo -n "$name=$( [ -n "$pid" ] && awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0) "
  done
  echo -n "postgres=$(for p in $(pgrep -x postgres); do awk '{print $14 + $15}' /proc/$p/stat 2>/dev/null; done | paste -sd+ | bc) "
}
# Milliseconds in a clock tick.
tick_ms() { awk -v t="$(getconf CLK_TCK)" 'BEGIN {print 1000 / t}'; }
# per_unit <before> <after> <n> <factor>: for each "name=value" of <after>, (value - its value in <before>) ×
# factor / n, as " name=x.xx …".
per_unit() {
  local line="" kv name after before
  for kv in $2; do
    name=${kv%%=*} after=${kv#*=}
    before=$(tr ' ' '\n' <<< "$1" | sed -n "s/^$name=//p")
    line="$line $name=$(awk -v a="$after" -v b="$before" -v n="$3" -v f="$4" 'BEGIN {printf "%.2f", (a - b) * f / n}')"
  done
  echo "$line"
}
