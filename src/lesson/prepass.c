/*
 * prepass.c — what happens to a lesson file before md4c sees it.
 *
 * Front matter is read and blanked. Then one scan over the lines follows
 * the fences as they nest: a directive fence (```{name} or :::{name}) may
 * hold other fences, a plain code fence holds only text. From that
 * structure every directive fence is rewritten as a backtick (or tilde)
 * fence longer than any fence line inside it, so md4c, which knows
 * nothing of colon fences and closes a fence at the first long enough
 * line, sees exactly the nesting the author wrote. Lines are never added
 * or removed, so line numbers stay true; fences still open at the end are
 * reported where they were opened.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "lesson/internal.h"

static bool is_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return false;
	return true;
}

int lesson_parse_minutes(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t' || *s == '"' || *s == '\'')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '"' ||
		     s[n - 1] == '\''))
		n--;
	if (n == 0 || n > 6)
		return -1;
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* Front matter: "---" on the first line, key: value lines, "---" (or
 * "...") closing it within the first lines of the file. */
void lesson_front_matter(struct lesson_ctx *ctx, char *buf, size_t len)
{
	size_t p = 0, end = 0;
	int line = 1;
	if (len < 4 || memcmp(buf, "---", 3) != 0)
		return;
	const char *nl = memchr(buf, '\n', len);
	if (!nl || !is_blank(buf + 3, (size_t)(nl - buf) - 3))
		return;
	p = (size_t)(nl - buf) + 1;
	/* Find the closing line first: without one this is a thematic break. */
	for (size_t q = p; q < len && line < 200; line++) {
		const char *e = memchr(buf + q, '\n', len - q);
		size_t n = e ? (size_t)(e - (buf + q)) : len - q;
		if ((n >= 3 && (memcmp(buf + q, "---", 3) == 0 ||
				memcmp(buf + q, "...", 3) == 0) &&
		     is_blank(buf + q + 3, n - 3))) {
			end = q + n;
			break;
		}
		q += n + 1;
	}
	if (!end)
		return;
	/* Front matter opens with a "key:" line; anything else is a rule. */
	size_t k = p;
	while (k < end && (buf[k] == '\n' || buf[k] == ' '))
		k++;
	size_t id = k;
	while (id < end && (isalnum((unsigned char)buf[id]) || buf[id] == '_' ||
			    buf[id] == '-'))
		id++;
	if (k < end && (id == k || buf[id] != ':'))
		return;
	line = 2;
	for (size_t q = p; q < end; line++) {
		const char *e = memchr(buf + q, '\n', end - q);
		size_t n = e ? (size_t)(e - (buf + q)) : end - q;
		const char *colon = memchr(buf + q, ':', n);
		if (colon && buf[q] != ' ' && buf[q] != '-') {
			size_t klen = (size_t)(colon - (buf + q));
			const char *v = colon + 1;
			size_t vlen = n - klen - 1;
			int *slot = NULL;
			if (klen == 8 && memcmp(buf + q, "teaching", 8) == 0)
				slot = &ctx->page->teaching;
			else if (klen == 9 && memcmp(buf + q, "exercises", 9) == 0)
				slot = &ctx->page->exercises;
			if (slot) {
				int m = lesson_parse_minutes(v, vlen);
				if (m < 0)
					lesson_ctx_diag(ctx, line, false,
						"front matter: '%.*s' is not a number of minutes",
						(int)(klen), buf + q);
				else
					*slot = m;
			} else if (klen == 5 && memcmp(buf + q, "title", 5) == 0) {
				while (vlen && (*v == ' ' || *v == '"')) {
					v++;
					vlen--;
				}
				while (vlen && (v[vlen - 1] == ' ' || v[vlen - 1] == '"'))
					vlen--;
				free(ctx->fm_title);
				ctx->fm_title = strndup(v, vlen);
				if (!ctx->fm_title)
					ctx->oom = true;
			}
		}
		q += n + 1;
	}
	/* Blank it, newlines kept. */
	for (size_t q = 0; q < end; q++)
		if (buf[q] != '\n')
			buf[q] = ' ';
}

enum fence_kind { FENCE_NONE, FENCE_OPEN, FENCE_CLOSE };

struct fence_line {
	enum fence_kind kind;
	char ch;          /* '`', '~' or ':' */
	size_t len;       /* length of the run */
	size_t indent;    /* bytes before the run */
	size_t rest;      /* offset of what follows the run */
	bool directive;   /* info starts with {name} */
};

