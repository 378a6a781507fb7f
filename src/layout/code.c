/*
 * code.c — code blocks: never wrapped (a wrapped line of code is a
 * different program), highlighted, indented, and cut at the page edge
 * with a mark when too wide; opts->hscroll scrolls the wide ones.
 */
#include <string.h>

#include "layout/internal.h"

enum code_kind { CODE_PLAIN, CODE_CONSOLE, CODE_OUTPUT };

static const struct {
	const char *lang;
	enum code_kind kind;
} code_kinds[] = {
	{ "console", CODE_CONSOLE }, { "shell-session", CODE_CONSOLE },
	{ "output", CODE_OUTPUT }, { "out", CODE_OUTPUT },
};

static enum code_kind code_kind(const char *lang)
{
	for (size_t i = 0; lang && i < sizeof code_kinds / sizeof code_kinds[0]; i++)
		if (strcmp(code_kinds[i].lang, lang) == 0)
			return code_kinds[i].kind;
	return CODE_PLAIN;
}

/* A console session: "$ " lines are a prompt and a shell command,
 * everything else is what the commands printed. */
static void highlight_console(const char *s, size_t n, unsigned char *st)
{
	size_t i = 0;
	while (i < n) {
		const char *nl = memchr(s + i, '\n', n - i);
		size_t e = nl ? (size_t)(nl - s) : n;
		if (e - i >= 2 && s[i] == '$' && s[i + 1] == ' ') {
			memset(st + i, LAYOUT_PROMPT, 2);
			lay_highlight("bash", s + i + 2, e - i - 2, st + i + 2);
		} else {
			memset(st + i, LAYOUT_OUTPUT, e - i);
		}
		if (e < n)
			st[e] = LAYOUT_OUTPUT;
		i = e + 1;
	}
}

/* Builds line [a, e) of the code, styled, into the wide buffer. */
static bool code_line(struct lay_build *lb, const char *s, size_t a, size_t e)
{
	lay_sb_reset(&lb->wide);
	while (a < e) {
		size_t k = a + 1;
		while (k < e && lb->hl[k] == lb->hl[a])
			k++;
		if (!lay_sb_put_text(&lb->wide, s + a, k - a, lb->hl[a], 0, false))
			return false;
		a = k;
	}
	return true;
}

/* The file a snippet is saved as (`name=FILE` in its info string), or
 * NULL: the reader needs it when a later block runs `python3 FILE`. */
static const char *code_name(const char *info, size_t *len)
{
	for (const char *p = info; p && *p;) {
		while (*p == ' ' || *p == '\t')
			p++;
		size_t n = strcspn(p, " \t");
		if (n > 5 && strncmp(p, "name=", 5) == 0) {
			*len = n - 5;
			return p + 5;
		}
		p += n;
	}
	return NULL;
}

void lay_code(struct lay_build *lb, const struct lesson_block *b)
{
	const char *s = b->code ? b->code : "";
	size_t n = strlen(s);
	if (!lay_grow((void **)&lb->hl, &lb->hl_cap, n + 1, 1)) {
		lb->oom = true;
		return;
	}
	switch (code_kind(b->lang)) {
	case CODE_CONSOLE:
		highlight_console(s, n, lb->hl);
		break;
	case CODE_OUTPUT:
		memset(lb->hl, LAYOUT_OUTPUT, n);
		break;
	default:
		lay_highlight(b->kind == LESSON_HTML ? NULL : b->lang, s, n,
			      lb->hl);
		break;
	}

	int indent = lay_avail(lb) >= 16 ? 2 : 0;
	int avail = lay_avail(lb) - indent;
	size_t nlen;
	const char *name = b->kind == LESSON_CODE ? code_name(b->info, &nlen)
						  : NULL;
	if (name) {
		lay_sb_reset(&lb->wide);
		if (!lay_sb_put_text(&lb->wide, name, nlen, LAYOUT_META,
				     LAYOUT_BOLD, false)
		    || !lay_sb_put(&lb->wide, ":", 1, LAYOUT_META, LAYOUT_BOLD)) {
			lb->oom = true;
			return;
		}
		lay_line_begin(lb);
		lay_put_spaces(lb, indent, LAYOUT_TEXT);
		lay_put_cut(lb, lb->wide.s, lb->wide.len, avail, LAYOUT_META,
			    LAYOUT_BOLD);
		lay_line_end(lb);
	}
	int maxw = 0;
	for (size_t i = 0; i <= n;) {
		const char *nl = memchr(s + i, '\n', n - i);
		size_t e = nl ? (size_t)(nl - s) : n;
		int w = lay_width(s + i, e - i);
		if (w > maxw)
			maxw = w;
		i = e + 1;
	}
	if (maxw > avail)
		lb->has_wide = true;
	int hs = lay_hscroll(lb, maxw, avail);
	for (size_t i = 0; i <= n && !lb->oom;) {
		const char *nl = memchr(s + i, '\n', n - i);
		size_t e = nl ? (size_t)(nl - s) : n;
		if (!code_line(lb, s, i, e)) {
			lb->oom = true;
			return;
		}
		int w = lay_width(lb->wide.s, lb->wide.len);
		lay_line_begin(lb);
		lay_put_spaces(lb, indent, LAYOUT_TEXT);
		lay_put_clipped(lb, &lb->wide, w, hs, avail);
		lay_line_end(lb);
		i = e + 1;
	}
}
