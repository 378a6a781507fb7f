# Shared set-up for the live-run terminal tests: a lesson page with one
# {kernel} line, a private kernel directory (so `ps` can tell this test's
# processes from any other's), and waiting on what the tutor writes.
# Source it after tui-lib.sh: . "$top_srcdir/tests/tui-run-lib.sh"
[ -n "$HPCTUTOR_KERNELDIR" ] && [ -x "$HPCTUTOR_KERNELDIR/hpct-sum" ] ||
	skip "the kernels are not built (HPCTUTOR_KERNELDIR=$HPCTUTOR_KERNELDIR)"
TUI_LESSONS=$TUI_WORK/lessons
TUI_KDIR=$TUI_WORK/k
mkdir -p "$TUI_LESSONS" "$TUI_KDIR" || fail "mkdir"
# Freed lines must really be freed under AddressSanitizer too. The tutor's
# stderr is the terminal, so sanitizer reports go to files, checked at the
# end by sanitizer_clean.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=1:detect_leaks=0:log_path=$TUI_WORK/asan"
UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}print_stacktrace=1:log_path=$TUI_WORK/ubsan"
export ASAN_OPTIONS UBSAN_OPTIONS
sanitizer_clean() {
	for f in "$TUI_WORK"/asan.* "$TUI_WORK"/ubsan.*; do
		[ -f "$f" ] || continue
		cat "$f"
		fail "sanitizer report from a process of this test"
	done
}

# run_page "KERNEL KNOBS...": the only page, with that kernel line.
run_page() {
	cat >"$TUI_LESSONS/20-run.md" <<EOP
# Run fixture

A page with one kernel on it.

\`\`\`{kernel} $1
The kernel under test.
\`\`\`
EOP
}

# private_kernel NAME: a copy of hpct-NAME in the private kernel directory.
private_kernel() {
	cp "$HPCTUTOR_KERNELDIR/hpct-$1" "$TUI_KDIR/" || fail "cannot copy hpct-$1"
}

# Processes started from the private kernel directory (launchers included:
# their command lines name the kernel).
leftovers() {
	ps -eo pid=,args= | awk -v d="$TUI_KDIR/" 'index($0, d) && !/awk -v/'
}
no_leftovers() { [ -z "$(leftovers)" ]; }
has_leftovers() { [ -n "$(leftovers)" ]; }
