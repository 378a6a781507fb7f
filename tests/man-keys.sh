#!/bin/sh
# The KEYS section of hpctutor.1 is the binary's own key table: the man
# page, the ? screen and `hpctutor keys` cannot drift apart.
. "$top_srcdir/tests/lib.sh"
want=$(sh "$top_srcdir/man/keys.sh" "$HPCTUTOR") || fail "hpctutor keys failed"
[ -n "$want" ] || fail "hpctutor keys printed nothing"
have=$(sed -n '/keys begin/,/keys end/p' "$top_srcdir/man/hpctutor.1" | sed '1d;$d')
if [ "$want" != "$have" ]; then
	echo "man/hpctutor.1 KEYS differs from 'hpctutor keys' (run make update-man-keys):"
	printf '%s\n' "$want" > keys.want.$$
	printf '%s\n' "$have" > keys.have.$$
	diff keys.have.$$ keys.want.$$
	rm -f keys.want.$$ keys.have.$$
	exit 1
fi
# Every batch command of --help is documented.
for cmd in $("$HPCTUTOR" --help | sed -n '/^Commands:/,/^$/p' | awk 'NR>1 && /^  [a-z]/ {print $1}'); do
	grep -q "^\.B.* $cmd\|^\.B $cmd\|^\.BR $cmd\|^\.BI $cmd" "$top_srcdir/man/hpctutor.1" ||
		fail "command '$cmd' of --help is not in man/hpctutor.1"
done
echo "man page keys and commands agree with the binary"
