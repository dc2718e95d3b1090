# Sourced by the scripts of bench/backbone: the bench's Java side, and the readings of CPU per process.
# backbone_bench <figure> <args…>: platform-local's BackboneBench, its output and errors on standard output.
backbone_bench() { java -Xmx2g -cp "platform-local/target/classes:$(cat platform-local/target/classpath.txt)" \
  id.graduasi.local.bench.BackboneBench "$@" 2>&1; }
# cpu_ticks: CPU time (user + system, clock ticks) of each service process, of the launcher (which runs the broker)
# and of PostgreSQL, as "name=ticks …".
cpu_ticks() {
  for name in registry assistance mentoring graduation dashboard launcher; do
    pid=$(jvm_pid "$name")
    # No such process: 0 (an empty pid would read /proc//stat, the machine's).
    echo -n "$name=$( [ -n "$pid" ] && awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0) "
  done
  echo -n "postgres=$(for p in $(pgrep -x postgres); do awk '{print $14 + $15}' /proc/$p/stat 2>/dev/null; done | paste -sd+ | bc) "
}
jvm_pid() {
  if [ "$1" = launcher ]; then pgrep -f 'id.graduasi.local.LocalPlatform' | head -1
  else pgrep -f "$1-service/target/(quarkus-app|$1-service-[^ ]*-runner.jar)" | head -1; fi
}
# jit_ticks: CPU time (clock ticks) of each JVM's JIT compiler threads ("C1/C2 CompilerThread…"), as "name=ticks …".
# A service keeps compiling for many minutes under load (docs/benchmarks.md, twenty-seventh session), so each figure
# says how much of its CPU was still warm-up.
jit_ticks() {
  for name in registry assistance mentoring graduation dashboard launcher; do
    pid=$(jvm_pid "$name")
    # The thread's name is the stat line's second field, in parentheses and possibly with spaces. cat reads the
    # files, not awk: a thread that ends meanwhile is skipped rather than ending the reading.
    echo -n "$name=$( { [ -n "$pid" ] && cat /proc/"$pid"/task/*/stat 2>/dev/null; } | awk '{ name = $0
        sub(/^[^(]*\(/, "", name); sub(/\).*$/, "", name); rest = $0; sub(/^.*\) /, "", rest); split(rest, f, " ")
        if (name ~ /CompilerThre/) t += f[12] + f[13] } END { print t + 0 }') "
  done
}
# jit_shares <cpu before> <cpu after> <jit before> <jit after>: each JVM's share of its CPU in the JIT compiler
# between the two readings, as " name=NN% …".
jit_shares() {
  local line="" kv name
  for kv in $4; do
    name=${kv%%=*}
    line="$line $name=$(awk -v ja="${kv#*=}" -v jb="$(value_of "$3" "$name")" -v ca="$(value_of "$2" "$name")" \
      -v cb="$(value_of "$1" "$name")" 'BEGIN {printf "%.0f%%", (ca > cb) ? 100 * (ja - jb) / (ca - cb) : 0}')"
  done
  echo "$line"
}
# value_of <"name=value …"> <name>: that name's value.
value_of() { tr ' ' '\n' <<< "$1" | sed -n "s/^$2=//p"; }
# Milliseconds in a clock tick.
tick_ms() { awk -v t="$(getconf CLK_TCK)" 'BEGIN {print 1000 / t}'; }
# per_unit <before> <after> <n> <factor>: for each "name=value" of <after>, (value - its value in <before>) ×
# factor / n, as " name=x.xx …".
per_unit() {
  local line="" kv name after before
  for kv in $2; do
    name=${kv%%=*} after=${kv#*=}
    before=$(value_of "$1" "$name")
    line="$line $name=$(awk -v a="$after" -v b="$before" -v n="$3" -v f="$4" 'BEGIN {printf "%.2f", (a - b) * f / n}')"
  done
  echo "$line"
}
