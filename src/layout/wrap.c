/*
 * wrap.c — inline text: lesson runs to styled text, and styled text to
 * lines no wider than the space left.
 *
 * Break opportunities come from libunistring's UAX #14 line breaking and
 * widths from uc_width over whole grapheme clusters, so CJK text breaks
 * between ideographs, and an emoji sequence or a letter with its
 * combining marks is never cut. A word wider than the line is cut
 * between grapheme clusters rather than allowed to overflow.
 */
#include <stdlib.h>
#include <string.h>

#include <unilbrk.h>

#include "layout/internal.h"

static int run_style(unsigned la, int base_style, int base_attr, int *attr)
{
	int a = base_attr;
	if (la & LESSON_EMPH)
		a |= LAYOUT_ITALIC;
	if (la & LESSON_STRONG)
		a |= LAYOUT_BOLD;
	if (la & LESSON_STRIKE)
		a |= LAYOUT_STRIKE;
	if (la & LESSON_LINK)
		a |= LAYOUT_UNDERLINE;
	*attr = a;
	if (la & LESSON_ATTR_CODE)
		return LAYOUT_CODE;
	if (la & LESSON_LINK)
		return LAYOUT_LINK;
	return base_style;
}

/* The URL is worth showing unless the text already says it. */
static bool url_shown(const char *text, size_t n, const char *href)
{
	if (!href || !*href)
		return false;
	if (strncmp(href, "mailto:", 7) == 0)
		href += 7;
	size_t hn = strlen(href);
	return !(hn == n && memcmp(text, href, n) == 0);
}

void lay_flatten(struct lay_build *lb, struct lay_sbuf *b,
		 const struct lesson_text *t, int base_style, int base_attr)
{
	if (!t || !t->s)
		return;
	size_t pos = 0, link_start = 0;
	const char *link = NULL;
	bool ok = true;
	for (size_t r = 0; ok && r <= t->nruns; r++) {
		const struct lesson_run *run = r < t->nruns ? &t->runs[r] : NULL;
		size_t off = run ? run->off : t->len;
		size_t len = run ? run->len : 0;
		if (off > t->len)
			off = t->len;
		if (len > t->len - off)
			len = t->len - off;
		const char *href = run && (run->attr & LESSON_LINK) ? run->href
								    : NULL;
		if (link && (off > pos || href != link)) {
			if (url_shown(b->s + link_start, b->len - link_start, link)) {
				ok = lay_sb_put(b, " <", 2, LAYOUT_URL, 0)
				  && lay_sb_put_text(b, link, strlen(link),
						     LAYOUT_URL, 0, false)
				  && lay_sb_put(b, ">", 1, LAYOUT_URL, 0);
			}
			link = NULL;
		}
		if (ok && off > pos)       /* a gap the runs do not cover */
			ok = lay_sb_put_text(b, t->s + pos, off - pos, base_style,
					     base_attr, true);
		if (!run || !ok)
			break;
		if (href && !link) {
			link = href;
			link_start = b->len;
		}
		int attr, style = run_style(run->attr, base_style, base_attr, &attr);
		ok = lay_sb_put_text(b, t->s + off, len, style, attr, true);
		if (off + len > pos)
			pos = off + len;
	}
	if (!ok)
		lb->oom = true;
}

void lay_wrap_init(struct lay_build *lb, struct lay_wrap *w,
		   const struct lay_sbuf *b, size_t start, size_t end)
{
	w->lb = lb;
	w->s = b->s;
	w->pos = start;
	w->end = end;
	w->base = start;
	w->stuck = SIZE_MAX;
	w->brk = NULL;
}

static bool is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
	    || (c >= '0' && c <= '9') || c == '_';
}

/* Break opportunities cost more than the rest of wrapping together, so
 * they are found only for text that does not fit on one line. */
