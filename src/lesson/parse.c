/*
 * parse.c — md4c's callbacks turned into lesson blocks.
 *
 * md4c reports blocks, spans and text; this file keeps a stack of the
 * open containers and builds the tree. md4c gives no positions, but the
 * text it hands over points into our buffer, so a block's line is the
 * line of the first text inside it. Fenced code whose info string starts
 * with "{name}" is a directive: its verbatim body goes to directive.c,
 * which parses it again through lesson_markdown().
 */
#include <md4c.h>
#include <stdlib.h>
#include <string.h>

#include "lesson/internal.h"

#define LESSON_MD_FLAGS (MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | \
			 MD_FLAG_TASKLISTS | MD_FLAG_PERMISSIVEAUTOLINKS)

/* What an md4c block became, so leave_block knows what to close. */
enum frame_kind { F_NONE, F_CONTAINER, F_SKIP, F_TEXT, F_CODE, F_HTML,
		  F_TABLE, F_ROW, F_CELL };

struct frame {
	enum frame_kind kind;
	struct lesson_block *b;
};

struct span {
	unsigned attr;      /* this span's and all enclosing spans' bits */
	char *href;         /* owned; LINK spans only */
	const char *cur;    /* the innermost link target, borrowed */
};

struct table_state {
	struct lesson_text *cells;   /* grows row by row */
	size_t *rowlen;              /* cells in each row */
	size_t ncells, capcells, nrows, caprows, ncols;
	enum lesson_align *align;
	size_t nalign;
};

struct pstate {
	struct lesson_ctx *ctx;
	const char *src;
	size_t len;
	size_t *ls;                  /* offsets where lines start */
	size_t nls;
	int line_base, depth, tree_depth;
	struct lesson_block *root;   /* NULL: the page */

	struct frame *frames;
	size_t nframes, capframes;
	/* Containers: where new blocks go (the top, or root). */
	struct lesson_block **cont;
	size_t ncont, capcont;

	struct lesson_block *textblock;   /* paragraph/heading being filled */
	bool implicit;                    /* textblock is a tight item's text */
	struct lesson_tb tb;
	struct span *spans;
	size_t nspans, capspans;

	struct lesson_buf code;           /* code/html verbatim text */
	char *code_info;                  /* decoded info string */
	int code_line;
	bool code_has_line;
	bool code_fenced;                 /* the code has a fence line above */

	struct table_state t;
	int last_line;
	/* Blocks waiting for their first text to learn their line. */
	struct lesson_block *unlined[LESSON_MAX_TREE_DEPTH + 8];
	size_t nunlined;
};

