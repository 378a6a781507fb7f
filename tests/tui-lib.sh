# Shared set-up for the terminal tests: the real hpctutor in a private tmux
# server, a fixed size and terminal, a private state directory.
# Source it after lib.sh: . "$top_srcdir/tests/tui-lib.sh"
[ -n "$TMUX_BIN" ] || skip "tmux not found (configure found none): terminal tests need it"
[ -x "$HPCTUTOR" ] || fail "no hpctutor at $HPCTUTOR"

TUI_WORK=$(mktemp -d "${TMPDIR:-/tmp}/hpct-tui.XXXXXX") || fail "mktemp"
TUI_SOCK_BASE="hpct-$(basename "$0" .sh)-$$"
TUI_NSERV=0
TUI_SOCK=$TUI_SOCK_BASE.0
TUI_STATE="$TUI_WORK/state"
TUI_FIXTURE="$top_srcdir/tests/data/tui"
case $TUI_FIXTURE in /*) ;; *) TUI_FIXTURE="$(pwd)/$TUI_FIXTURE" ;; esac
# The lessons tui_start opens: the fixture unless a test says otherwise.
TUI_LESSONS=$TUI_FIXTURE

tui_cleanup() {
	_i=0
	while [ $_i -le $TUI_NSERV ]; do
		"$TMUX_BIN" -L "$TUI_SOCK_BASE.$_i" kill-server >/dev/null 2>&1
		# tmux leaves the socket file behind: take it away too.
		rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$TUI_SOCK_BASE.$_i"
		_i=$((_i + 1))
	done
	if [ -s "$TUI_WORK/pid" ]; then
		kill -9 "$(cat "$TUI_WORK/pid")" >/dev/null 2>&1
	fi
	rm -rf "$TUI_WORK"
}
trap tui_cleanup EXIT
trap 'exit 1' INT TERM HUP

T() { "$TMUX_BIN" -L "$TUI_SOCK" -f /dev/null "$@"; }

# tui_next: end this tmux server and use a fresh one (a new server on the
# socket of one just killed can race with its exit).
tui_next() {
	T kill-server >/dev/null 2>&1
	TUI_NSERV=$((TUI_NSERV + 1))
	TUI_SOCK=$TUI_SOCK_BASE.$TUI_NSERV
	rm -f "$TUI_WORK/pid" "$TUI_WORK/status"
}

# The environment the tutor runs in: a UTF-8 locale, a known terminal, the
# private state directory, the fixture lessons only.
tui_env() {
	printf "env -u HPCTUTOR_LESSONS -u NO_COLOR LANG=${TUI_LANG:-C.UTF-8} LC_ALL=${TUI_LANG:-C.UTF-8} TERM=screen-256color XDG_STATE_HOME='%s' HOME='%s' %s %s" \
		"$TUI_STATE" "$TUI_WORK" "${TUI_ENV:-}" "$*"
}

# tui_start COLS ROWS [ARGS...]: the tutor alone in a pane; its pid in
# $TUI_WORK/pid, its exit status in $TUI_WORK/status when it ends.
tui_start() {
	_c=$1 _r=$2; shift 2
	cat >"$TUI_WORK/run.sh" <<EOS
echo \$\$ > '$TUI_WORK/pid'
exec $(tui_env) '$HPCTUTOR' --no-shipped --lessons '$TUI_LESSONS' $*
EOS
	T new-session -d -x "$_c" -y "$_r" "sh '$TUI_WORK/run.sh'; echo \$? > '$TUI_WORK/status'; sleep 600" \
		|| fail "tmux new-session"
	wait_for 10 test -s "$TUI_WORK/pid" || fail "the tutor did not start"
}

screen() { T capture-pane -p; }
screen_has() { screen | grep -qF -- "$1"; }
# wait_text TEXT [SECONDS]: until TEXT is on screen, or fail showing it.
wait_text() {
	wait_for "${2:-15}" screen_has "$1" && return 0
	echo "--- screen:"; screen; echo "---"
	fail "timed out waiting for: $1"
}
wait_gone() {
	wait_for "${2:-15}" sh -c "! $TMUX_BIN -L $TUI_SOCK capture-pane -p | grep -qF -- \"\$1\"" x "$1" && return 0
	echo "--- screen:"; screen; echo "---"
	fail "still on screen: $1"
}
keys() { T send-keys "$@"; }
type_text() { T send-keys -l "$1"; }
tutor_pid() { cat "$TUI_WORK/pid"; }
tutor_gone() { ! kill -0 "$(tutor_pid)" 2>/dev/null; }
