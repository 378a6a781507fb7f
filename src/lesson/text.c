/*
 * text.c — bytes and inline text for the lesson parser.
 *
 * Lesson files are bytes of unknown quality. lesson_sanitize() makes the
 * one clean copy every later stage works on, so md4c and the tree only
 * ever see valid UTF-8 without control characters. The inline text
 * builder keeps attribute runs merged and in order.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "lesson/internal.h"

bool lesson_buf_add(struct lesson_buf *b, const char *s, size_t n)
{
	if (n >= SIZE_MAX / 2 - b->len)
		return false;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *p = realloc(b->s, cap);
		if (!p)
			return false;
		b->s = p;
		b->cap = cap;
	}
	if (n)
		memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
	return true;
}

bool lesson_buf_addc(struct lesson_buf *b, char c)
{
	return lesson_buf_add(b, &c, 1);
}

bool lesson_buf_term(struct lesson_buf *b)
{
	return lesson_buf_add(b, "", 0);
}

static bool tb_push_run(struct lesson_tb *tb, uint32_t off, uint32_t len,
			unsigned attr, const char *href)
{
	if (tb->nruns) {
		struct lesson_run *r = &tb->runs[tb->nruns - 1];
		bool same_href = (!r->href && !href) ||
			(r->href && href && strcmp(r->href, href) == 0);
		if (r->attr == attr && same_href && r->off + r->len == off) {
			r->len += len;
			return true;
		}
	}
	if (tb->nruns == tb->cap) {
		size_t cap = tb->cap ? tb->cap * 2 : 4;
		struct lesson_run *p = realloc(tb->runs, cap * sizeof *p);
		if (!p)
			return false;
		tb->runs = p;
		tb->cap = cap;
	}
	char *h = NULL;
	if (href && (attr & LESSON_LINK)) {
		h = strdup(href);
		if (!h)
			return false;
	}
	tb->runs[tb->nruns++] = (struct lesson_run){ off, len, attr, h };
	return true;
}

bool lesson_tb_add(struct lesson_tb *tb, const char *s, size_t n,
		   unsigned attr, const char *href, bool hard_break)
{
	if (!(attr & LESSON_LINK))
		href = NULL;
	if (n == 0)
		return true;
	if (tb->buf.len + n > UINT32_MAX / 2)
		return true; /* absurdly long paragraph: drop the rest */
	uint32_t off = (uint32_t)tb->buf.len;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '\t' || (c == '\n' && !hard_break))
			c = ' ';
		if (!lesson_buf_addc(&tb->buf, c))
			return false;
	}
	return tb_push_run(tb, off, (uint32_t)n, attr, href);
}

bool lesson_tb_finish(struct lesson_tb *tb, struct lesson_text *t)
{
	/* Trailing spaces (from a soft break before the end) are noise. */
	while (tb->buf.len && tb->buf.s[tb->buf.len - 1] == ' ') {
		tb->buf.len--;
		struct lesson_run *r = &tb->runs[tb->nruns - 1];
		if (--r->len == 0) {
			free(r->href);
			tb->nruns--;
		}
	}
	if (!lesson_buf_term(&tb->buf))
		return false;
	t->s = tb->buf.s;
	t->len = tb->buf.len;
	t->runs = tb->runs;
	t->nruns = tb->nruns;
	memset(tb, 0, sizeof *tb);
	return true;
}

void lesson_tb_free(struct lesson_tb *tb)
{
	struct lesson_text t = { tb->buf.s, tb->buf.len, tb->runs, tb->nruns };
	lesson_text_free(&t);
	memset(tb, 0, sizeof *tb);
}

void lesson_text_free(struct lesson_text *t)
{
	for (size_t i = 0; i < t->nruns; i++)
		free(t->runs[i].href);
	free(t->runs);
	free(t->s);
	memset(t, 0, sizeof *t);
}

bool lesson_text_plain(struct lesson_text *t, const char *s, size_t n)
{
	struct lesson_tb tb = { 0 };
	if (!lesson_tb_add(&tb, s, n, 0, NULL, false) ||
	    !lesson_tb_finish(&tb, t)) {
		lesson_tb_free(&tb);
		return false;
	}
	return true;
}

/* Tabs in verbatim text expand to the next multiple of 4 columns
 * (columns counted in code points: good enough for indentation). */
