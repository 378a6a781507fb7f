/*
 * store.h — what the tutor keeps between runs, and how it is written.
 *
 * State lives under $XDG_STATE_HOME/hpctutor (default ~/.local/state/
 * hpctutor). Every file is replaced atomically: written to a temporary
 * file in the same directory, flushed to disk, then renamed over the old
 * one, so a crash or a dropped SSH connection leaves either the old file
 * or the new one, never half of one.
 *
 * Progress is a small line-based text file (progress.txt):
 *
 *     hpctutor-progress 1
 *     last 02-single-core
 *     page 01-intro seen
 *     page 02-single-core seen exercises=0,2 solutions=1
 *     end
 *
 * Reading it is forgiving: a missing file is an empty progress, and a
 * truncated or damaged file gives what could be read plus one warning
 * for the learner. No curses here.
 */
#ifndef HPCT_STORE_H
#define HPCT_STORE_H

#include <stdbool.h>
#include <stddef.h>

/* The state directory: $XDG_STATE_HOME/hpctutor when XDG_STATE_HOME is
 * set to an absolute path, else $HOME/.local/state/hpctutor. Returns a
 * malloc'd string the caller frees, or NULL (errno set: ENOENT when
 * neither variable gives a path, ENOMEM). Nothing is created. */
char *store_state_dir(void);

/* $VAR/hpctutor when the XDG variable VAR holds an absolute path, else
 * $HOME/FALLBACK/hpctutor; store_state_dir() is
 * store_xdg_dir("XDG_STATE_HOME", ".local/state"). Same returns. */
char *store_xdg_dir(const char *var, const char *fallback);

/* "a/b" with exactly one slash between them, malloc'd; NULL without
 * memory. */
char *store_join(const char *a, const char *b);

/* Create a directory and its missing parents (mode 0700 for the new
 * ones). Returns 0, or -1 with errno set. */
int store_mkdirs(const char *dir);

/* Replace path with len bytes of data: a temporary file in the same
 * directory, fsync, rename, then fsync of the directory. Missing parent
 * directories are created. Returns 0, or -1 with errno set and no
 * temporary file left behind. */
int store_write_atomic(const char *path, const void *data, size_t len);

/* Read a whole file into a malloc'd, NUL-terminated buffer (*len bytes
 * before the NUL). Refuses a directory (EISDIR) and a file larger than
 * max bytes (EFBIG). Returns NULL with errno set on failure. */
char *store_read_file(const char *path, size_t max, size_t *len);

/* ---------------------------------------------------------------- progress */

struct progress;

/* An empty progress; NULL when memory runs out. */
struct progress *progress_new(void);
void progress_free(struct progress *p);

/* Read a progress file. Returns NULL only when memory runs out. A missing
 * file gives an empty progress and no warning; a file that cannot be
 * read, is truncated or holds lines that do not parse gives what parsed
 * and a one-line message in warn (warn[0] == '\0' when all is well). */
struct progress *progress_load(const char *path, char *warn, size_t warnlen);

/* Write it with store_write_atomic(). Returns 0, or -1 with errno set. */
int progress_save(const struct progress *p, const char *path);

/* Its text form, as progress_save() writes it: malloc'd, NUL-terminated,
 * length in *len; NULL when memory runs out. */
char *progress_format(const struct progress *p, size_t *len);

/* Last page read: a slug, or NULL. Borrowed until the next change. */
const char *progress_last(const struct progress *p);
int progress_set_last(struct progress *p, const char *slug);

/* Per page, by slug. Setters return 0, or -1 when memory runs out.
 * Exercise and solution numbers are the indices of lesson.h (exercise
 * index, fold id), 0..1023; others are refused with EINVAL. */
bool progress_seen(const struct progress *p, const char *slug);
int progress_set_seen(struct progress *p, const char *slug);

bool progress_exercise_done(const struct progress *p, const char *slug, int ex);
int progress_set_exercise_done(struct progress *p, const char *slug, int ex,
			       bool done);
/* How many exercises of the page are marked done. */
int progress_exercises_done(const struct progress *p, const char *slug);

bool progress_solution_seen(const struct progress *p, const char *slug, int fold);
int progress_set_solution_seen(struct progress *p, const char *slug, int fold);

#endif