static int line_of(struct pstate *ps, const char *p)
{
	if (!p || p < ps->src || p >= ps->src + ps->len)
		return 0;
	size_t off = (size_t)(p - ps->src), lo = 0, hi = ps->nls;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (ps->ls[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return (int)lo + 1 + ps->line_base;
}

/* Every block waiting for a line gets this one. */
static void saw_line(struct pstate *ps, int line)
{
	if (line <= 0)
		return;
	ps->last_line = line;
	for (size_t i = 0; i < ps->nunlined; i++)
		ps->unlined[i]->line = line;
	ps->nunlined = 0;
}

static void want_line(struct pstate *ps, struct lesson_block *b)
{
	b->line = ps->last_line ? ps->last_line : ps->line_base + 1;
	if (ps->nunlined < sizeof ps->unlined / sizeof *ps->unlined)
		ps->unlined[ps->nunlined++] = b;
}

static void forget_line(struct pstate *ps, struct lesson_block *b)
{
	for (size_t i = 0; i < ps->nunlined; i++)
		if (ps->unlined[i] == b) {
			ps->unlined[i] = ps->unlined[--ps->nunlined];
			return;
		}
}

/* A rule has no text to place it: it is on the first line after the
 * last one seen that looks like one. */
static int rule_line(struct pstate *ps)
{
	size_t i = ps->last_line > ps->line_base
		? (size_t)(ps->last_line - ps->line_base) : 0;
	for (; i < ps->nls; i++) {
		const char *s = ps->src + ps->ls[i];
		const char *e = ps->src + (i + 1 < ps->nls ? ps->ls[i + 1]
							   : ps->len);
		while (s < e && (*s == ' ' || *s == '>' || *s == '\t'))
			s++;
		if (s + 2 < e && (*s == '-' || *s == '*' || *s == '_'))
			return (int)i + 1 + ps->line_base;
	}
	return ps->last_line + 1;
}

static struct lesson_block *container(struct pstate *ps)
{
	return ps->ncont ? ps->cont[ps->ncont - 1] : ps->root;
}

static bool push_frame(struct pstate *ps, enum frame_kind k,
		       struct lesson_block *b)
{
	if (ps->nframes == ps->capframes) {
		size_t cap = ps->capframes ? ps->capframes * 2 : 16;
		struct frame *v = realloc(ps->frames, cap * sizeof *v);
		if (!v)
			return false;
		ps->frames = v;
		ps->capframes = cap;
	}
	ps->frames[ps->nframes++] = (struct frame){ k, b };
	return true;
}

/* Decodes an md4c attribute (entities, NUL placeholders) into a string. */
static char *attr_string(const MD_ATTRIBUTE *a)
{
	struct lesson_buf b = { 0 };
	if (!lesson_buf_add(&b, NULL, 0))
		return NULL;
	for (unsigned i = 0; a->substr_offsets && a->substr_offsets[i] < a->size;
	     i++) {
		const char *s = a->text + a->substr_offsets[i];
		size_t n = a->substr_offsets[i + 1] - a->substr_offsets[i];
		bool ok;
		char ent[8];
		size_t k;
		switch (a->substr_types[i]) {
		case MD_TEXT_ENTITY:
			k = lesson_entity_decode(s, n, ent);
			ok = k ? lesson_buf_add(&b, ent, k)
			       : lesson_buf_add(&b, s, n);
			break;
		case MD_TEXT_NULLCHAR:
			ok = lesson_buf_add(&b, "\xEF\xBF\xBD", 3);
			break;
		default:
			ok = lesson_buf_add(&b, s, n);
		}
		if (!ok) {
			free(b.s);
			return NULL;
		}
	}
	return b.s;
}

static bool flush_text(struct pstate *ps)
{
	struct lesson_block *b = ps->textblock;
	if (!b)
		return true;
	ps->textblock = NULL;
	ps->implicit = false;
	if (!lesson_tb_finish(&ps->tb, &b->text)) {
		lesson_block_free(b);
		return false;
	}
	forget_line(ps, b);
	return lesson_block_append(ps->ctx, container(ps), b);
}

static bool start_text(struct pstate *ps, enum lesson_block_kind kind,
		       bool implicit)
{
	struct lesson_block *b = lesson_block_new(kind, 0);
	if (!b)
		return false;
	want_line(ps, b);
	ps->textblock = b;
	ps->implicit = implicit;
	return true;
}

static bool table_cell_done(struct pstate *ps)
{
	struct table_state *t = &ps->t;
	if (t->ncells == t->capcells) {
		size_t cap = t->capcells ? t->capcells * 2 : 16;
		struct lesson_text *v = realloc(t->cells, cap * sizeof *v);
		if (!v)
			return false;
		t->cells = v;
		t->capcells = cap;
	}
	struct lesson_text *c = &t->cells[t->ncells];
	if (!lesson_tb_finish(&ps->tb, c))
		return false;
	t->ncells++;
	t->rowlen[t->nrows - 1]++;
	return true;
}

static void table_state_free(struct table_state *t)
{
	for (size_t i = 0; i < t->ncells; i++)
		lesson_text_free(&t->cells[i]);
	free(t->cells);
	free(t->rowlen);
	free(t->align);
	memset(t, 0, sizeof *t);
}

/* Ragged rows are padded with empty cells to the widest row. */
static bool table_finish(struct pstate *ps, struct lesson_block *b)
{
	struct table_state *t = &ps->t;
	size_t ncols = t->ncols;
	for (size_t r = 0; r < t->nrows; r++)
		if (t->rowlen[r] > ncols)
			ncols = t->rowlen[r];
	if (ncols == 0 || t->nrows == 0) {
		table_state_free(t);
		return true;
	}
	b->cells = calloc(t->nrows * ncols, sizeof *b->cells);
	b->align = calloc(ncols, sizeof *b->align);
	if (!b->cells || !b->align)
		return false;
	b->nrows = t->nrows;
	b->ncols = ncols;
	for (size_t c = 0; c < ncols && c < t->nalign; c++)
		b->align[c] = t->align[c];
	size_t k = 0;
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t c = 0; c < t->rowlen[r]; c++, k++) {
			b->cells[r * ncols + c] = t->cells[k];
			memset(&t->cells[k], 0, sizeof t->cells[k]);
		}
		for (size_t c = t->rowlen[r]; c < ncols; c++)
			if (!lesson_text_plain(&b->cells[r * ncols + c], "", 0))
				return false;
	}
	table_state_free(t);
	return true;
}

