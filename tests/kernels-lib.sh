# Helpers for the kernel tests. Source after lib.sh.
: "${HPCTUTOR_KERNELDIR:?run through make check}"
K=$HPCTUTOR_KERNELDIR
tmp=$(mktemp -d "${TMPDIR:-/tmp}/hpct-kt.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

# results FILE KERNEL: every result line of FILE is well-formed logfmt for
# KERNEL, there is at least one, none says check=FAIL, and some say check=ok.
results() {
	grep '^@hpct' "$1" > "$tmp/res" || fail "$2: no result lines in $(cat "$1")"
	bad=$(grep -Ev "^@hpct kernel=$2( [a-z_0-9]+=(\"([^\"\\\\]|\\\\.)*\"|[^ \"=]+))+\$" "$tmp/res")
	[ -z "$bad" ] || fail "$2: malformed result line: $bad"
	! grep -q 'check=FAIL' "$tmp/res" || fail "$2: check=FAIL in $(grep check=FAIL "$tmp/res")"
	grep -q 'check=ok' "$tmp/res" || fail "$2: no check=ok"
}

# expect_status WANT TEXT CMD...: CMD exits with WANT and its stderr has TEXT.
expect_status() {
	want=$1 text=$2; shift 2
	"$@" > "$tmp/out" 2> "$tmp/err"
	got=$?
	[ "$got" -eq "$want" ] || fail "$* exited $got, expected $want: $(cat "$tmp/err")"
	grep -q -- "$text" "$tmp/err" || fail "$*: no '$text' in: $(cat "$tmp/err")"
}

# count PATTERN FILE: how many lines match.
count() {
	grep -c -- "$1" "$2" || true
}
