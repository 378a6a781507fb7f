/*
 * toc.c — the table of contents: every page with its reading marks.
 *
 * One row per page: the page being read, whether it has been seen, its
 * number and title, and how many of its exercises are done. Its keys are
 * a table in keys.c like the pager's.
 */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "tui/app.h"

void toc_open(struct app *a)
{
	a->mode = MODE_TOC;
	a->toc_sel = a->page;
	a->toc_top = 0;
}

void toc_draw(struct app *a)
{
	size_t view = app_full_rows(a), n = a->set->n;
	char title[64];

	/* Keep the selection on screen. */
	if (a->toc_sel < a->toc_top)
		a->toc_top = a->toc_sel;
	if (view && a->toc_sel >= a->toc_top + view)
		a->toc_top = a->toc_sel - view + 1;

	snprintf(title, sizeof title, "Contents %s %zu pages",
		 crt_glyph(a, "·", "-"), n);
	pager_bar(a, 0, title, NULL);
	for (size_t i = 0; i < view; i++) {
		size_t p = a->toc_top + i;
		int y = 1 + (int)i;
		move(y, 0);
		clrtoeol();
		if (p >= n)
			continue;
		const struct lesson_page *pg = a->set->pages[p];
		bool sel = p == a->toc_sel;
		int base = sel ? crt_ui(CRT_SELECT) : (int)A_NORMAL;

		if (sel) {
			attrset(base);
			for (int x = 0; x < a->cols; x++)
				addch(' ');
		}
		move(y, 1);
		attrset(base);
		addstr(p == a->page ? crt_glyph(a, "▸", ">") : " ");
		move(y, 3);
		bool seen = progress_seen(a->progress, pg->slug);
		attrset(sel ? base : crt_ui(CRT_DONE));
		addstr(seen ? crt_glyph(a, "✓", "*") : " ");
		attrset(base);

		char right[64] = "";
		if (pg->nexercises > 0) {
			int done = progress_exercises_done(a->progress, pg->slug);
			snprintf(right, sizeof right, "%d/%d exercise%s done%s", done,
				 pg->nexercises, pg->nexercises == 1 ? "" : "s",
				 done >= pg->nexercises ? crt_glyph(a, " ✓", " *") : "");
		}
		int rw = (int)layout_str_width(right, strlen(right));
		char label[512];
		snprintf(label, sizeof label, "%d. %s", pager_number(a, p), pg->title);
		move(y, 5);
		int room = a->cols - 5 - 2 - (rw ? rw + 2 : 0);
		size_t lw = layout_str_width(label, strlen(label));
		if ((int)lw > room) {
			crt_put(label, strlen(label), room - 1);
			addstr(crt_glyph(a, "…", "~"));
		} else {
			crt_put(label, strlen(label), room);
		}
		if (rw) {
			move(y, a->cols - 2 - rw);
			crt_put(right, strlen(right), rw);
		}
		attrset(A_NORMAL);
	}
	pager_status(a, "[Enter] open  [j/k] move  [t] back");
}