static bool open_container(struct pstate *ps, enum lesson_block_kind kind,
			   struct lesson_block **out)
{
	*out = NULL;
	if (ps->tree_depth + (int)ps->ncont >= LESSON_MAX_TREE_DEPTH) {
		if (ps->ncont && ps->tree_depth + (int)ps->ncont ==
		    LESSON_MAX_TREE_DEPTH)
			lesson_ctx_diag(ps->ctx, ps->last_line, false,
				"lists or quotes nested too deeply; flattened");
		return push_frame(ps, F_SKIP, NULL);
	}
	struct lesson_block *b = lesson_block_new(kind, 0);
	if (!b)
		return false;
	want_line(ps, b);
	if (!lesson_block_append(ps->ctx, container(ps), b))
		return false;
	if (ps->ncont == ps->capcont) {
		size_t cap = ps->capcont ? ps->capcont * 2 : 8;
		struct lesson_block **v = realloc(ps->cont, cap * sizeof *v);
		if (!v)
			return false;
		ps->cont = v;
		ps->capcont = cap;
	}
	ps->cont[ps->ncont++] = b;
	*out = b;
	return push_frame(ps, F_CONTAINER, b);
}

static int enter_block(MD_BLOCKTYPE type, void *detail, void *ud)
{
	struct pstate *ps = ud;
	struct lesson_block *b = NULL;
	if (type != MD_BLOCK_TD && type != MD_BLOCK_TH && !flush_text(ps))
		goto oom;
	switch (type) {
	case MD_BLOCK_QUOTE:
		if (!open_container(ps, LESSON_QUOTE, &b))
			goto oom;
		break;
	case MD_BLOCK_UL:
	case MD_BLOCK_OL:
		if (!open_container(ps, LESSON_LIST, &b))
			goto oom;
		if (b && type == MD_BLOCK_OL) {
			b->ordered = true;
			b->start = ((MD_BLOCK_OL_DETAIL *)detail)->start;
		}
		break;
	case MD_BLOCK_LI: {
		MD_BLOCK_LI_DETAIL *d = detail;
		if (!open_container(ps, LESSON_ITEM, &b))
			goto oom;
		if (b)
			b->task = !d->is_task ? -1 :
				  (d->task_mark == 'x' || d->task_mark == 'X');
		break;
	}
	case MD_BLOCK_H:
	case MD_BLOCK_P:
		if (!start_text(ps, type == MD_BLOCK_H ? LESSON_HEADING
						       : LESSON_PARAGRAPH, false))
			goto oom;
		if (type == MD_BLOCK_H)
			ps->textblock->level =
				(int)((MD_BLOCK_H_DETAIL *)detail)->level;
		if (!push_frame(ps, F_TEXT, NULL))
			goto oom;
		break;
	case MD_BLOCK_CODE:
	case MD_BLOCK_HTML: {
		ps->code.len = 0;
		free(ps->code_info);
		ps->code_info = NULL;
		ps->code_has_line = false;
		ps->code_line = ps->last_line + 1;
		ps->code_fenced = false;
		if (type == MD_BLOCK_CODE) {
			MD_BLOCK_CODE_DETAIL *d = detail;
			ps->code_fenced = d->fence_char != 0;
			ps->code_info = attr_string(&d->info);
			if (!ps->code_info)
				goto oom;
			int l = d->info.size ? line_of(ps, d->info.text) : 0;
			if (l) {
				ps->code_line = l;
				ps->code_has_line = true;
				saw_line(ps, l);
			}
		}
		if (!push_frame(ps, type == MD_BLOCK_CODE ? F_CODE : F_HTML,
				NULL))
			goto oom;
		break;
	}
	case MD_BLOCK_HR:
		b = lesson_block_new(LESSON_RULE, 0);
		if (!b)
			goto oom;
		b->line = rule_line(ps);
		saw_line(ps, b->line);
		if (!lesson_block_append(ps->ctx, container(ps), b) ||
		    !push_frame(ps, F_NONE, NULL))
			goto oom;
		break;
	case MD_BLOCK_TABLE: {
		table_state_free(&ps->t);
		b = lesson_block_new(LESSON_TABLE, 0);
		if (!b)
			goto oom;
		want_line(ps, b);
		b->header = true;
		ps->t.ncols = ((MD_BLOCK_TABLE_DETAIL *)detail)->col_count;
		if (!push_frame(ps, F_TABLE, b)) {
			lesson_block_free(b);
			goto oom;
		}
		break;
	}
	case MD_BLOCK_TR: {
		struct table_state *t = &ps->t;
		if (t->nrows == t->caprows) {
			size_t cap = t->caprows ? t->caprows * 2 : 8;
			size_t *v = realloc(t->rowlen, cap * sizeof *v);
			if (!v)
				goto oom;
			t->rowlen = v;
			t->caprows = cap;
		}
		t->rowlen[t->nrows++] = 0;
		if (!push_frame(ps, F_ROW, NULL))
			goto oom;
		break;
	}
	case MD_BLOCK_TH:
	case MD_BLOCK_TD: {
		struct table_state *t = &ps->t;
		if (t->nrows == 1) {
			static const enum lesson_align map[] = {
				[MD_ALIGN_DEFAULT] = LESSON_ALIGN_DEFAULT,
				[MD_ALIGN_LEFT] = LESSON_ALIGN_LEFT,
				[MD_ALIGN_CENTER] = LESSON_ALIGN_CENTER,
				[MD_ALIGN_RIGHT] = LESSON_ALIGN_RIGHT,
			};
			MD_ALIGN a = ((MD_BLOCK_TD_DETAIL *)detail)->align;
			enum lesson_align *v = realloc(t->align,
					(t->nalign + 1) * sizeof *v);
			if (!v)
				goto oom;
			t->align = v;
			t->align[t->nalign++] = (unsigned)a < 4 ? map[a]
							  : LESSON_ALIGN_DEFAULT;
		}
		if (!push_frame(ps, F_CELL, NULL))
			goto oom;
		break;
	}
	default:
		if (!push_frame(ps, F_NONE, NULL))
			goto oom;
	}
	return 0;
oom:
	ps->ctx->oom = true;
	return 1;
}

