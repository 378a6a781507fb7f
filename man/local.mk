# man: the manual pages.
dist_man5_MANS = man/hpctutor-lesson.5
dist_man1_MANS = man/hpctutor.1
EXTRA_DIST += man/keys.sh
TESTS += tests/man-keys.sh
EXTRA_DIST += tests/man-keys.sh

# Rewrite the KEYS section of hpctutor.1 from the binary's key table.
update-man-keys: src/hpctutor
	{ sed '/keys begin/q' $(srcdir)/man/hpctutor.1; \
	  $(SHELL) $(srcdir)/man/keys.sh ./src/hpctutor; \
	  sed -n '/keys end/,$$p' $(srcdir)/man/hpctutor.1; } > man/hpctutor.1.tmp
	mv man/hpctutor.1.tmp $(srcdir)/man/hpctutor.1
.PHONY: update-man-keys
