/*
 * directive.c — MyST directives: the table of the ones we know, their
 * options, and what each does with its body.
 *
 * A directive reaches us as the info string and verbatim body of a fenced
 * block. Option lines (":key: value", or a "---" block of "key: value")
 * open the body; they are read and blanked so that line numbers inside
 * the body stay true when it is parsed again as Markdown.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lesson/internal.h"

enum {
	D_FOLD = 1 << 0,      /* always folded (solution) */
	D_EMPTY_OK = 1 << 1,  /* an empty body is normal */
	D_RAW = 1 << 2,       /* the body is not Markdown */
};

static const char *const opts_common[] = { "class", "name", "nocolor", NULL };
static const char *const opts_admonition[] = { "class", "name", "nocolor",
					       "collapsible", NULL };
static const char *const opts_csv[] = { "class", "name", "header", "delim",
	"widths", "header-rows", "stub-columns", "align", "width", "quote",
	"keepspace", "escape", NULL };
static const char *const opts_toctree[] = { "class", "name", "maxdepth",
	"caption", "hidden", "titlesonly", "glob", "numbered", "reversed",
	"includehidden", NULL };
static const char *const opts_highlight[] = { "linenothreshold", "force",
					      NULL };

static const struct directive_def {
	const char *name;
	enum lesson_directive d;
	unsigned flags;
	const char *const *options;
} directives[] = {
	{ "unknown",         LESSON_DIR_UNKNOWN,         0, NULL },
	{ "questions",       LESSON_DIR_QUESTIONS,       0, opts_common },
	{ "objectives",      LESSON_DIR_OBJECTIVES,      0, opts_common },
	{ "prereq",          LESSON_DIR_PREREQ,          0, opts_common },
	{ "keypoints",       LESSON_DIR_KEYPOINTS,       0, opts_common },
	{ "exercise",        LESSON_DIR_EXERCISE,        0, opts_common },
	{ "solution",        LESSON_DIR_SOLUTION,   D_FOLD, opts_common },
	{ "discussion",      LESSON_DIR_DISCUSSION,      0, opts_common },
	{ "callout",         LESSON_DIR_CALLOUT,         0, opts_common },
	{ "important",       LESSON_DIR_IMPORTANT,       0, opts_common },
	{ "note",            LESSON_DIR_NOTE,            0, opts_common },
	{ "warning",         LESSON_DIR_WARNING,         0, opts_common },
	{ "instructor-note", LESSON_DIR_INSTRUCTOR_NOTE, 0, opts_common },
	{ "type-along",      LESSON_DIR_TYPE_ALONG,      0, opts_common },
	{ "admonition",      LESSON_DIR_ADMONITION,      0, opts_admonition },
	{ "csv-table",       LESSON_DIR_CSV_TABLE,   D_RAW, opts_csv },
	{ "toctree",         LESSON_DIR_TOCTREE,     D_RAW, opts_toctree },
	{ "highlight",       LESSON_DIR_HIGHLIGHT,
					  D_EMPTY_OK | D_RAW, opts_highlight },
	{ "kernel",          LESSON_DIR_KERNEL,     D_EMPTY_OK, opts_common },
};

/* Other spellings sphinx-lesson pages use for the same boxes. */
static const struct {
	const char *name;
	enum lesson_directive d;
} aliases[] = {
	{ "challenge", LESSON_DIR_EXERCISE },
	{ "prerequisites", LESSON_DIR_PREREQ },
};

/* Sphinx directives that are just code blocks. */
static const char *const code_directives[] = { "code-block", "code",
					       "sourcecode", NULL };

/* Drops spaces and tabs from both ends of s[0..*n). */
static void trim(const char **s, size_t *n)
{
	while (*n && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*n)--;
	}
	while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
		(*n)--;
}

/* Whether s[0..n) spells word, case aside. */
static bool name_is(const char *word, const char *s, size_t n)
{
	return strlen(word) == n && strncasecmp(word, s, n) == 0;
}

const char *lesson_directive_name(enum lesson_directive d)
{
	if ((unsigned)d >= LESSON_DIR_COUNT)
		return "unknown";
	return directives[d].name;
}