static bool finish_code(struct pstate *ps, bool html)
{
	const char *info = ps->code_info ? ps->code_info : "";
	if (!ps->code.s && !lesson_buf_term(&ps->code))
		return false;
	if (!html && !ps->ctx->in_inline && info[0] == '{' &&
	    strchr(info, '}') && info[1] != '}') {
		struct lesson_block *b = lesson_directive_build(ps->ctx, info,
			strlen(info), ps->code.s, ps->code.len, ps->code_line,
			ps->depth, ps->tree_depth + (int)ps->ncont);
		if (!b)
			return false;
		return lesson_block_append(ps->ctx, container(ps), b);
	}
	struct lesson_block *b = lesson_block_new(html ? LESSON_HTML
						       : LESSON_CODE,
						  ps->code_line);
	if (!b)
		return false;
	b->code = lesson_expand_tabs(ps->code.s, ps->code.len);
	size_t nl = strcspn(info, " \t");
	const char *rest = info + nl;
	rest += strspn(rest, " \t");
	size_t nrest = strlen(rest);
	while (nrest && (rest[nrest - 1] == ' ' || rest[nrest - 1] == '\t'))
		nrest--;
	if (nl == 0 && !html)
		b->lang = strdup(lesson_ctx_lang(ps->ctx));
	else
		b->lang = strndup(info, nl);
	b->info = lesson_detab(strndup(rest, nrest));
	if (!b->code || !b->lang || !b->info) {
		lesson_block_free(b);
		return false;
	}
	return lesson_block_append(ps->ctx, container(ps), b);
}

