/*
 * csv.c — the body of a {csv-table} directive turned into a table.
 *
 * Follows docutils' csv-table: fields separated by :delim: (a comma by
 * default; "tab", "space" or any one character), double quotes around a
 * field that holds the delimiter or a newline, "" for a quote inside,
 * spaces after a delimiter ignored. :header: is one more CSV row put
 * first; :widths: gives relative column widths. Cells are Markdown inline
 * text, so `code` and *emphasis* work in them.
 */
#include <stdlib.h>
#include <string.h>

#include "lesson/internal.h"

struct csv {
	char delim, quote;
	struct lesson_buf *fields;   /* current table, row-major */
	size_t nfields, capfields;
	size_t *rowlen;
	size_t nrows, caprows;
};

static bool csv_field(struct csv *c, const char *s, size_t n)
{
	if (c->nfields == c->capfields) {
		size_t cap = c->capfields ? c->capfields * 2 : 16;
		struct lesson_buf *v = realloc(c->fields, cap * sizeof *v);
		if (!v)
			return false;
		c->fields = v;
		c->capfields = cap;
	}
	struct lesson_buf *f = &c->fields[c->nfields];
	memset(f, 0, sizeof *f);
	c->nfields++;
	c->rowlen[c->nrows - 1]++;
	return lesson_buf_add(f, s, n);
}

static bool csv_row(struct csv *c)
{
	if (c->nrows == c->caprows) {
		size_t cap = c->caprows ? c->caprows * 2 : 8;
		size_t *v = realloc(c->rowlen, cap * sizeof *v);
		if (!v)
			return false;
		c->rowlen = v;
		c->caprows = cap;
	}
	c->rowlen[c->nrows++] = 0;
	return true;
}

/* Parses CSV text into rows; blank lines are skipped. *bad is set when a
 * quoted field never closes. */
static bool csv_parse(struct csv *c, const char *s, size_t n, bool *bad)
{
	size_t i = 0;
	struct lesson_buf f = { 0 };
	while (i < n) {
		/* Skip blank lines between rows. */
		size_t j = i;
		while (j < n && (s[j] == ' ' || s[j] == '\t'))
			j++;
		if (j < n && s[j] == '\n') {
			i = j + 1;
			continue;
		}
		if (j >= n)
			break;
		if (c->delim != '\t')
			i = j;
		if (!csv_row(c))
			goto oom;
		for (;;) {
			/* One field. */
			while (i < n && s[i] == ' ' && c->delim != ' ')
				i++;
			f.len = 0;
			if (!lesson_buf_add(&f, NULL, 0))
				goto oom;
			if (i < n && s[i] == c->quote) {
				i++;
				for (;;) {
					if (i >= n) {
						*bad = true;
						break;
					}
					if (s[i] == c->quote) {
						if (i + 1 < n && s[i + 1] == c->quote) {
							if (!lesson_buf_addc(&f, c->quote))
								goto oom;
							i += 2;
							continue;
						}
						i++;
						break;
					}
					if (!lesson_buf_addc(&f, s[i] == '\n' ? ' ' : s[i]))
						goto oom;
					i++;
				}
				/* Anything up to the delimiter is kept. */
				while (i < n && s[i] != c->delim && s[i] != '\n')
					if (!lesson_buf_addc(&f, s[i++]))
						goto oom;
			} else {
				while (i < n && s[i] != c->delim && s[i] != '\n')
					if (!lesson_buf_addc(&f, s[i++]))
						goto oom;
			}
			while (f.len && (f.s[f.len - 1] == ' ' ||
					 f.s[f.len - 1] == '\t'))
				f.len--;
			if (!csv_field(c, f.s, f.len))
				goto oom;
			if (i < n && s[i] == c->delim) {
				i++;
				if (c->delim == ' ')
					while (i < n && s[i] == ' ')
						i++;
				if (i >= n || s[i] == '\n') {
					/* A trailing delimiter ends an empty field. */
					if (!csv_field(c, "", 0))
						goto oom;
				} else {
					continue;
				}
			}
			if (i < n)
				i++; /* the newline */
			break;
		}
	}
	free(f.s);
	return true;
oom:
	free(f.s);
	return false;
}

static void csv_free(struct csv *c)
{
	for (size_t i = 0; i < c->nfields; i++)
		free(c->fields[i].s);
	free(c->fields);
	free(c->rowlen);
}

static bool delim_option(struct lesson_ctx *ctx, const char *v, int line,
			 char *out)
{
	static const struct {
		const char *name;
		char c;
	} named[] = { { "tab", '\t' }, { "space", ' ' }, { "\\t", '\t' },
		      { "comma", ',' }, { "semicolon", ';' } };
	for (size_t i = 0; i < sizeof named / sizeof *named; i++)
		if (strcmp(v, named[i].name) == 0) {
			*out = named[i].c;
			return true;
		}
	if (strlen(v) == 1 && v[0] != '\n' && v[0] != '"') {
		*out = v[0];
		return true;
	}
	return lesson_ctx_diag(ctx, line, false,
			       "{csv-table} :delim: '%s' is not one character, "
			       "\"tab\" or \"space\"; using ','", v);
}