char *lesson_expand_tabs(const char *s, size_t n)
{
	struct lesson_buf b = { 0 };
	size_t col = 0;
	if (!lesson_buf_add(&b, NULL, 0))
		return NULL;
	while (n && s[n - 1] == '\n')
		n--;
	for (size_t i = 0; i < n; i++) {
		bool ok = true;
		if (s[i] == '\t') {
			do
				ok = lesson_buf_addc(&b, ' ');
			while (ok && ++col % 4);
		} else {
			ok = lesson_buf_addc(&b, s[i]);
			if (s[i] == '\n')
				col = 0;
			else if (((unsigned char)s[i] & 0xC0) != 0x80)
				col++;
		}
		if (!ok) {
			free(b.s);
			return NULL;
		}
	}
	return b.s;
}

char *lesson_detab(char *s)
{
	for (char *p = s; p && *p; p++)
		if (*p == '\t')
			*p = ' ';
	return s;
}

/* The named entities lessons use; anything else stays as written. */
static const struct {
	const char *name;
	uint32_t cp;
} entities[] = {
	{ "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' },
	{ "apos", '\'' }, { "nbsp", 0xA0 }, { "copy", 0xA9 },
	{ "reg", 0xAE }, { "deg", 0xB0 }, { "plusmn", 0xB1 },
	{ "micro", 0xB5 }, { "middot", 0xB7 }, { "times", 0xD7 },
	{ "divide", 0xF7 }, { "ndash", 0x2013 }, { "mdash", 0x2014 },
	{ "lsquo", 0x2018 }, { "rsquo", 0x2019 }, { "ldquo", 0x201C },
	{ "rdquo", 0x201D }, { "hellip", 0x2026 }, { "bull", 0x2022 },
	{ "larr", 0x2190 }, { "rarr", 0x2192 }, { "uarr", 0x2191 },
	{ "darr", 0x2193 }, { "harr", 0x2194 }, { "le", 0x2264 },
	{ "ge", 0x2265 }, { "ne", 0x2260 }, { "asymp", 0x2248 },
	{ "infin", 0x221E }, { "sum", 0x2211 }, { "radic", 0x221A },
	{ "alpha", 0x3B1 }, { "beta", 0x3B2 }, { "mu", 0x3BC },
	{ "pi", 0x3C0 }, { "sigma", 0x3C3 }, { "check", 0x2713 },
	{ "trade", 0x2122 }, { "euro", 0x20AC }, { "sect", 0xA7 },
};

size_t lesson_entity_decode(const char *s, size_t n, char *out)
{
	if (n < 3 || s[0] != '&' || s[n - 1] != ';')
		return 0;
	uint32_t cp = 0;
	if (s[1] == '#') {
		bool hex = n > 3 && (s[2] == 'x' || s[2] == 'X');
		size_t i = hex ? 3 : 2;
		if (i >= n - 1)
			return 0;
		for (; i < n - 1; i++) {
			char c = s[i];
			unsigned d;
			if (c >= '0' && c <= '9')
				d = (unsigned)(c - '0');
			else if (hex && c >= 'a' && c <= 'f')
				d = (unsigned)(c - 'a' + 10);
			else if (hex && c >= 'A' && c <= 'F')
				d = (unsigned)(c - 'A' + 10);
			else
				return 0;
			cp = cp * (hex ? 16 : 10) + d;
			if (cp > 0x10FFFF)
				cp = 0xFFFD;
		}
		/* Control characters and surrogates never reach the screen. */
		if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF) || cp < 0x20 ||
		    (cp >= 0x7F && cp < 0xA0))
			cp = 0xFFFD;
	} else {
		for (size_t i = 0; i < sizeof entities / sizeof *entities; i++) {
			const char *nm = entities[i].name;
			if (strlen(nm) == n - 2 && memcmp(nm, s + 1, n - 2) == 0) {
				cp = entities[i].cp;
				break;
			}
		}
		if (!cp)
			return 0;
	}
	int k = u8_uctomb((uint8_t *)out, cp, 8);
	return k > 0 ? (size_t)k : 0;
}