static int leave_block(MD_BLOCKTYPE type, void *detail, void *ud)
{
	struct pstate *ps = ud;
	(void)type;
	(void)detail;
	if (!ps->nframes)
		return 0;
	struct frame f = ps->frames[--ps->nframes];
	switch (f.kind) {
	case F_CONTAINER:
		if (!flush_text(ps))
			goto oom;
		forget_line(ps, f.b);
		ps->ncont--;
		break;
	case F_TEXT:
		if (!flush_text(ps))
			goto oom;
		break;
	case F_CODE:
	case F_HTML:
		if (!finish_code(ps, f.kind == F_HTML))
			goto oom;
		break;
	case F_CELL:
		if (!table_cell_done(ps))
			goto oom;
		break;
	case F_TABLE:
		forget_line(ps, f.b);
		if (!table_finish(ps, f.b)) {
			lesson_block_free(f.b);
			goto oom;
		}
		if (!f.b->nrows) {
			lesson_block_free(f.b);
			break;
		}
		if (!lesson_block_append(ps->ctx, container(ps), f.b))
			goto oom;
		break;
	default:
		break;
	}
	return 0;
oom:
	ps->ctx->oom = true;
	return 1;
}

static unsigned cur_attr(struct pstate *ps, const char **href)
{
	if (!ps->nspans) {
		*href = NULL;
		return 0;
	}
	*href = ps->spans[ps->nspans - 1].cur;
	return ps->spans[ps->nspans - 1].attr;
}

static int enter_span(MD_SPANTYPE type, void *detail, void *ud)
{
	struct pstate *ps = ud;
	struct span sp = { 0, NULL, NULL };
	switch (type) {
	case MD_SPAN_EM: sp.attr = LESSON_EMPH; break;
	case MD_SPAN_STRONG: sp.attr = LESSON_STRONG; break;
	case MD_SPAN_CODE: sp.attr = LESSON_ATTR_CODE; break;
	case MD_SPAN_DEL: sp.attr = LESSON_STRIKE; break;
	case MD_SPAN_A:
		sp.attr = LESSON_LINK;
		sp.href = attr_string(&((MD_SPAN_A_DETAIL *)detail)->href);
		if (!sp.href)
			goto oom;
		break;
	case MD_SPAN_IMG:
		/* An image shows as its alt text linking to the picture. */
		sp.attr = LESSON_LINK;
		sp.href = attr_string(&((MD_SPAN_IMG_DETAIL *)detail)->src);
		if (!sp.href)
			goto oom;
		break;
	default:
		break;
	}
	const char *outer;
	sp.attr |= cur_attr(ps, &outer);
	sp.cur = sp.href ? sp.href : outer;
	if (ps->nspans == ps->capspans) {
		size_t cap = ps->capspans ? ps->capspans * 2 : 8;
		struct span *v = realloc(ps->spans, cap * sizeof *v);
		if (!v) {
			free(sp.href);
			goto oom;
		}
		ps->spans = v;
		ps->capspans = cap;
	}
	ps->spans[ps->nspans++] = sp;
	return 0;
oom:
	ps->ctx->oom = true;
	return 1;
}

static int leave_span(MD_SPANTYPE type, void *detail, void *ud)
{
	struct pstate *ps = ud;
	(void)type;
	(void)detail;
	if (ps->nspans) {
		ps->nspans--;
		free(ps->spans[ps->nspans].href);
	}
	return 0;
}

