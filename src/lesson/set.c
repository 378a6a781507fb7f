/*
 * set.c — a workshop: the lesson pages of several directories, in order.
 *
 * Within a directory the order is the toctree of its index.md when it has
 * one (as a sphinx-lesson site orders its episodes), else the file names
 * (00-setup.md, 01-intro.md, ...). Earlier directories win a slug that
 * appears twice, so a workshop can replace a shipped page.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lesson/internal.h"

struct names {
	char **v;
	size_t n, cap;
};

static bool names_add(struct names *s, const char *name, size_t n)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 16;
		char **v = realloc(s->v, cap * sizeof *v);
		if (!v)
			return false;
		s->v = v;
		s->cap = cap;
	}
	if (!(s->v[s->n] = strndup(name, n)))
		return false;
	s->n++;
	return true;
}

static void names_free(struct names *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	memset(s, 0, sizeof *s);
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Pages are *.md files, except hidden ones, README.md and index.md. */
static bool is_page_file(const char *name)
{
	size_t n = strlen(name);
	return n > 3 && strcmp(name + n - 3, ".md") == 0 && name[0] != '.' &&
	       name[0] != '_' && strcasecmp(name, "README.md") != 0 &&
	       strcmp(name, "index.md") != 0;
}

/* Whether the page file (a name ending in ".md") is the one for slug. */
static bool file_of(const char *file, const char *slug)
{
	size_t n = strlen(file) - 3;
	return strlen(slug) == n && memcmp(file, slug, n) == 0;
}

/* The slugs an index.md's toctrees list ("Title <01-intro>" too). */
static bool toctree_slugs(const struct lesson_block *b, struct names *out)
{
	if (b->kind == LESSON_DIRECTIVE && b->directive == LESSON_DIR_TOCTREE) {
		for (size_t i = 0; i < b->nitems; i++) {
			const char *e = b->items[i];
			size_t n = strlen(e);
			const char *lt = strrchr(e, '<');
			if (lt && n && e[n - 1] == '>') {
				n = (size_t)(e + n - 1 - (lt + 1));
				e = lt + 1;
			}
			const char *sl = memrchr(e, '/', n);
			if (sl) {
				n -= (size_t)(sl + 1 - e);
				e = sl + 1;
			}
			if (n > 3 && memcmp(e + n - 3, ".md", 3) == 0)
				n -= 3;
			if (n && !names_add(out, e, n))
				return false;
		}
	}
	for (size_t i = 0; i < b->nchildren; i++)
		if (!toctree_slugs(b->children[i], out))
			return false;
	return true;
}

static bool set_add(struct lesson_set *set, struct lesson_page *pg)
{
	/* The capacity is not kept: it is 16, then the next power of two. */
	if (set->n == 0 || (set->n >= 16 && (set->n & (set->n - 1)) == 0)) {
		size_t cap = set->n ? set->n * 2 : 16;
		struct lesson_page **v = realloc(set->pages, cap * sizeof *v);
		if (!v)
			return false;
		set->pages = v;
	}
	set->pages[set->n++] = pg;
	return true;
}

static char *join(const char *dir, const char *name)
{
	char *p = NULL;
	size_t n = strlen(dir);
	const char *sep = n && dir[n - 1] == '/' ? "" : "/";
	if (asprintf(&p, "%s%s%s", dir, sep, name) < 0)
		return NULL;
	return p;
}

/* The page file names of one directory, in reading order. */
static bool dir_order(const char *dir, struct names *files,
		      struct lesson_diags *diags, bool *oom)
{
	DIR *d = opendir(dir);
	if (!d) {
		if (!lesson_diag_add(diags, dir, 0, true, "cannot read: %s",
				     strerror(errno)))
			*oom = true;
		return false;
	}
	struct dirent *de;
	bool has_index = false;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, "index.md") == 0)
			has_index = true;
		if (is_page_file(de->d_name) &&
		    !names_add(files, de->d_name, strlen(de->d_name))) {
			*oom = true;
			break;
		}
	}
	closedir(d);
	if (*oom)
		return false;
	qsort(files->v, files->n, sizeof *files->v, cmp_name);
	if (!has_index)
		return true;

	char *ipath = join(dir, "index.md");
	if (!ipath) {
		*oom = true;
		return false;
	}
	struct lesson_page *index = lesson_page_load(ipath, diags);
	free(ipath);
	if (!index)
		return true;
	struct names slugs = { 0 }, ordered = { 0 };
	bool ok = true;
	for (size_t i = 0; ok && i < index->nblocks; i++)
		ok = toctree_slugs(index->blocks[i], &slugs);
	if (ok && slugs.n) {
		/* The toctree decides; files it does not list are left out,
		 * as a sphinx site leaves them out of its navigation. */
		for (size_t i = 0; ok && i < slugs.n; i++) {
			bool found = false;
			for (size_t j = 0; j < files->n; j++) {
				if (file_of(files->v[j], slugs.v[i])) {
					ok = names_add(&ordered, files->v[j],
						       strlen(files->v[j]));
					found = true;
					break;
				}
			}
			if (ok && !found)
				ok = lesson_diag_add(diags, index->path, 0, false,
					"toctree lists '%s', which is not in %s",
					slugs.v[i], dir);
		}
		if (ok) {
			names_free(files);
			*files = ordered;
			memset(&ordered, 0, sizeof ordered);
		}
	}
	if (!ok)
		*oom = true;
	names_free(&slugs);
	names_free(&ordered);
	lesson_page_free(index);
	return ok;
}

struct lesson_set *lesson_set_load(const char *const *dirs, size_t ndirs,
				   struct lesson_diags *diags)
{
	struct lesson_set *set = calloc(1, sizeof *set);
	if (!set)
		return NULL;
	bool oom = false;
	for (size_t d = 0; d < ndirs && !oom; d++) {
		struct names files = { 0 };
		if (!dirs[d] || !dir_order(dirs[d], &files, diags, &oom)) {
			names_free(&files);
			continue;
		}
		for (size_t i = 0; i < files.n && !oom; i++) {
			bool dup = false;
			for (size_t k = 0; k < set->n && !dup; k++)
				dup = file_of(files.v[i], set->pages[k]->slug);
			if (dup)
				continue;
			char *path = join(dirs[d], files.v[i]);
			if (!path) {
				oom = true;
				break;
			}
			struct lesson_page *pg = lesson_page_load(path, diags);
			free(path);
			if (pg && !set_add(set, pg)) {
				lesson_page_free(pg);
				oom = true;
			}
		}
		names_free(&files);
	}
	if (oom) {
		lesson_set_free(set);
		return NULL;
	}
	return set;
}

void lesson_set_free(struct lesson_set *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < set->n; i++)
		lesson_page_free(set->pages[i]);
	free(set->pages);
	free(set);
}

int lesson_set_find(const struct lesson_set *set, const char *slug)
{
	for (size_t i = 0; set && slug && i < set->n; i++)
		if (strcmp(set->pages[i]->slug, slug) == 0)
			return (int)i;
	return -1;
}