static bool diag_vadd(struct lesson_diags *d, const char *path, int line,
		      bool error, const char *fmt, va_list ap)
{
	if (!d)
		return true;
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 8;
		struct lesson_diag *v = realloc(d->v, cap * sizeof *v);
		if (!v)
			return false;
		d->v = v;
		d->cap = cap;
	}
	char *msg = NULL;
	if (vasprintf(&msg, fmt, ap) < 0)
		return false;
	char *p = strdup(path ? path : "<input>");
	if (!p) {
		free(msg);
		return false;
	}
	d->v[d->n++] = (struct lesson_diag){ p, line, error, msg };
	return true;
}

bool lesson_diag_add(struct lesson_diags *d, const char *path, int line,
		     bool error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	bool ok = diag_vadd(d, path, line, error, fmt, ap);
	va_end(ap);
	return ok;
}

bool lesson_ctx_diag(struct lesson_ctx *ctx, int line, bool error,
		     const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	bool ok = diag_vadd(ctx->diags, ctx->path, line, error, fmt, ap);
	va_end(ap);
	if (!ok)
		ctx->oom = true;
	return ok;
}

/* Characters dropped from the text: C0 controls except tab and newline,
 * DEL, the C1 controls. Escape sequences thus never reach a terminal. */
static bool is_control(ucs4_t uc)
{
	return (uc < 0x20 && uc != '\t' && uc != '\n') ||
	       (uc >= 0x7F && uc < 0xA0);
}

char *lesson_sanitize(struct lesson_ctx *ctx, const char *buf, size_t len,
		      size_t *outlen)
{
	static const char fffd[] = "\xEF\xBF\xBD";
	struct lesson_buf out = { 0 };
	int line = 1, bad_lines = 0, last_bad = 0, nul_line = 0;
	size_t nbad = 0;

	/* Fast path: pure printable ASCII needs no decoding. */
	const uint8_t *s = (const uint8_t *)buf;
	if (!lesson_buf_add(&out, NULL, 0))
		return NULL;
	size_t i = 0;
	while (i < len) {
		uint8_t c = s[i];
		if (c >= 0x20 && c < 0x7F) {
			size_t j = i + 1;
			while (j < len && s[j] >= 0x20 && s[j] < 0x7F)
				j++;
			if (!lesson_buf_add(&out, buf + i, j - i))
				goto oom;
			i = j;
			continue;
		}
		if (c == '\n') {
			if (!lesson_buf_addc(&out, '\n'))
				goto oom;
			line++;
			i++;
			continue;
		}
		if (c == '\r') {
			/* CRLF and lone CR both end a line. */
			if (i + 1 < len && s[i + 1] == '\n') {
				i++;
				continue;
			}
			if (!lesson_buf_addc(&out, '\n'))
				goto oom;
			line++;
			i++;
			continue;
		}
		if (c == 0) {
			if (!nul_line)
				nul_line = line;
			nbad++;
			i++;
			continue;
		}
		ucs4_t uc;
		int k = u8_mbtoucr(&uc, s + i, len - i);
		if (k < 0) {
			nbad++;
			if (line != last_bad) {
				last_bad = line;
				if (++bad_lines <= LESSON_MAX_REPEAT &&
				    !lesson_ctx_diag(ctx, line, false,
					"invalid UTF-8, replaced by U+FFFD"))
					goto oom;
			}
			if (!lesson_buf_add(&out, fffd, 3))
				goto oom;
			i++;
			continue;
		}
		if (is_control(uc)) {
			nbad++;
		} else if (!lesson_buf_add(&out, buf + i, (size_t)k)) {
			goto oom;
		}
		i += (size_t)k;
	}
	if (bad_lines > LESSON_MAX_REPEAT &&
	    !lesson_ctx_diag(ctx, last_bad, false,
			     "invalid UTF-8 on %d more lines", bad_lines -
			     LESSON_MAX_REPEAT))
		goto oom;
	if (nul_line) {
		if (!lesson_ctx_diag(ctx, nul_line, true,
				     "NUL bytes: this is not a text file"))
			goto oom;
	} else if (nbad > 16 && nbad > len / 8) {
		if (!lesson_ctx_diag(ctx, 1, true,
				     "mostly binary data: this is not a lesson file"))
			goto oom;
	}
	*outlen = out.len;
	return out.s;
oom:
	free(out.s);
	ctx->oom = true;
	return NULL;
}
