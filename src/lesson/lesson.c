/*
 * lesson.c — one lesson page: the stages run in order, the tree freed,
 * and the small helpers of the public API (options, diagnostics).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lesson/internal.h"
#include "store/store.h"

struct lesson_block *lesson_block_new(enum lesson_block_kind kind, int line)
{
	struct lesson_block *b = calloc(1, sizeof *b);
	if (!b)
		return NULL;
	b->kind = kind;
	b->line = line;
	b->task = -1;
	b->id = -1;
	return b;
}

void lesson_block_free(struct lesson_block *b)
{
	if (!b)
		return;
	lesson_text_free(&b->text);
	free(b->code);
	free(b->lang);
	free(b->info);
	if (b->cells)
		for (size_t i = 0; i < b->nrows * b->ncols; i++)
			lesson_text_free(&b->cells[i]);
	free(b->cells);
	free(b->align);
	free(b->widths);
	free(b->name);
	free(b->title);
	for (size_t i = 0; i < b->noptions; i++) {
		free(b->options[i].key);
		free(b->options[i].value);
	}
	free(b->options);
	for (size_t i = 0; i < b->nitems; i++)
		free(b->items[i]);
	free(b->items);
	for (size_t i = 0; i < b->nchildren; i++)
		lesson_block_free(b->children[i]);
	free(b->children);
	free(b);
}

/* Arrays grow to the next power of two, so no capacity is stored. */
static bool push_block(struct lesson_block ***v, size_t *n,
		       struct lesson_block *b)
{
	if ((*n & (*n - 1)) == 0) {
		size_t cap = *n ? *n * 2 : 4;
		if (*n && *n < 4)
			cap = 4;
		struct lesson_block **p = realloc(*v, cap * sizeof *p);
		if (!p)
			return false;
		*v = p;
	}
	(*v)[(*n)++] = b;
	return true;
}

static bool is_dir(const struct lesson_block *b, enum lesson_directive d)
{
	return b && b->kind == LESSON_DIRECTIVE && b->directive == d;
}

bool lesson_block_append(struct lesson_ctx *ctx, struct lesson_block *parent,
			 struct lesson_block *child)
{
	struct lesson_block ***v;
	size_t *n;
	if (parent) {
		v = &parent->children;
		n = &parent->nchildren;
	} else {
		v = &ctx->page->blocks;
		n = &ctx->page->nblocks;
	}
	/* A solution right after its exercise folds inside it. */
	if (is_dir(child, LESSON_DIR_SOLUTION) && *n &&
	    is_dir((*v)[*n - 1], LESSON_DIR_EXERCISE)) {
		struct lesson_block *ex = (*v)[*n - 1];
		v = &ex->children;
		n = &ex->nchildren;
	}
	if (!push_block(v, n, child)) {
		lesson_block_free(child);
		ctx->oom = true;
		return false;
	}
	return true;
}

static char *slug_of(const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	size_t n = strlen(base);
	if (n > 3 && strcmp(base + n - 3, ".md") == 0)
		n -= 3;
	return strndup(base, n);
}

void lesson_page_free(struct lesson_page *page)
{
	if (!page)
		return;
	free(page->path);
	free(page->slug);
	free(page->title);
	for (size_t i = 0; i < page->nblocks; i++)
		lesson_block_free(page->blocks[i]);
	free(page->blocks);
	for (size_t i = 0; i < page->nkernels; i++) {
		free(page->kernels[i].args);
		free(page->kernels[i].name);
	}
	free(page->kernels);
	free(page);
}

static char *page_title(struct lesson_ctx *ctx)
{
	struct lesson_page *pg = ctx->page;
	for (size_t i = 0; i < pg->nblocks; i++) {
		struct lesson_block *b = pg->blocks[i];
		if (b->kind == LESSON_HEADING && b->level == 1 && b->text.len)
			return strdup(b->text.s);
	}
	if (ctx->fm_title && *ctx->fm_title)
		return strdup(ctx->fm_title);
	return strdup(pg->slug);
}

struct lesson_page *lesson_page_parse(const char *path, const char *buf,
				      size_t len, struct lesson_diags *diags)
{
	if (!path)
		path = "<input>";
	struct lesson_page *pg = calloc(1, sizeof *pg);
	if (!pg)
		return NULL;
	struct lesson_ctx ctx = { .page = pg, .diags = diags, .path = path };
	char *clean = NULL, *fenced = NULL;
	size_t nclean = 0, nfenced = 0;

	pg->path = strdup(path);
	pg->slug = slug_of(path);
	if (!pg->path || !pg->slug)
		goto oom;
	if (!buf)
		len = 0;
	clean = lesson_sanitize(&ctx, buf ? buf : "", len, &nclean);
	if (!clean)
		goto oom;
	lesson_front_matter(&ctx, clean, nclean);
	fenced = lesson_fences(&ctx, clean, nclean, 0, &nfenced);
	if (!fenced || ctx.oom)
		goto oom;
	free(clean);
	clean = NULL;
	if (!lesson_markdown(&ctx, fenced, nfenced, 0, NULL, 0, 0))
		goto oom;
	pg->title = page_title(&ctx);
	if (!pg->title)
		goto oom;
	free(fenced);
	free(ctx.default_lang);
	free(ctx.fm_title);
	return pg;
oom:
	free(clean);
	free(fenced);
	free(ctx.default_lang);
	free(ctx.fm_title);
	lesson_page_free(pg);
	return NULL;
}


struct lesson_page *lesson_page_load(const char *path,
				     struct lesson_diags *diags)
{
	size_t len = 0;
	char *buf = store_read_file(path, LESSON_MAX_FILE, &len);
	if (!buf) {
		lesson_diag_add(diags, path, 0, true, "cannot read: %s",
				strerror(errno));
		return NULL;
	}
	struct lesson_page *pg = lesson_page_parse(path, buf, len, diags);
	free(buf);
	return pg;
}

const char *lesson_block_option(const struct lesson_block *b, const char *key)
{
	if (!b || !key)
		return NULL;
	for (size_t i = 0; i < b->noptions; i++)
		if (strcmp(b->options[i].key, key) == 0)
			return b->options[i].value;
	return NULL;
}

size_t lesson_diags_errors(const struct lesson_diags *d)
{
	size_t n = 0;
	for (size_t i = 0; d && i < d->n; i++)
		n += d->v[i].error;
	return n;
}

void lesson_diags_print(const struct lesson_diags *d, FILE *fp)
{
	for (size_t i = 0; d && i < d->n; i++) {
		const struct lesson_diag *g = &d->v[i];
		if (g->line > 0)
			fprintf(fp, "%s:%d: %s: %s\n", g->path, g->line,
				g->error ? "error" : "warning", g->message);
		else
			fprintf(fp, "%s: %s: %s\n", g->path,
				g->error ? "error" : "warning", g->message);
	}
}

void lesson_diags_clear(struct lesson_diags *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].path);
		free(d->v[i].message);
	}
	free(d->v);
	memset(d, 0, sizeof *d);
}