static bool widths_option(struct lesson_ctx *ctx, struct lesson_block *t,
			  const char *v, int line)
{
	if (strcmp(v, "auto") == 0 || strcmp(v, "grid") == 0)
		return true;
	unsigned *w = calloc(t->ncols ? t->ncols : 1, sizeof *w);
	if (!w)
		return false;
	size_t k = 0;
	bool ok = true;
	while (*v) {
		v += strspn(v, " \t,");
		if (!*v)
			break;
		char *end;
		unsigned long x = strtoul(v, &end, 10);
		if (end == v || x == 0 || x > 1000 || k >= t->ncols) {
			ok = false;
			break;
		}
		w[k++] = (unsigned)x;
		v = end;
	}
	if (!ok || k != t->ncols) {
		free(w);
		return lesson_ctx_diag(ctx, line, false,
				       "{csv-table} :widths: needs %zu positive numbers; ignored",
				       t->ncols);
	}
	t->widths = w;
	return true;
}

/* Inline parsing of a table cell: md4c over the cell, every text of it
 * run into one lesson_text. */
bool lesson_inline(struct lesson_ctx *ctx, const char *s, size_t n,
		   struct lesson_text *out)
{
	struct lesson_block tmp = { .kind = LESSON_QUOTE };
	/* A cell is one line of a table: a fence in it is text, never a
	 * directive that would count folds or kernels. */
	ctx->in_inline++;
	bool parsed = lesson_markdown(ctx, s, n, 0, &tmp,
				      LESSON_MAX_DIRECTIVE_DEPTH,
				      LESSON_MAX_TREE_DEPTH - 1);
	ctx->in_inline--;
	if (!parsed) {
		for (size_t i = 0; i < tmp.nchildren; i++)
			lesson_block_free(tmp.children[i]);
		free(tmp.children);
		return false;
	}
	struct lesson_tb tb = { 0 };
	bool ok = true;
	for (size_t i = 0; ok && i < tmp.nchildren; i++) {
		struct lesson_text *t = &tmp.children[i]->text;
		if (i && tb.buf.len)
			ok = lesson_tb_add(&tb, " ", 1, 0, NULL, false);
		for (size_t r = 0; ok && r < t->nruns; r++)
			ok = lesson_tb_add(&tb, t->s + t->runs[r].off,
					   t->runs[r].len, t->runs[r].attr,
					   t->runs[r].href, false);
		if (ok && !t->s && tmp.children[i]->code)
			ok = lesson_tb_add(&tb, tmp.children[i]->code,
					   strlen(tmp.children[i]->code),
					   LESSON_ATTR_CODE, NULL, false);
	}
	for (size_t i = 0; i < tmp.nchildren; i++)
		lesson_block_free(tmp.children[i]);
	free(tmp.children);
	if (ok)
		ok = lesson_tb_finish(&tb, out);
	if (!ok) {
		lesson_tb_free(&tb);
		ctx->oom = true;
	}
	return ok;
}

bool lesson_csv_table(struct lesson_ctx *ctx, struct lesson_block *b,
		      const char *body, size_t n, int line_base)
{
	struct csv c = { .delim = ',', .quote = '"' };
	bool bad = false;
	const char *v;
	int optline = line_base + 1;

	if ((v = lesson_block_option(b, "delim")) &&
	    !delim_option(ctx, v, optline, &c.delim))
		return false;
	if ((v = lesson_block_option(b, "quote")) && strlen(v) == 1 &&
	    v[0] != c.delim)
		c.quote = v[0];
	const char *hdr = lesson_block_option(b, "header");
	if (hdr && !csv_parse(&c, hdr, strlen(hdr), &bad))
		goto oom;
	size_t hdr_rows = c.nrows;
	if (!csv_parse(&c, body, n, &bad))
		goto oom;
	if (bad && !lesson_ctx_diag(ctx, line_base, false,
				    "{csv-table} has a quote that never closes"))
		goto oom;
	if (c.nrows == 0) {
		csv_free(&c);
		return true;
	}

	struct lesson_block *t = lesson_block_new(LESSON_TABLE, line_base + 1);
	if (!t)
		goto oom;
	size_t ncols = 0;
	for (size_t r = 0; r < c.nrows; r++)
		if (c.rowlen[r] > ncols)
			ncols = c.rowlen[r];
	t->nrows = c.nrows;
	t->ncols = ncols;
	t->cells = calloc(c.nrows * ncols, sizeof *t->cells);
	t->align = calloc(ncols, sizeof *t->align);
	if (!t->cells || !t->align) {
		lesson_block_free(t);
		goto oom;
	}
	const char *hr = lesson_block_option(b, "header-rows");
	t->header = hdr_rows > 0 || (hr && atoi(hr) > 0);
	size_t k = 0;
	for (size_t r = 0; r < c.nrows; r++)
		for (size_t col = 0; col < ncols; col++) {
			struct lesson_text *cell = &t->cells[r * ncols + col];
			bool ok = col < c.rowlen[r]
				? lesson_inline(ctx, c.fields[k].s, c.fields[k].len,
						cell)
				: lesson_text_plain(cell, "", 0);
			if (col < c.rowlen[r])
				k++;
			if (!ok) {
				lesson_block_free(t);
				goto oom;
			}
		}
	if ((v = lesson_block_option(b, "widths")) &&
	    !widths_option(ctx, t, v, optline)) {
		lesson_block_free(t);
		goto oom;
	}
	csv_free(&c);
	return lesson_block_append(ctx, b, t);
oom:
	csv_free(&c);
	ctx->oom = true;
	return false;
}