/* Classifies one line (without its newline). */
static struct fence_line classify(const char *s, size_t n)
{
	struct fence_line f = { 0 };
	size_t i = 0;
	while (i < n && i < 4 && s[i] == ' ')
		i++;
	if (i > 3 || i >= n)
		return f;
	char c = s[i];
	if (c != '`' && c != '~' && c != ':')
		return f;
	size_t j = i;
	while (j < n && s[j] == c)
		j++;
	if (j - i < 3)
		return f;
	f.ch = c;
	f.len = j - i;
	f.indent = i;
	f.rest = j;
	if (is_blank(s + j, n - j)) {
		f.kind = FENCE_CLOSE;
		return f;
	}
	size_t k = j;
	while (k < n && (s[k] == ' ' || s[k] == '\t'))
		k++;
	bool brace = s[k] == '{' && memchr(s + k, '}', n - k) != NULL;
	if (c == '`' && memchr(s + j, '`', n - j))
		return (struct fence_line){ 0 }; /* not a fence in CommonMark */
	if (c == ':' && !brace)
		return (struct fence_line){ 0 };
	f.kind = FENCE_OPEN;
	f.directive = brace;
	return f;
}

struct open_fence {
	char ch;            /* as written */
	char out;           /* as rewritten: '`' or '~' */
	size_t len;
	bool nests;         /* a directive whose body is Markdown */
	bool directive;     /* any directive (its fence may be rewritten) */
	size_t line;        /* 0-based index of the opening line */
	size_t maxin[2];    /* longest bare ` and ~ run inside */
};

struct rewrite {
	size_t line;        /* 0-based */
	char ch;
	size_t len;
};

struct fences {
	struct open_fence *st;
	size_t nst, capst;
	struct rewrite *rw;
	size_t nrw, caprw;
};

static int chidx(char c)
{
	return c == '~';
}

static bool add_rewrite(struct fences *F, size_t line, char ch, size_t len)
{
	if (F->nrw == F->caprw) {
		size_t cap = F->caprw ? F->caprw * 2 : 16;
		struct rewrite *v = realloc(F->rw, cap * sizeof *v);
		if (!v)
			return false;
		F->rw = v;
		F->caprw = cap;
	}
	F->rw[F->nrw++] = (struct rewrite){ line, ch, len };
	return true;
}

/* The top fence ends (at close_line, a line close_len long, or at the end
 * of the file when close_line is SIZE_MAX). A directive fence gets the
 * length md4c needs to see everything inside as its body; the enclosing
 * fence learns how long a fence line this one put inside it. */
static bool pop_fence(struct fences *F, size_t close_line, size_t close_len)
{
	struct open_fence d = F->st[--F->nst];
	size_t len2 = d.len;
	if (d.directive) {
		size_t need = d.maxin[chidx(d.out)] + 1;
		len2 = d.ch == ':' ? 3 : d.len;
		if (need > len2)
			len2 = need;
		if (d.ch == ':' || len2 != d.len) {
			if (!add_rewrite(F, d.line, d.out, len2))
				return false;
			if (close_line != SIZE_MAX &&
			    !add_rewrite(F, close_line, d.out, len2))
				return false;
		}
	} else if (close_line != SIZE_MAX && close_len > len2) {
		len2 = close_len;
	}
	if (F->nst) {
		struct open_fence *up = &F->st[F->nst - 1];
		for (int k = 0; k < 2; k++)
			if (d.maxin[k] > up->maxin[k])
				up->maxin[k] = d.maxin[k];
		if (len2 > up->maxin[chidx(d.out)])
			up->maxin[chidx(d.out)] = len2;
	}
	return true;
}

static bool push_fence(struct fences *F, struct open_fence f)
{
	if (F->nst == F->capst) {
		size_t cap = F->capst ? F->capst * 2 : 8;
		struct open_fence *v = realloc(F->st, cap * sizeof *v);
		if (!v)
			return false;
		F->st = v;
		F->capst = cap;
	}
	F->st[F->nst++] = f;
	return true;
}

