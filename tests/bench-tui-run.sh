#!/bin/sh
# Live-run figures (issue: keypress answered <= 50 ms while a kernel
# prints 2M lines as fast as it can, the tutor's memory bounded during
# that flood, ring latency through the tutor <= 1.10x the same ring from
# a shell). Printed, never asserted. The real binary in a private tmux.
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${HPCTUTOR:=${abs_top_builddir:-.}/src/hpctutor}"
: "${HPCTUTOR_KERNELDIR:=${abs_top_builddir:-.}/kernels}"
: "${TMUX_BIN:=$(command -v tmux)}"
: "${PYTHON3:=$(command -v python3)}"
: "${MPIEXEC:=$(command -v mpiexec.mpich)}"
N=${BENCH_TUI_RUN_KEYS:-15}

[ -n "$TMUX_BIN" ] || { echo "   skipped: no tmux"; exit 0; }
[ -n "$PYTHON3" ] || { echo "   skipped: no python3"; exit 0; }
[ -x "$HPCTUTOR" ] || { echo "   skipped: no $HPCTUTOR (run make first)"; exit 0; }

work=$(mktemp -d "${TMPDIR:-/tmp}/hpct-bench-tui-run.XXXXXX") || exit 1
sock="hpct-bench-tui-run-$$"
T() { "$TMUX_BIN" -L "$sock" -f /dev/null "$@"; }
trap 'T kill-server >/dev/null 2>&1; rm -rf "$work" "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/hpct-bench-tui-run-$$"*' EXIT
mkdir -p "$work/lessons" "$work/k"
page() {
	printf '# Bench\n\n```{kernel} %s\nbench\n```\n' "$1" >"$work/lessons/20-bench.md"
}
start() {
	T kill-server >/dev/null 2>&1
	sock="hpct-bench-tui-run-$$-$1"
	T new-session -d -x 120 -y 40 "echo \$\$ > '$work/pid'; exec env -u HPCTUTOR_LESSONS LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=screen-256color XDG_STATE_HOME='$work/state' HPCTUTOR_KERNELDIR='$2' HPCTUTOR_LAUNCHER=mpiexec '$HPCTUTOR' --no-shipped --lessons '$work/lessons'"
}

cat >"$work/k/hpct-flood" <<'SH'
#!/bin/sh
exec awk 'BEGIN { for (i = 1; ; i++) printf "line %d of the flood, with some text to make it longer\n", i }'
SH
chmod +x "$work/k/hpct-flood"

# Key latency: send Tab, time until the status line shows the focus it
# moved to; median and worst of N, idle and during the flood.
cat >"$work/keys.py" <<'EOS'
import re, subprocess, sys, time
tmux, sock, pidfile, n, label = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
T = [tmux, "-L", sock, "-f", "/dev/null"]
def screen():
    return subprocess.run(T + ["capture-pane", "-p"], capture_output=True, text=True).stdout
def wait(pred, timeout=60):
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout:
        s = screen()
        if pred(s):
            return s
        time.sleep(0.002)
    return None
names = ["Focus on the output", "Focus on the results", "Focus on the lesson"]
lat = []
for i in range(n):
    want = names[i % 3]
    t0 = time.perf_counter()
    subprocess.run(T + ["send-keys", "Tab"])
    if wait(lambda s: want in s) is None:
        print("   %s: key %d not answered in 60 s" % (label, i)); break
    lat.append((time.perf_counter() - t0) * 1e3)
    time.sleep(0.05)
lat.sort()
if lat:
    print("   keypress answered, %s: median %.1f ms, worst %.1f ms (%d keys)" %
          (label, lat[len(lat) // 2], lat[-1], len(lat)))
s = screen()
m = re.search(r"running [0-9.]+ s . ([0-9]+) lines", s)
if m:
    print("   flood lines so far: %s" % m.group(1))
EOS

rss() { sed -n "s/^$1:[^0-9]*\([0-9]*\) kB/\1/p" "/proc/$(cat "$work/pid")/status"; }
waittext() {
	i=0
	while ! T capture-pane -p | grep -qF -- "$1"; do
		i=$((i + 1)); [ $i -lt "${2:-600}" ] || return 1; sleep 0.1
	done
}

echo "== keypress latency and memory during a flood"
page "flood"
start a "$work/k"
waittext "[r] run" || { echo "   skipped: the tutor did not start"; exit 0; }
idle=$(rss VmRSS)
# Tab with a finished-run panes needs panes: a short run first.
"$PYTHON3" "$work/keys.py" "$TMUX_BIN" "$sock" "$work/pid" 3 "no run" >/dev/null
T send-keys r
waittext "running"
# Let the flood pass two million lines before measuring.
i=0
while :; do
	n=$(T capture-pane -p | sed -n 's/.* running [0-9.]* s · \([0-9]*\) lines.*/\1/p')
	[ -n "$n" ] && [ "$n" -ge 2000000 ] && break
	i=$((i + 1)); [ $i -lt 1200 ] || break; sleep 0.1
done
"$PYTHON3" "$work/keys.py" "$TMUX_BIN" "$sock" "$work/pid" "$N" "during the flood"
peak=$(rss VmHWM)
echo "   tutor RSS: ${idle} kB idle before, peak ${peak} kB during the flood"
T send-keys x
waittext "stopped after" 300
"$PYTHON3" "$work/keys.py" "$TMUX_BIN" "$sock" "$work/pid" "$N" "after the run (panes open)"

echo "== ring 8-byte latency: tutor vs hpctutor run vs shell"
if [ -x "$HPCTUTOR_KERNELDIR/hpct-ring" ] && [ -n "$MPIEXEC" ]; then
	laps=${BENCH_RING_LAPS:-20000}
	args="--sizes 8 --laps $laps --repeats 5"
	hop() { sed -n 's/.*test=latency .*stat=summary.* us_per_hop=\([0-9.e+-]*\).*/\1/p' | head -1; }
	sh_us=$("$MPIEXEC" -n 2 "$HPCTUTOR_KERNELDIR/hpct-ring" $args 2>/dev/null | hop)
	run_us=$(XDG_STATE_HOME="$work/batch" "$HPCTUTOR" run ring --ranks 2 --launcher mpiexec \
		--no-save $args 2>/dev/null | hop)
	page "ring --ranks 2 $args"
	start b "$HPCTUTOR_KERNELDIR"
	waittext "[r] run"
	rm -f "$work/state/hpctutor/results.csv"
	T send-keys r
	waittext "Finished in" 1200
	# best_s of a ring latency row is already the time of one hop
	tui_us=$(awk -F, '$6 == "ring" && $8 ~ /^latency/ { print $10 * 1e6; exit }' \
		"$work/state/hpctutor/results.csv")
	echo "   shell: ${sh_us} us per hop; hpctutor run: ${run_us} us; tutor: ${tui_us} us"
	[ -n "$sh_us" ] && [ -n "$tui_us" ] &&
		awk -v t="$tui_us" -v s="$sh_us" 'BEGIN { printf "   tutor / shell = %.2f (target <= 1.10)\n", t / s }'
else
	echo "   skipped: hpct-ring or mpiexec missing"
fi
exit 0