static bool need_breaks(struct lay_wrap *w)
{
	if (w->brk)
		return true;
	struct lay_build *lb = w->lb;
	size_t n = w->end - w->base;
	if (!lay_grow((void **)&lb->brk, &lb->brk_cap, n, 1)) {
		lb->oom = true;
		w->pos = w->end;
		return false;
	}
	u8_possible_linebreaks((const uint8_t *)w->s + w->base, n, "UTF-8",
			       lb->brk);
	/* libunistring breaks "hello.|sh" and "numpy.|sum"; in lessons a dot
	 * between letters is nearly always a file or a name, kept whole */
	const char *t = w->s + w->base;
	for (size_t i = 1; i + 1 < n; i++)
		if (t[i] == '.' && lb->brk[i + 1] == UC_BREAK_POSSIBLE
		    && is_alnum(t[i - 1]) && is_alnum(t[i + 1]))
			lb->brk[i + 1] = UC_BREAK_PROHIBITED;
	w->brk = lb->brk;
	return true;
}

static bool can_break(const struct lay_wrap *w, size_t i)
{
	char k = w->brk[i - w->base];
	return k == UC_BREAK_POSSIBLE || k == UC_BREAK_HYPHENATION;
}

bool lay_wrap_next(struct lay_wrap *w, int avail, size_t *pa, size_t *pb,
		   int *width)
{
	const char *s = w->s;
	size_t i = w->pos;
	while (i < w->end && s[i] == ' ')
		i++;
	if (i >= w->end)
		return false;
	if (!w->brk) {
		/* the rest fits on this line: no breaks needed */
		size_t n = w->end - i;
		int tw = memchr(s + i, '\n', n) ? avail + 1 : lay_width(s + i, n);
		if (tw <= avail) {
			size_t e = w->end;
			while (e > i && s[e - 1] == ' ') {
				e--;
				tw--;
			}
			w->pos = w->end;
			*pa = i;
			*pb = e;
			*width = tw;
			return true;
		}
		if (!need_breaks(w))
			return false;
	}
	size_t a = i, bp = 0;
	int col = 0, bp_col = 0;
	while (i < w->end) {
		if (s[i] == '\n') {
			w->pos = i + 1;
			goto line;
		}
		if (i > a && can_break(w, i)) {
			bp = i;
			bp_col = col;
		}
		size_t next;
		int gw = lay_grapheme(s, i, w->end, &next);
		if (col + gw > avail) {
			if (s[i] == ' ') {
				w->pos = i;
			} else if (bp > a) {
				i = bp;
				col = bp_col;
				w->pos = bp;
			} else if (i > a) {
				w->pos = i;
			} else if (w->stuck == i) {
				/* wider than any line can be: dropped */
				w->pos = next;
				w->stuck = SIZE_MAX;
			} else {
				w->stuck = i;
				w->pos = i;
			}
			goto line;
		}
		col += gw;
		i = next;
	}
	w->pos = i;
line:
	while (i > a && s[i - 1] == ' ') {
		i--;
		col--;
	}
	*pa = a;
	*pb = i;
	*width = col;
	return true;
}

void lay_measure(struct lay_wrap *w, int *natural, int *word)
{
	*natural = *word = 0;
	if (w->end <= w->pos || !need_breaks(w))
		return;
	int line = 0, piece = 0, nat = 0, wd = 0;
	for (size_t i = w->pos; i < w->end;) {
		const char c = w->s[i];
		if (c == '\n') {
			line = piece = 0;
			i++;
			continue;
		}
		if (i > w->pos && can_break(w, i))
			piece = 0;
		size_t next;
		int gw = lay_grapheme(w->s, i, w->end, &next);
		line += gw;
		if (c != ' ')
			piece += gw;
		if (line > nat)
			nat = line;
		if (piece > wd)
			wd = piece;
		i = next;
	}
	*natural = nat;
	*word = wd;
}

void lay_wrap_sbuf(struct lay_build *lb, const struct lay_sbuf *b)
{
	struct lay_wrap w;
	lay_wrap_init(lb, &w, b, 0, b->len);
	size_t a, e;
	int wd;
	while (!lb->oom && lay_wrap_next(&w, lay_avail(lb), &a, &e, &wd)) {
		lay_line_begin(lb);
		lay_put_range(lb, b, a, e, -1, 0, 0);
		lay_line_end(lb);
	}
}

void lay_text(struct lay_build *lb, const struct lesson_text *t,
	      int style, int attr)
{
	lay_sb_reset(&lb->tmp);
	lay_flatten(lb, &lb->tmp, t, style, attr);
	lay_wrap_sbuf(lb, &lb->tmp);
}