enum lesson_directive lesson_directive_lookup(const char *name, size_t len)
{
	for (size_t i = 1; i < sizeof directives / sizeof *directives; i++)
		if (name_is(directives[i].name, name, len))
			return directives[i].d;
	for (size_t i = 0; i < sizeof aliases / sizeof *aliases; i++)
		if (name_is(aliases[i].name, name, len))
			return aliases[i].d;
	return LESSON_DIR_UNKNOWN;
}

bool lesson_directive_raw(const char *name, size_t len)
{
	trim(&name, &len);
	for (size_t i = 0; code_directives[i]; i++)
		if (name_is(code_directives[i], name, len))
			return true;
	enum lesson_directive d = lesson_directive_lookup(name, len);
	return d != LESSON_DIR_UNKNOWN && (directives[d].flags & D_RAW);
}

const char *lesson_ctx_lang(const struct lesson_ctx *ctx)
{
	return ctx->default_lang ? ctx->default_lang : "";
}

static bool opt_known(const char *const *list, const char *key)
{
	for (; list && *list; list++)
		if (strcmp(*list, key) == 0)
			return true;
	return false;
}

static bool add_option(struct lesson_block *b, const char *k, size_t nk,
		       const char *v, size_t nv)
{
	trim(&v, &nv);
	struct lesson_option *o = realloc(b->options,
					  (b->noptions + 1) * sizeof *o);
	if (!o)
		return false;
	b->options = o;
	o = &o[b->noptions];
	o->key = lesson_detab(strndup(k, nk));
	o->value = lesson_detab(strndup(v, nv));
	if (!o->key || !o->value) {
		free(o->key);
		free(o->value);
		return false;
	}
	b->noptions++;
	return true;
}

/* Reads the option lines at the top of body and blanks them. */
static bool read_options(struct lesson_ctx *ctx, struct lesson_block *b,
			 char *body, size_t n, int fence_line)
{
	const struct directive_def *def = &directives[b->directive];
	size_t p = 0;
	int line = fence_line + 1;
	bool yaml = false;
	if (n >= 3 && memcmp(body, "---", 3) == 0) {
		const char *e = memchr(body, '\n', n);
		size_t l = e ? (size_t)(e - body) : n;
		if (strspn(body + 3, " \t") == l - 3) {
			/* Only when a closing "---" follows. */
			for (size_t q = l + 1; q < n;) {
				const char *e2 = memchr(body + q, '\n', n - q);
				size_t l2 = e2 ? (size_t)(e2 - (body + q)) : n - q;
				if (l2 >= 3 && memcmp(body + q, "---", 3) == 0 &&
				    strspn(body + q + 3, " \t") >= l2 - 3) {
					yaml = true;
					break;
				}
				q += l2 + 1;
			}
		}
	}
	if (yaml) {
		memset(body, ' ', 3);
		p = (size_t)((char *)memchr(body, '\n', n) - body) + 1;
		line++;
	}
	while (p < n) {
		const char *e = memchr(body + p, '\n', n - p);
		size_t l = e ? (size_t)(e - (body + p)) : n - p;
		char *s = body + p;
		const char *key, *val;
		size_t nkey, nval;
		if (yaml) {
			if (l >= 3 && memcmp(s, "---", 3) == 0) {
				memset(s, ' ', l);
				break;
			}
			const char *c = memchr(s, ':', l);
			size_t lead = strspn(s, " \t");
			if (!c || lead >= l) {
				memset(s, ' ', l);
				p += l + 1;
				line++;
				continue;
			}
			key = s + lead;
			nkey = (size_t)(c - key);
			val = c + 1;
			nval = l - (size_t)(val - s);
		} else {
			size_t lead = strspn(s, " \t");
			if (lead >= l || s[lead] != ':')
				break;
			const char *c = memchr(s + lead + 1, ':', l - lead - 1);
			if (!c || c == s + lead + 1)
				break;
			key = s + lead + 1;
			nkey = (size_t)(c - key);
			if (memchr(key, ' ', nkey))
				break;
			val = c + 1;
			nval = l - (size_t)(val - s);
		}
		while (nkey && key[nkey - 1] == ' ')
			nkey--;
		if (!add_option(b, key, nkey, val, nval))
			return false;
		if (b->directive != LESSON_DIR_UNKNOWN &&
		    !opt_known(def->options, b->options[b->noptions - 1].key) &&
		    !lesson_ctx_diag(ctx, line, false,
				     "{%s} has no option '%s'; ignored",
				     def->name, b->options[b->noptions - 1].key))
			return false;
		memset(s, ' ', l);
		p += l + 1;
		line++;
	}
	return true;
}

