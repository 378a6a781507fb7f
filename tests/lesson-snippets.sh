#!/bin/sh
# Run every code block marked `run` in the shipped lessons and compare its
# output with the lesson's ```output block (see tests/snippets.py).
# First prove that the runner can fail: a lesson with a wrong output and
# a crashing snippet must be reported as failures, while a snippet marked
# `fail` that fails as its output block says passes.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

py=${PYTHON3:-}
if [ -z "$py" ] || ! command -v "$py" >/dev/null 2>&1; then
	py=$(command -v python3 2>/dev/null) || skip "no python3 to run the lesson snippets"
fi
PYTHON3=$py; export PYTHON3
runner="$top_srcdir/tests/snippets.py"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/hpct-lsnip.XXXXXX") || fail "mktemp"
trap 'rm -rf "$tmp"' EXIT INT TERM

# The runner must catch a wrong output and a crash.
cat > "$tmp/broken.md" <<'EOM'
# Broken on purpose

```python run name=wrong.py
print(6 * 7)
```

```output
41
```

```python run name=crash.py
raise SystemExit(3)
```

```python run name=expected.py fail
import sys
print("about to fail")
sys.exit("no such input")
```

```output
about to fail
no such <...>
```
EOM
if timeout 120 "$py" "$runner" "$tmp/broken.md" > "$tmp/broken.log" 2>&1; then
	cat "$tmp/broken.log"
	fail "the snippet runner passed a lesson with broken snippets"
fi
grep -q 'wrong.py: FAIL' "$tmp/broken.log" && grep -q 'crash.py: FAIL' "$tmp/broken.log" \
	&& grep -q 'expected.py: ok' "$tmp/broken.log" \
	|| { cat "$tmp/broken.log"; fail "the runner misjudged the snippets of its self-test"; }

set -- "$top_srcdir"/lessons/*.md
[ -e "$1" ] || fail "no lessons in $top_srcdir/lessons"
timeout 600 "$py" "$runner" "$@"
