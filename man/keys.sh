#!/bin/sh
# man/keys.sh HPCTUTOR — the KEYS section of hpctutor.1, in roff, from the
# key table of the binary itself (`hpctutor keys`). The test
# tests/man-keys.sh fails when the man page and the binary disagree;
# `make update-man-keys` rewrites the section.
"$1" keys | awk '
/^[^ ].*:$/ { sub(/:$/, ""); print ".SS " $0; next }
/^$/ { next }
/^  / {
	line = $0; sub(/^  /, "", line)
	label = line; sub(/  +.*$/, "", label)
	help = line; sub(/^[^ ]+( [^ ]+)*  +/, "", help)
	gsub(/-/, "\\-", label); gsub(/-/, "\\-", help)
	print ".TP"; print ".B " label; print help
}'