static bool has_class(const struct lesson_block *b, const char *word)
{
	const char *v = lesson_block_option(b, "class");
	size_t n = strlen(word);
	while (v && *v) {
		v += strspn(v, " \t,");
		size_t k = strcspn(v, " \t,");
		if (k == n && strncmp(v, word, n) == 0)
			return true;
		v += k;
	}
	return false;
}

static bool blank_text(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n')
			return false;
	return true;
}

static bool toctree_items(struct lesson_block *b, const char *body, size_t n)
{
	for (size_t p = 0; p < n;) {
		const char *e = memchr(body + p, '\n', n - p);
		size_t l = e ? (size_t)(e - (body + p)) : n - p;
		const char *s = body + p;
		p += l + 1;
		trim(&s, &l);
		if (!l || *s == ':')
			continue;
		char **v = realloc(b->items, (b->nitems + 1) * sizeof *v);
		if (!v)
			return false;
		b->items = v;
		if (!(v[b->nitems] = lesson_detab(strndup(s, l))))
			return false;
		b->nitems++;
	}
	return true;
}

/* A {code-block} lang: a plain code block, option lines dropped. */
static struct lesson_block *code_directive(const char *title, char *body,
					   size_t n, int line)
{
	struct lesson_block *b = lesson_block_new(LESSON_CODE, line);
	if (!b)
		return NULL;
	/* Skip the blanked option lines and blank lines before the code. */
	size_t p = 0;
	for (size_t q = 0; q < n; q++) {
		if (body[q] == '\n')
			p = q + 1;
		else if (body[q] != ' ' && body[q] != '\t')
			break;
	}
	while (n > p && (body[n - 1] == '\n' || body[n - 1] == ' '))
		n--;
	size_t nl = strcspn(title, " \t");
	const char *rest = title + nl + strspn(title + nl, " \t");
	b->code = lesson_expand_tabs(body + p, n - p);
	b->lang = strndup(title, nl);
	b->info = lesson_detab(strdup(rest));
	if (!b->code || !b->lang || !b->info) {
		lesson_block_free(b);
		return NULL;
	}
	return b;
}

