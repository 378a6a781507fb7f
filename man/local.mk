# man: the manual pages.
dist_man5_MANS = man/hpctutor-lesson.5