char *lesson_fences(struct lesson_ctx *ctx, const char *buf, size_t len,
		    int line_base, size_t *outlen)
{
	struct fences F = { 0 };
	size_t line = 0;
	char *res = NULL;

	for (size_t p = 0; p <= len; line++) {
		if (p == len && (len == 0 || buf[len - 1] == '\n'))
			break;
		const char *s = buf + p;
		const char *e = memchr(s, '\n', len - p);
		size_t n = e ? (size_t)(e - s) : len - p;
		struct fence_line f = classify(s, n);
		p += n + 1;
		if (f.kind == FENCE_NONE)
			continue;
		struct open_fence *top = F.nst ? &F.st[F.nst - 1] : NULL;
		bool closes = top && f.kind == FENCE_CLOSE && f.ch == top->ch &&
			      f.len >= top->len;
		if (closes) {
			if (!pop_fence(&F, line, f.len))
				goto oom;
			continue;
		}
		if (top && !top->nests) {
			/* Verbatim text: only its own closing line counts, but a
			 * bare fence line here would still end an outer fence. */
			if (f.kind == FENCE_CLOSE && f.ch != ':' &&
			    f.len > top->maxin[chidx(f.ch)])
				top->maxin[chidx(f.ch)] = f.len;
			continue;
		}
		if (f.kind == FENCE_CLOSE && f.ch == ':') {
			if (!lesson_ctx_diag(ctx, line_base + (int)line + 1, false,
					     "this colon fence closes no directive"))
				goto oom;
			continue;
		}
		if (f.kind == FENCE_CLOSE && top &&
		    f.len > top->maxin[chidx(f.ch)])
			top->maxin[chidx(f.ch)] = f.len;
		/* An opening line (a bare one opens a plain code block). */
		char out = f.ch;
		bool raw = false;
		if (f.directive) {
			const char *r = s + f.rest;
			r += strspn(r, " \t") + 1;
			const char *rb = memchr(r, '}', n - (size_t)(r - s));
			raw = rb && lesson_directive_raw(r, (size_t)(rb - r));
		}
		if (f.ch == ':')
			out = memchr(s + f.rest, '`', n - f.rest) ? '~' : '`';
		if (!push_fence(&F, (struct open_fence){ f.ch, out, f.len,
				f.directive && !raw, f.directive, line, { 0, 0 } }))
			goto oom;
	}
	/* Still open at the end of the file: md4c closes them silently. */
	while (F.nst) {
		struct open_fence *d = &F.st[F.nst - 1];
		if (!lesson_ctx_diag(ctx, line_base + (int)d->line + 1, true,
				     d->directive
				     ? "unclosed directive fence opened here"
				     : "unclosed code fence opened here"))
			goto oom;
		if (!pop_fence(&F, SIZE_MAX, 0))
			goto oom;
	}
	struct rewrite *rw = F.rw;
	size_t nrw = F.nrw;

	/* Apply the rewrites in line order. */
	struct lesson_buf out = { 0 };
	if (!lesson_buf_add(&out, NULL, 0))
		goto oom;
	/* Sort rewrites by line (insertion sort: they are nearly sorted). */
	for (size_t i = 1; i < nrw; i++) {
		struct rewrite r = rw[i];
		size_t j = i;
		while (j > 0 && rw[j - 1].line > r.line) {
			rw[j] = rw[j - 1];
			j--;
		}
		rw[j] = r;
	}
	size_t k = 0;
	line = 0;
	for (size_t p = 0; p < len; line++) {
		const char *e = memchr(buf + p, '\n', len - p);
		size_t n = e ? (size_t)(e - (buf + p)) : len - p;
		bool ok = true;
		if (k < nrw && rw[k].line == line) {
			struct fence_line f = classify(buf + p, n);
			ok = lesson_buf_add(&out, buf + p, f.indent);
			for (size_t i = 0; ok && i < rw[k].len; i++)
				ok = lesson_buf_addc(&out, rw[k].ch);
			if (ok && f.kind == FENCE_OPEN)
				ok = lesson_buf_add(&out, buf + p + f.rest,
						    n - f.rest);
			k++;
		} else {
			ok = lesson_buf_add(&out, buf + p, n);
		}
		if (ok && e)
			ok = lesson_buf_addc(&out, '\n');
		if (!ok) {
			free(out.s);
			goto oom;
		}
		p += n + 1;
	}
	*outlen = out.len;
	res = out.s;
	free(F.st);
	free(F.rw);
	return res;
oom:
	ctx->oom = true;
	free(F.st);
	free(F.rw);
	return NULL;
}