static int text(MD_TEXTTYPE type, const MD_CHAR *s, MD_SIZE n, void *ud)
{
	struct pstate *ps = ud;
	enum frame_kind top = ps->nframes ? ps->frames[ps->nframes - 1].kind
					  : F_NONE;
	int l = line_of(ps, s);
	if (l) {
		saw_line(ps, l);
		if ((top == F_CODE || top == F_HTML) && !ps->code_has_line) {
			ps->code_line = ps->code_fenced ? l - 1 : l;
			ps->code_has_line = true;
		}
	}
	if (top == F_CODE || top == F_HTML) {
		if (!lesson_buf_add(&ps->code, s, n))
			goto oom;
		return 0;
	}
	if (!ps->textblock && top != F_CELL) {
		if (!start_text(ps, LESSON_PARAGRAPH, true))
			goto oom;
		if (l)
			saw_line(ps, l);
	}
	const char *href;
	unsigned attr = cur_attr(ps, &href);
	bool ok;
	char ent[8];
	size_t k;
	switch (type) {
	case MD_TEXT_NULLCHAR:
		ok = lesson_tb_add(&ps->tb, "\xEF\xBF\xBD", 3, attr, href, false);
		break;
	case MD_TEXT_BR:
		ok = lesson_tb_add(&ps->tb, "\n", 1, attr, href, true);
		break;
	case MD_TEXT_SOFTBR:
		ok = lesson_tb_add(&ps->tb, " ", 1, attr, href, false);
		break;
	case MD_TEXT_ENTITY:
		k = lesson_entity_decode(s, n, ent);
		ok = k ? lesson_tb_add(&ps->tb, ent, k, attr, href, false)
		       : lesson_tb_add(&ps->tb, s, n, attr, href, false);
		break;
	default:
		ok = lesson_tb_add(&ps->tb, s, n, attr, href, false);
	}
	if (!ok)
		goto oom;
	return 0;
oom:
	ps->ctx->oom = true;
	return 1;
}

static bool line_starts(struct pstate *ps)
{
	size_t n = 1;
	for (const char *p = ps->src; (p = memchr(p, '\n',
		(size_t)(ps->src + ps->len - p))) != NULL; p++)
		n++;
	ps->ls = malloc(n * sizeof *ps->ls);
	if (!ps->ls)
		return false;
	ps->ls[0] = 0;
	ps->nls = 1;
	for (size_t i = 0; i < ps->len; i++)
		if (ps->src[i] == '\n')
			ps->ls[ps->nls++] = i + 1;
	return true;
}

bool lesson_markdown(struct lesson_ctx *ctx, const char *buf, size_t len,
		     int line_base, struct lesson_block *parent, int depth,
		     int tree_depth)
{
	struct pstate ps = {
		.ctx = ctx, .src = buf, .len = len, .line_base = line_base,
		.depth = depth, .tree_depth = tree_depth, .root = parent,
		.last_line = line_base,
	};
	MD_PARSER p = {
		.abi_version = 0,
		.flags = LESSON_MD_FLAGS,
		.enter_block = enter_block,
		.leave_block = leave_block,
		.enter_span = enter_span,
		.leave_span = leave_span,
		.text = text,
	};
	if (len > UINT32_MAX / 2)
		len = UINT32_MAX / 2;
	if (!line_starts(&ps)) {
		ctx->oom = true;
		return false;
	}
	if (md_parse(buf, (MD_SIZE)len, &p, &ps) != 0 && !ctx->oom)
		lesson_ctx_diag(ctx, line_base + 1, true,
				"the Markdown parser gave up on this text");
	/* md4c stopped early (memory): drop what is half built. */
	if (ps.textblock) {
		lesson_tb_free(&ps.tb);
		lesson_block_free(ps.textblock);
	}
	for (size_t i = ps.nframes; i-- > 0;)
		if (ps.frames[i].kind == F_TABLE)
			lesson_block_free(ps.frames[i].b);
	lesson_tb_free(&ps.tb);
	for (size_t i = 0; i < ps.nspans; i++)
		free(ps.spans[i].href);
	table_state_free(&ps.t);
	free(ps.spans);
	free(ps.frames);
	free(ps.cont);
	free(ps.code.s);
	free(ps.code_info);
	free(ps.ls);
	return !ctx->oom;
}
