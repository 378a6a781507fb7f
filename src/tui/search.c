/*
 * search.c — `/` and n/N: find text on this page, then on the pages
 * after it (before it, going back), wrapping round the whole set.
 *
 * Matching is on the laid-out text, ignoring ASCII case, so what is found
 * is what is on screen; folded solutions are not laid out and so not
 * searched, which keeps their answers hidden until asked for.
 */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "tui/app.h"

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static bool match_at(const char *s, const char *pat, size_t plen)
{
	for (size_t i = 0; i < plen; i++)
		if (lower((unsigned char)s[i]) != lower((unsigned char)pat[i]))
			return false;
	return true;
}

size_t search_matches(const struct app *a, const char *text, size_t len,
		      size_t *off, size_t max)
{
	size_t plen = strlen(a->pattern), n = 0;

	if (!plen || len < plen)
		return 0;
	for (size_t i = 0; i + plen <= len && n < max; i++)
		if (match_at(text + i, a->pattern, plen)) {
			off[n++] = i;
			i += plen - 1;
		}
	return n;
}

void search_start(struct app *a)
{
	a->mode = MODE_SEARCH;
	a->typed_len = 0;
	a->typed[0] = '\0';
}

/* The first match in lay at or after (line, off) going forward, or the
 * last one strictly before it going back. */
static bool find_in(const struct app *a, const struct layout *lay, int dir,
		    size_t line, size_t off, size_t *mline, size_t *moff)
{
	size_t o[64];

	if (lay->nlines == 0)
		return false;
	if (dir > 0) {
		for (size_t l = line; l < lay->nlines; l++) {
			size_t n = search_matches(a, lay->lines[l].text,
						  lay->lines[l].len, o, 64);
			for (size_t i = 0; i < n; i++)
				if (l > line || o[i] >= off) {
					*mline = l;
					*moff = o[i];
					return true;
				}
		}
		return false;
	}
	if (line >= lay->nlines) {
		line = lay->nlines - 1;
		off = (size_t)-1;
	}
	for (size_t l = line + 1; l-- > 0;) {
		size_t n = search_matches(a, lay->lines[l].text,
					  lay->lines[l].len, o, 64);
		for (size_t i = n; i-- > 0;)
			if (l < line || o[i] < off) {
				*mline = l;
				*moff = o[i];
				return true;
			}
	}
	return false;
}

static void show_match(struct app *a, size_t line, size_t off)
{
	size_t view = pager_view_rows(a);

	a->have_match = true;
	a->match_line = line;
	a->match_off = off;
	a->match_len = strlen(a->pattern);
	if (line < a->top || line >= a->top + view)
		pager_scroll_to(a, (long)line - 2);
}

/* Lay out another page as the learner would see it at this width. */
static struct layout *layout_other(struct app *a, size_t page)
{
	const struct lesson_page *pg = a->set->pages[page];
	struct layout_opts o = {
		.width = pager_width(a),
		.utf8 = a->utf8,
		.unfolded = a->unfolded[page],
		.nunfolded = a->unfolded[page] ? (size_t)pg->nfolds : 0,
	};
	return layout_page(pg, &o);
}

void search_next(struct app *a, int dir)
{
	size_t line, off, ml, mo;

	if (!a->pattern[0]) {
		app_message(a, "Nothing to search for yet: press / first");
		return;
	}
	size_t view = pager_view_rows(a);
	if (a->have_match && a->match_line >= a->top &&
	    a->match_line < a->top + view) {
		line = a->match_line;
		off = dir > 0 ? a->match_off + 1 : a->match_off;
	} else {
		line = a->top;
		off = 0;
	}
	if (find_in(a, a->lay, dir, line, off, &ml, &mo)) {
		show_match(a, ml, mo);
		return;
	}

	/* The other pages, in order, round to this one again. */
	size_t n = a->set->n;
	for (size_t k = 1; k <= n; k++) {
		size_t p = dir > 0 ? (a->page + k) % n : (a->page + n - k % n) % n;
		bool wrapped = dir > 0 ? p <= a->page : p >= a->page;
		if (p == a->page) {
			/* Back where we started: the part not yet searched. */
			size_t from_line = dir > 0 ? 0 : a->lay->nlines;
			if (find_in(a, a->lay, dir, from_line, 0, &ml, &mo) &&
			    (dir > 0 ? (ml < line || (ml == line && mo < off))
				     : (ml > line || (ml == line && mo >= off)))) {
				show_match(a, ml, mo);
				app_message(a, "Search wrapped round to this page");
				return;
			}
			break;
		}
		struct layout *lay = layout_other(a, p);
		if (!lay) {
			a->oom = true;
			return;
		}
		bool found = find_in(a, lay, dir, dir > 0 ? 0 : lay->nlines, 0,
				     &ml, &mo);
		layout_free(lay);
		if (!found)
			continue;
		if (pager_open(a, p) != 0)
			return;
		show_match(a, ml, mo);
		app_message(a, "Found on page %d%s", pager_number(a, p),
			    wrapped ? " (search wrapped round)" : "");
		return;
	}
	app_message(a, "Not found: %s", a->pattern);
}

static void commit(struct app *a)
{
	a->mode = MODE_PAGER;
	if (a->typed_len == 0 && !a->pattern[0])
		return;
	if (a->typed_len > 0)
		memcpy(a->pattern, a->typed, a->typed_len + 1);
	/* A new search starts at the top of the screen, this line included. */
	a->have_match = false;
	search_next(a, +1);
}

void search_key(struct app *a, int ch)
{
	switch (ch) {
	case 27:            /* Esc */
	case 7:             /* Ctrl-G */
		a->mode = MODE_PAGER;
		return;
	case '\n': case '\r': case KEY_ENTER:
		commit(a);
		return;
	case KEY_BACKSPACE: case 127: case 8:
		if (a->typed_len == 0) {
			a->mode = MODE_PAGER;
			return;
		}
		/* Remove a whole UTF-8 character. */
		do
			a->typed_len--;
		while (a->typed_len > 0 &&
		       ((unsigned char)a->typed[a->typed_len] & 0xc0) == 0x80);
		a->typed[a->typed_len] = '\0';
		return;
	case 21:            /* Ctrl-U */
		a->typed_len = 0;
		a->typed[0] = '\0';
		return;
	}
	if (ch < ' ' || ch > 0xff || ch == 0x7f)
		return;
	if (a->typed_len + 1 < sizeof a->typed) {
		a->typed[a->typed_len++] = (char)ch;
		a->typed[a->typed_len] = '\0';
	}
}

void search_draw_prompt(struct app *a)
{
	int y = a->rows - 1;

	attrset(A_NORMAL);
	move(y, 0);
	clrtoeol();
	addch('/');
	/* Show the end of a long pattern. */
	const char *s = a->typed;
	while (layout_str_width(s, strlen(s)) > (size_t)(a->cols - 3) && *s)
		s++;
	while ((*s & 0xc0) == 0x80)
		s++;
	crt_put(s, strlen(s), a->cols - 2);
	attrset(A_REVERSE);
	addch(' ');
	attrset(A_NORMAL);
}