struct lesson_block *lesson_directive_build(struct lesson_ctx *ctx,
					    const char *info, size_t ninfo,
					    const char *body0, size_t nbody,
					    int fence_line, int depth,
					    int tree_depth)
{
	const char *close = memchr(info, '}', ninfo);
	const char *name = info + 1;
	size_t nname = (size_t)(close - name);
	while (nname && *name == ' ') {
		name++;
		nname--;
	}
	while (nname && name[nname - 1] == ' ')
		nname--;
	const char *title = close + 1;
	size_t ntitle = ninfo - (size_t)(title - info);
	trim(&title, &ntitle);

	struct lesson_block *b = lesson_block_new(LESSON_DIRECTIVE, fence_line);
	char *body = malloc(nbody + 1);
	if (!b || !body)
		goto oom;
	memcpy(body, body0, nbody);
	body[nbody] = '\0';
	b->directive = lesson_directive_lookup(name, nname);
	b->name = lesson_detab(strndup(name, nname));
	b->title = lesson_detab(strndup(title, ntitle));
	b->id = -1;
	if (!b->name || !b->title)
		goto oom;
	if (!read_options(ctx, b, body, nbody, fence_line))
		goto oom;

	if (b->directive == LESSON_DIR_UNKNOWN) {
		for (size_t i = 0; code_directives[i]; i++)
			if (strcasecmp(b->name, code_directives[i]) == 0) {
				struct lesson_block *c = code_directive(b->title,
						body, nbody, fence_line);
				lesson_block_free(b);
				free(body);
				if (!c)
					ctx->oom = true;
				return c;
			}
	}

	const struct directive_def *def = &directives[b->directive];
	bool empty = blank_text(body, nbody);
	/* Unknown ones ({figure}, {include}) often have no body: no fuss. */
	if (empty && !(def->flags & D_EMPTY_OK) &&
	    b->directive != LESSON_DIR_UNKNOWN &&
	    !lesson_ctx_diag(ctx, fence_line, false,
			     "{%s} directive has an empty body", b->name))
		goto oom;

	/* Exercises and kernels keep their own index in id: they never fold. */
	if ((def->flags & D_FOLD) ||
	    (has_class(b, "dropdown") && b->directive != LESSON_DIR_EXERCISE &&
	     b->directive != LESSON_DIR_KERNEL)) {
		b->folded = true;
		b->id = ctx->page->nfolds++;
	}

	bool parse_body = false;
	switch (b->directive) {
	case LESSON_DIR_EXERCISE:
		b->id = ctx->page->nexercises++;
		parse_body = true;
		break;
	case LESSON_DIR_KERNEL:
		if (!lesson_kernel_add(ctx, b))
			goto oom;
		parse_body = true;
		break;
	case LESSON_DIR_HIGHLIGHT: {
		size_t nl = strcspn(b->title, " \t");
		if (!nl) {
			if (!lesson_ctx_diag(ctx, fence_line, false,
					     "{highlight} names no language"))
				goto oom;
			break;
		}
		free(ctx->default_lang);
		ctx->default_lang = strndup(b->title, nl);
		if (!ctx->default_lang)
			goto oom;
		break;
	}
	case LESSON_DIR_ADMONITION:
		if (!*b->title &&
		    !lesson_ctx_diag(ctx, fence_line, false,
				     "{admonition} needs a title"))
			goto oom;
		parse_body = true;
		break;
	case LESSON_DIR_CSV_TABLE:
		if (!lesson_csv_table(ctx, b, body, nbody, fence_line))
			goto oom;
		break;
	case LESSON_DIR_TOCTREE:
		if (!toctree_items(b, body, nbody))
			goto oom;
		break;
	default:
		parse_body = true;
	}

	if (parse_body && !empty) {
		if (depth + 1 > LESSON_MAX_DIRECTIVE_DEPTH) {
			if (!lesson_ctx_diag(ctx, fence_line, true,
				"directives nested more than %d deep; body shown as text",
				LESSON_MAX_DIRECTIVE_DEPTH))
				goto oom;
			struct lesson_block *c = code_directive("", body, nbody,
								fence_line + 1);
			if (!c || !lesson_block_append(ctx, b, c)) {
				lesson_block_free(c);
				goto oom;
			}
		} else if (!lesson_markdown(ctx, body, nbody, fence_line, b,
					    depth + 1, tree_depth + 1)) {
			goto oom;
		}
	}
	free(body);
	return b;
oom:
	ctx->oom = true;
	free(body);
	lesson_block_free(b);
	return NULL;
}

/* Kernel names are words a shell and a file name can carry. */
static bool kernel_name_ok(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-' && s[i] != '_')
			return false;
	return n > 0;
}

bool lesson_kernel_add(struct lesson_ctx *ctx, struct lesson_block *b)
{
	const char *a = b->title;
	size_t nl = strcspn(a, " \t");
	if (!nl)
		return lesson_ctx_diag(ctx, b->line, true,
				       "{kernel} names no kernel (```{kernel} sum --n 10M)");
	if (!kernel_name_ok(a, nl))
		return lesson_ctx_diag(ctx, b->line, true,
				       "{kernel} '%.*s' is not a kernel name",
				       (int)nl, a);
	struct lesson_page *pg = ctx->page;
	if (pg->nkernels == ctx->kcap) {
		size_t cap = ctx->kcap ? ctx->kcap * 2 : 4;
		struct lesson_kernel *v = realloc(pg->kernels, cap * sizeof *v);
		if (!v)
			return false;
		pg->kernels = v;
		ctx->kcap = cap;
	}
	struct lesson_kernel *k = &pg->kernels[pg->nkernels];
	k->args = strdup(a);
	k->name = strndup(a, nl);
	k->line = b->line;
	if (!k->args || !k->name) {
		free(k->args);
		free(k->name);
		return false;
	}
	b->id = (int)pg->nkernels++;
	return true;
}
