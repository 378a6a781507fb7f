/*
 * highlight.c — a small lexer per language for code blocks: keywords,
 * strings, comments and numbers, one style per byte.
 *
 * Lessons show short snippets, so a table-driven lexer that knows each
 * language's quotes and comments is enough; it never fails, and text it
 * does not recognise keeps the plain code style.
 */
#include <stdlib.h>
#include <string.h>

#include "layout/internal.h"

static const char *const kw_python[] = {
	"False", "None", "True", "and", "as", "assert", "async", "await",
	"break", "class", "continue", "def", "del", "elif", "else", "except",
	"finally", "for", "from", "global", "if", "import", "in", "is",
	"lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try",
	"while", "with", "yield",
};

static const char *const kw_c[] = {
	"_Alignas", "_Alignof", "_Atomic", "_Bool", "_Complex", "_Noreturn",
	"_Static_assert", "_Thread_local", "__device__", "__global__",
	"__host__", "__shared__", "auto", "bool", "break", "case", "char",
	"class", "const", "constexpr", "continue", "default", "do", "double",
	"else", "enum", "extern", "false", "float", "for", "goto", "if",
	"inline", "int", "long", "namespace", "nullptr", "register",
	"restrict", "return", "short", "signed", "size_t", "sizeof", "static",
	"struct", "switch", "template", "true", "typedef", "union", "unsigned",
	"using", "void", "volatile", "while",
};

static const char *const kw_shell[] = {
	"case", "do", "done", "elif", "else", "esac", "export", "fi", "for",
	"function", "if", "in", "local", "readonly", "return", "select",
	"then", "time", "until", "while",
};

struct lang {
	const char *const *kw;
	size_t nkw;
	const char *line_comment;   /* NULL: none */
	bool block_comment;         /* C's slash-star comments */
	bool preproc;               /* C's # lines */
	bool triple;                /* Python's triple-quoted strings */
	bool shell;                 /* # only starts a word; '' has no escapes */
};

#define KW(a) a, sizeof a / sizeof a[0]
static const struct lang lang_python = { KW(kw_python), "#", false, false,
					 true, false };
static const struct lang lang_c = { KW(kw_c), "//", true, true, false, false };
static const struct lang lang_shell = { KW(kw_shell), "#", false, false,
					false, true };

static const struct {
	const char *name;
	const struct lang *lang;
} lang_names[] = {
	{ "python", &lang_python }, { "py", &lang_python },
	{ "python3", &lang_python }, { "ipython", &lang_python },
	{ "ipython3", &lang_python }, { "pycon", &lang_python },
	{ "c", &lang_c }, { "h", &lang_c }, { "cpp", &lang_c },
	{ "c++", &lang_c }, { "cxx", &lang_c }, { "cuda", &lang_c },
	{ "cu", &lang_c }, { "hip", &lang_c },
	{ "bash", &lang_shell }, { "sh", &lang_shell },
	{ "shell", &lang_shell }, { "zsh", &lang_shell },
	{ "console", &lang_shell }, { "shell-session", &lang_shell },
};

static const struct lang *lang_find(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < sizeof lang_names / sizeof lang_names[0]; i++)
		if (strcmp(lang_names[i].name, name) == 0)
			return lang_names[i].lang;
	return NULL;
}

bool lay_highlight_known(const char *lang)
{
	return lang_find(lang) != NULL;
}

static bool is_ident(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
	    || (c >= '0' && c <= '9') || c == '_' || c >= 0x80;
}

static bool is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static bool keyword(const struct lang *l, const char *s, size_t n)
{
	size_t lo = 0, hi = l->nkw;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strncmp(l->kw[mid], s, n);
		if (c == 0 && l->kw[mid][n] != '\0')
			c = 1;
		if (c == 0)
			return true;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

static void fill(unsigned char *st, size_t a, size_t b, int style)
{
	memset(st + a, style, b - a);
}

/* End of a quoted string starting at s[i] (the quote). */
static size_t string_end(const struct lang *l, const char *s, size_t n,
			 size_t i)
{
	char q = s[i];
	if (l->triple && i + 2 < n && s[i + 1] == q && s[i + 2] == q) {
		for (size_t j = i + 3; j + 2 < n; j++) {
			if (s[j] == '\\') {
				j++;
				continue;
			}
			if (s[j] == q && s[j + 1] == q && s[j + 2] == q)
				return j + 3;
		}
		return n;
	}
	bool escapes = !(l->shell && q == '\'');
	for (size_t j = i + 1; j < n; j++) {
		if (escapes && s[j] == '\\') {
			j++;
			continue;
		}
		if (s[j] == q)
			return j + 1;
		if (s[j] == '\n' && !l->shell)
			return j;
	}
	return n;
}

static size_t line_end(const char *s, size_t n, size_t i)
{
	const char *nl = memchr(s + i, '\n', n - i);
	return nl ? (size_t)(nl - s) : n;
}

static bool line_start(const char *s, size_t i)
{
	while (i > 0 && (s[i - 1] == ' ' || s[i - 1] == '\t'))
		i--;
	return i == 0 || s[i - 1] == '\n';
}

void lay_highlight(const char *name, const char *s, size_t n,
		   unsigned char *st)
{
	fill(st, 0, n, LAYOUT_CODE);
	const struct lang *l = lang_find(name);
	if (!l)
		return;
	size_t lc = l->line_comment ? strlen(l->line_comment) : 0;
	size_t i = 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		size_t e;
		if (l->block_comment && c == '/' && i + 1 < n && s[i + 1] == '*') {
			const char *end = NULL;
			for (size_t j = i + 2; j + 1 < n; j++)
				if (s[j] == '*' && s[j + 1] == '/') {
					end = s + j + 2;
					break;
				}
			e = end ? (size_t)(end - s) : n;
			fill(st, i, e, LAYOUT_COMMENT);
			i = e;
		} else if (l->preproc && c == '#' && line_start(s, i)) {
			e = i + 1;
			while (e < n && (s[e] == ' ' || s[e] == '\t'))
				e++;
			while (e < n && is_ident((unsigned char)s[e]))
				e++;
			fill(st, i, e, LAYOUT_KEYWORD);
			i = e;
		} else if (lc && strncmp(s + i, l->line_comment, lc) == 0
			   && (!l->shell || i == 0 || s[i - 1] == ' '
			       || s[i - 1] == '\t' || s[i - 1] == '\n'
			       || s[i - 1] == ';')) {
			e = line_end(s, n, i);
			fill(st, i, e, LAYOUT_COMMENT);
			i = e;
		} else if (c == '"' || c == '\'') {
			e = string_end(l, s, n, i);
			fill(st, i, e, LAYOUT_STRING);
			i = e;
		} else if (is_digit(c) || (c == '.' && i + 1 < n
					   && is_digit((unsigned char)s[i + 1]))) {
			e = i + 1;
			while (e < n && (is_ident((unsigned char)s[e])
					 || s[e] == '.'
					 || ((s[e] == '+' || s[e] == '-')
					     && (s[e - 1] == 'e' || s[e - 1] == 'E'))))
				e++;
			fill(st, i, e, LAYOUT_NUMBER);
			i = e;
		} else if (is_ident(c)) {
			e = i + 1;
			while (e < n && (is_ident((unsigned char)s[e])
					 || (l->shell && s[e] == '-')))
				e++;
			if (keyword(l, s + i, e - i)
			    && !(l->shell && i > 0 && (s[i - 1] == '-'
						       || s[i - 1] == '/'
						       || s[i - 1] == '$')))
				fill(st, i, e, LAYOUT_KEYWORD);
			i = e;
		} else {
			i++;
		}
	}
}
