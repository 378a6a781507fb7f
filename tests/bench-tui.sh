#!/bin/sh
# The tutor's figures (issue: first frame <= 15 ms at 80x24 with every
# shipped lesson loaded, idle RSS <= 6 MB, no system calls when idle).
# Printed, never asserted. Runs the real binary in a private tmux server.
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${HPCTUTOR:=${abs_top_builddir:-.}/src/hpctutor}"
: "${TMUX_BIN:=$(command -v tmux)}"
: "${PYTHON3:=$(command -v python3)}"
: "${HPCTUTOR_LESSONS:=$top_srcdir/lessons}"
N=${BENCH_TUI_RUNS:-31}

[ -n "$TMUX_BIN" ] || { echo "   skipped: no tmux"; exit 0; }
[ -n "$PYTHON3" ] || { echo "   skipped: no python3"; exit 0; }
[ -x "$HPCTUTOR" ] || { echo "   skipped: no $HPCTUTOR (run make first)"; exit 0; }

work=$(mktemp -d "${TMPDIR:-/tmp}/hpct-bench-tui.XXXXXX") || exit 1
sock="hpct-bench-tui-$$"
T() { "$TMUX_BIN" -L "$sock" -f /dev/null "$@"; }
trap 'T kill-server >/dev/null 2>&1; rm -rf "$work" "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$sock"*' EXIT
lessons=$(cd "$HPCTUTOR_LESSONS" && pwd)
env="env -u HPCTUTOR_LESSONS LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=screen-256color XDG_STATE_HOME=$work/state"
waitfile() { i=0; while [ ! -s "$1" ] && [ $i -lt "$2" ]; do sleep 0.1; i=$((i + 1)); done; [ -s "$1" ]; }

# --- first frame: N starts in an 80x24 pane, each to its first frame.
cat >"$work/ff.py" <<'EOS'
import os, resource, subprocess, sys, time
exe, lessons, n, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
env = dict(os.environ, HPCTUTOR_BENCH_FIRST_FRAME="1")
inner, wall, cpu = [], [], []
def cpu_now():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime
for _ in range(n):
    c0 = cpu_now()
    t0 = time.perf_counter()
    p = subprocess.run([exe, "--no-shipped", "--lessons", lessons], env=env,
                       stderr=subprocess.PIPE, text=True)
    wall.append((time.perf_counter() - t0) * 1e3)
    cpu.append((cpu_now() - c0) * 1e3)
    for line in p.stderr.splitlines():
        if line.startswith("first frame:"):
            inner.append(float(line.split()[2]))
    if p.returncode != 0:
        sys.stderr.write(p.stderr)
med = lambda v: sorted(v)[len(v) // 2] if v else float("nan")
with open(out + ".tmp", "w") as f:
    f.write("%d %.3f %.3f %.3f %.3f %.3f\n" % (len(inner), med(inner), min(inner or [0]),
                                              med(wall), min(wall), med(cpu)))
os.rename(out + ".tmp", out)
EOS
T new-session -d -x 80 -y 24 "$env $PYTHON3 $work/ff.py $HPCTUTOR $lessons $N $work/ff.txt 2>$work/ff.err"
if waitfile "$work/ff.txt" 600; then
	read -r n inner inner_min wall wall_min cpu <"$work/ff.txt"
	npages=$(ls "$lessons"/*.md | wc -l)
	echo "   first frame at 80x24 with the $npages shipped lesson files, median of $n runs:"
	echo "     process start to first frame drawn and exit (wall): $wall ms (best $wall_min)"
	echo "     its CPU time (user+system, less sensitive to a loaded machine): $cpu ms"
	echo "     inside the tutor (tui_run to first frame on screen): $inner ms (best $inner_min)"
	echo "     target: <= 15 ms"
else
	echo "   first frame: no result"; cat "$work/ff.err"
fi
T kill-server >/dev/null 2>&1

# --- idle: one tutor reading the first page, left alone.
T new-session -d -x 80 -y 24 "echo \$\$ >$work/pid; exec $env $HPCTUTOR --no-shipped --lessons $lessons"
waitfile "$work/pid" 100 || { echo "   idle: the tutor did not start"; exit 1; }
pid=$(cat "$work/pid")
i=0; while ! T capture-pane -p | grep -q '\[q\] quit' && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
sleep 1
rss=$(awk '/^VmRSS/ { print $2 }' /proc/"$pid"/status)
hwm=$(awk '/^VmHWM/ { print $2 }' /proc/"$pid"/status)
echo "   idle RSS: $rss kB (peak $hwm kB); target: <= 6144 kB"

sw0=$(awk '/ctxt_switches/ { s += $2 } END { print s }' /proc/"$pid"/status)
if command -v strace >/dev/null 2>&1; then
	timeout -s INT 5 strace -f -c -o "$work/strace.txt" -p "$pid" >/dev/null 2>&1
	# With nothing called, strace's table has no rows and a zero total.
	calls=$(awk '$NF == "total" { print $(NF-1) + 0 }' "$work/strace.txt" 2>/dev/null)
	echo "   system calls in 5 idle seconds (strace -f -c -p): ${calls:-0}; target: 0"
else
	sleep 5
	echo "   system calls in 5 idle seconds: strace not installed"
fi
sw1=$(awk '/ctxt_switches/ { s += $2 } END { print s }' /proc/"$pid"/status)
echo "   context switches while idle: $((sw1 - sw0)) (the strace attach itself counts a few)"
exit 0
