/*
 * build.c — the line builder under every layout: styled buffers, the
 * frames that nest boxes and lists, clipping of wide lines, targets.
 *
 * Lines are appended one at a time into a single text buffer and a
 * single run buffer; layout.c fixes the pointers once at the end, so a
 * page costs a handful of allocations whatever its size.
 */
#include <stdlib.h>
#include <string.h>

#include <unistr.h>
#include <uniwidth.h>
#include <unigbrk.h>

#include "layout/internal.h"

static const char *const glyph_utf8[G_COUNT] = {
	[G_BULLET1] = "•", [G_BULLET2] = "◦", [G_BULLET3] = "▪",
	[G_TL] = "┌", [G_TR] = "┐", [G_BL] = "└", [G_BR] = "┘",
	[G_H] = "─", [G_V] = "│",
	[G_TDOWN] = "┬", [G_TUP] = "┴", [G_TRIGHT] = "├", [G_TLEFT] = "┤",
	[G_CROSS] = "┼", [G_QUOTE] = "┃",
	[G_MARK_LEFT] = "‹", [G_MARK_RIGHT] = "›",
	[G_FOLDED] = "▸", [G_UNFOLDED] = "▾", [G_KERNEL] = "▶",
	[G_DOT] = "·", [G_DASH] = "—", [G_ELLIPSIS] = "…",
};

static const char *const glyph_ascii[G_COUNT] = {
	[G_BULLET1] = "*", [G_BULLET2] = "-", [G_BULLET3] = "+",
	[G_TL] = "+", [G_TR] = "+", [G_BL] = "+", [G_BR] = "+",
	[G_H] = "-", [G_V] = "|",
	[G_TDOWN] = "+", [G_TUP] = "+", [G_TRIGHT] = "+", [G_TLEFT] = "+",
	[G_CROSS] = "+", [G_QUOTE] = "|",
	[G_MARK_LEFT] = "<", [G_MARK_RIGHT] = ">",
	[G_FOLDED] = ">", [G_UNFOLDED] = "v", [G_KERNEL] = ">",
	[G_DOT] = "-", [G_DASH] = "-", [G_ELLIPSIS] = "~",
};

const char *lay_glyph(const struct lay_build *lb, enum lay_glyph g)
{
	return lb->utf8 ? glyph_utf8[g] : glyph_ascii[g];
}

bool lay_grow(void **p, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return true;
	size_t n = *cap ? *cap : 64;
	while (n < need) {
		if (n > SIZE_MAX / 2 / elem)
			return false;
		n *= 2;
	}
	void *q = realloc(*p, n * elem);
	if (!q)
		return false;
	*p = q;
	*cap = n;
	return true;
}

void lay_sb_reset(struct lay_sbuf *b)
{
	b->len = 0;
	b->nruns = 0;
	b->merge_from = 0;
}

void lay_sb_free(struct lay_sbuf *b)
{
	free(b->s);
	free(b->runs);
	memset(b, 0, sizeof *b);
}

bool lay_sb_put(struct lay_sbuf *b, const char *s, size_t n, int style, int attr)
{
	if (n == 0)
		return true;
	if (n > UINT32_MAX - b->len
	    || !lay_grow((void **)&b->s, &b->cap, b->len + n + 1, 1))
		return false;
	memcpy(b->s + b->len, s, n);
	struct layout_run *last = b->nruns > b->merge_from
		? &b->runs[b->nruns - 1] : NULL;
	if (last && last->style == style && last->attr == attr
	    && last->off + last->len == b->len) {
		last->len += (uint32_t)n;
	} else {
		if (!lay_grow((void **)&b->runs, &b->rcap, b->nruns + 1,
			      sizeof *b->runs))
			return false;
		b->runs[b->nruns++] = (struct layout_run){
			.off = (uint32_t)b->len, .len = (uint32_t)n,
			.style = (uint16_t)style, .attr = (uint16_t)attr };
	}
	b->len += n;
	b->s[b->len] = '\0';
	return true;
}

bool lay_sb_put_text(struct lay_sbuf *b, const char *s, size_t n, int style,
		     int attr, bool keep_nl)
{
	const uint8_t *p = (const uint8_t *)s, *end = p + n;
	while (p < end) {
		/* the longest clean stretch goes in one copy */
		const uint8_t *q = p;
		while (q < end) {
			if (*q >= 0x20 && *q < 0x7f) {
				q++;
				continue;
			}
			if (*q < 0x80 || *q == 0x7f)
				break;
			ucs4_t uc;
			int k = u8_mbtouc(&uc, q, (size_t)(end - q));
			if (uc == 0xfffd && !(k == 3 && q[0] == 0xef))
				break;
			if (uc < 0xa0)  /* C1 controls */
				break;
			q += k;
		}
		if (q > p && !lay_sb_put(b, (const char *)p, (size_t)(q - p),
					 style, attr))
			return false;
		if (q == end)
			break;
		p = q;
		if (*p == '\n' && keep_nl) {
			if (!lay_sb_put(b, "\n", 1, style, attr))
				return false;
			p++;
		} else if (*p == '\t' || *p == '\n') {
			if (!lay_sb_put(b, " ", 1, style, attr))
				return false;
			p++;
		} else if (*p < 0x80) {
			p++;            /* a control character: dropped */
		} else {
			ucs4_t uc;
			int k = u8_mbtouc(&uc, p, (size_t)(end - p));
			if (uc == 0xfffd) {
				if (!lay_sb_put(b, "\xef\xbf\xbd", 3, style, attr))
					return false;
			}
			p += k > 0 ? k : 1;
		}
	}
	return true;
}

size_t lay_sb_run_at(const struct lay_sbuf *b, size_t off)
{
	size_t lo = 0, hi = b->nruns;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (b->runs[mid].off + b->runs[mid].len <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int lay_sb_style_at(const struct lay_sbuf *b, size_t off, int *attr)
{
	size_t lo = lay_sb_run_at(b, off);
	if (lo >= b->nruns) {
		*attr = 0;
		return b->nruns ? b->runs[b->nruns - 1].style : LAYOUT_TEXT;
	}
	*attr = b->runs[lo].attr;
	return b->runs[lo].style;
}

/* uc_width() compares the encoding name on every call: ASCII, most of
 * any lesson, is counted here instead. Control characters count 0, as
 * u8_width() counts them. */
int lay_width(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *e = p + n;
	int w = 0;
	while (p < e) {
		if (*p < 0x80) {
			w += *p >= 0x20 && *p < 0x7f;
			p++;
			continue;
		}
		const unsigned char *q = p;
		while (q < e && *q >= 0x80)
			q++;
		w += (int)u8_width(p, (size_t)(q - p), "UTF-8");
		p = q;
	}
	return w;
}

size_t layout_str_width(const char *s, size_t len)
{
	return s ? (size_t)lay_width(s, len) : 0;
}

int lay_grapheme(const char *s, size_t i, size_t end, size_t *next)
{
	const uint8_t *p = (const uint8_t *)s + i, *e = (const uint8_t *)s + end;
	if (*p < 0x80 && (p + 1 == e || p[1] < 0x80)) {
		*next = i + 1;
		return *p >= 0x20 && *p < 0x7f ? 1 : 0;
	}
	const uint8_t *g = u8_grapheme_next(p, e);
	if (!g || g <= p)
		g = p + 1;
	*next = (size_t)(g - (const uint8_t *)s);
	int w = 0;
	while (p < g) {
		ucs4_t uc;
		int k = u8_mbtouc(&uc, p, (size_t)(g - p));
		int cw = uc_width(uc, "UTF-8");
		if (cw > 0)
			w += cw;
		p += k > 0 ? k : 1;
	}
	return w;
}

/* ---- lines ---- */

int lay_avail(const struct lay_build *lb)
{
	int w = lb->width - lb->right_w;
	for (int i = 0; i < lb->nframes; i++) {
		const struct lay_frame *f = &lb->frames[i];
		w -= f->first_pending ? f->first_w : f->left_w;
	}
	return w;
}

static void put_raw(struct lay_build *lb, const char *s, size_t n, int w,
		    int style, int attr)
{
	if (lb->oom || n == 0)
		return;
	if (!lay_sb_put(&lb->out, s, n, style, attr)) {
		lb->oom = true;
		return;
	}
	lb->line_w += (uint32_t)w;
}

void lay_line_begin(struct lay_build *lb)
{
	lb->in_line = true;
	lb->line_off = lb->out.len;
	lb->line_run = lb->out.nruns;
	lb->out.merge_from = lb->out.nruns;
	lb->line_w = 0;
	lb->line_flags = 0;
	for (int i = 0; i < lb->nframes; i++) {
		struct lay_frame *f = &lb->frames[i];
		if (f->first_pending) {
			put_raw(lb, f->first, f->first_len, f->first_w,
				f->first_style, 0);
			f->first_pending = false;
		} else {
			put_raw(lb, f->left, f->left_len, f->left_w,
				f->left_style, 0);
		}
	}
}

void lay_line_end(struct lay_build *lb)
{
	if (lb->right_w > 0) {
		int pad = lb->width - lb->right_w - (int)lb->line_w;
		lay_put_spaces(lb, pad, LAYOUT_TEXT);
		for (int i = lb->nframes - 1; i >= 0; i--) {
			struct lay_frame *f = &lb->frames[i];
			put_raw(lb, f->right, f->right_len, f->right_w,
				f->right_style, 0);
		}
	}
	lb->in_line = false;
	if (lb->oom)
		return;
	/* the NUL after the text: the buffer always has room for one */
	if (!lay_grow((void **)&lb->out.s, &lb->out.cap, lb->out.len + 2, 1)
	    || !lay_grow((void **)&lb->lines, &lb->lcap, lb->nlines + 1,
			 sizeof *lb->lines)) {
		lb->oom = true;
		return;
	}
	lb->out.s[lb->out.len++] = '\0';
	for (size_t r = lb->line_run; r < lb->out.nruns; r++)
		lb->out.runs[r].off -= (uint32_t)lb->line_off;
	lb->lines[lb->nlines++] = (struct layout_line){
		.text = NULL,
		.len = (uint32_t)(lb->out.len - 1 - lb->line_off),
		.width = lb->line_w,
		.runs = NULL,
		.nruns = (uint32_t)(lb->out.nruns - lb->line_run),
		.flags = lb->line_flags,
		.target = lb->target,
		.src_line = lb->src_line,
	};
	lb->out.merge_from = lb->out.nruns;
}

void lay_put(struct lay_build *lb, const char *s, size_t n, int style, int attr)
{
	put_raw(lb, s, n, lay_width(s, n), style, attr);
}

void lay_glyph_init(struct lay_build *lb)
{
	for (int g = 0; g < G_COUNT; g++) {
		const char *s = lay_glyph(lb, (enum lay_glyph)g);
		lb->glyph_len[g] = (uint8_t)strlen(s);
		lb->glyph_w[g] = (uint8_t)lay_width(s, lb->glyph_len[g]);
	}
}

void lay_put_glyph(struct lay_build *lb, enum lay_glyph g, int style, int attr)
{
	put_raw(lb, lay_glyph(lb, g), lb->glyph_len[g], lb->glyph_w[g], style,
		attr);
}

void lay_put_repeat(struct lay_build *lb, enum lay_glyph g, int count,
		    int style, int attr)
{
	const char *s = lay_glyph(lb, g);
	size_t n = lb->glyph_len[g];
	int w = lb->glyph_w[g];
	char buf[240];
	int per = n ? (int)(sizeof buf / n) : 0, k = 0;
	for (; k < per && k < count; k++)
		memcpy(buf + (size_t)k * n, s, n);
	while (count > 0 && k > 0) {
		int c = count < k ? count : k;
		put_raw(lb, buf, (size_t)c * n, c * w, style, attr);
		count -= c;
	}
}

void lay_put_spaces(struct lay_build *lb, int count, int style)
{
	static const char spaces[] = "                                ";
	while (count > 0) {
		int k = count < 32 ? count : 32;
		put_raw(lb, spaces, (size_t)k, k, style, 0);
		count -= k;
	}
}

int lay_hscroll(struct lay_build *lb, int width, int avail)
{
	if (width <= avail)
		return 0;
	if (width - avail > lb->hscroll_max)
		lb->hscroll_max = width - avail;
	int hs = lb->opts->hscroll;
	if (hs > width - avail)
		hs = width - avail;
	return hs < 0 ? 0 : hs;
}

void lay_put_range(struct lay_build *lb, const struct lay_sbuf *src,
		   size_t a, size_t b, int restyle_from, int restyle_to,
		   int add_attr)
{
	if (a >= b)
		return;
	for (size_t r = lay_sb_run_at(src, a); r < src->nruns && a < b; r++) {
		const struct layout_run *run = &src->runs[r];
		size_t e = run->off + run->len;
		if (e > b)
			e = b;
		if (e <= a)
			continue;
		int style = run->style, attr = run->attr;
		if (style == restyle_from) {
			style = restyle_to;
			attr |= add_attr;
		}
		lay_put(lb, src->s + a, e - a, style, attr);
		a = e;
	}
}

void lay_put_clipped(struct lay_build *lb, const struct lay_sbuf *src,
		     int src_width, int hscroll, int avail)
{
	if (src_width <= avail && hscroll <= 0) {
		/* the width is known: no need to measure the runs again */
		for (size_t r = 0; r < src->nruns; r++)
			put_raw(lb, src->s + src->runs[r].off, src->runs[r].len, 0,
				src->runs[r].style, src->runs[r].attr);
		lb->line_w += (uint32_t)src_width;
		return;
	}
	int from = hscroll, to = hscroll + avail;   /* visible columns */
	bool left = hscroll > 0, right = src_width > to;
	if (left && src_width > 0) {
		lay_put_glyph(lb, G_MARK_LEFT, LAYOUT_MARK, 0);
		lb->line_flags |= LAYOUT_CLIPPED_LEFT;
		from++;
	}
	if (right)
		to--;
	int col = 0, out = from;
	size_t i = 0, start = SIZE_MAX, stop = 0;
	while (i < src->len && col < to) {
		size_t next;
		int w = lay_grapheme(src->s, i, src->len, &next);
		if (col >= from && col + w <= to) {
			if (start == SIZE_MAX) {
				int attr, st = lay_sb_style_at(src, i, &attr);
				lay_put_spaces(lb, col - out, st);
				start = i;
			}
			stop = next;
			out = col + w;
		} else if (start != SIZE_MAX) {
			break;
		}
		col += w;
		i = next;
	}
	if (start != SIZE_MAX)
		lay_put_range(lb, src, start, stop, -1, 0, 0);
	if (right) {
		int attr, st = lay_sb_style_at(src, stop, &attr);
		if (out < from)
			out = from;
		lay_put_spaces(lb, to - out, st);
		lay_put_glyph(lb, G_MARK_RIGHT, LAYOUT_MARK, 0);
		lb->line_flags |= LAYOUT_CLIPPED_RIGHT;
	}
}

void lay_put_cut(struct lay_build *lb, const char *s, size_t n, int max,
		 int style, int attr)
{
	int w = lay_width(s, n);
	if (w <= max) {
		lay_put(lb, s, n, style, attr);
		return;
	}
	if (max <= 0)
		return;
	size_t i = 0;
	int col = 0;
	while (i < n) {
		size_t next;
		int gw = lay_grapheme(s, i, n, &next);
		if (col + gw > max - 1)
			break;
		col += gw;
		i = next;
	}
	lay_put(lb, s, i, style, attr);
	lay_put_glyph(lb, G_ELLIPSIS, style, attr);
}

void lay_blank(struct lay_build *lb)
{
	lay_line_begin(lb);
	lay_line_end(lb);
}

/* ---- frames and targets ---- */

static void frame_text(char *dst, uint8_t *len, uint16_t *w, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n >= LAY_FRAME_TEXT)
		n = LAY_FRAME_TEXT - 1;
	if (n)
		memcpy(dst, s, n);
	dst[n] = '\0';
	*len = (uint8_t)n;
	*w = (uint16_t)lay_width(dst, n);
}

bool lay_frame_push(struct lay_build *lb, const char *first, int first_style,
		    const char *left, int left_style,
		    const char *right, int right_style)
{
	if (lb->nframes >= LAY_MAX_FRAMES)
		return false;
	struct lay_frame *f = &lb->frames[lb->nframes++];
	memset(f, 0, sizeof *f);
	frame_text(f->first, &f->first_len, &f->first_w, first);
	frame_text(f->left, &f->left_len, &f->left_w, left);
	frame_text(f->right, &f->right_len, &f->right_w, right);
	f->first_pending = first != NULL;
	f->first_style = (uint16_t)first_style;
	f->left_style = (uint16_t)left_style;
	f->right_style = (uint16_t)right_style;
	lb->right_w += f->right_w;
	return true;
}

void lay_frame_pop(struct lay_build *lb)
{
	if (lb->nframes <= 0)
		return;
	lb->nframes--;
	lb->right_w -= lb->frames[lb->nframes].right_w;
}

int lay_target_open(struct lay_build *lb, enum layout_target_kind kind, int id,
		    const char *title, const char *args, bool folded)
{
	if (lb->oom || !lay_grow((void **)&lb->targets, &lb->tcap,
				 lb->ntargets + 1, sizeof *lb->targets)) {
		lb->oom = true;
		return lb->target;
	}
	int t = (int)lb->ntargets++;
	lb->targets[t] = (struct layout_target){
		.kind = kind, .id = id,
		.first = (uint32_t)lb->nlines, .last = (uint32_t)lb->nlines,
		.folded = folded, .title = title, .kernel_args = args,
	};
	lb->target = t;
	return t;
}

void lay_target_close(struct lay_build *lb, int t, int saved)
{
	if (t >= 0 && (size_t)t < lb->ntargets && t != saved) {
		struct layout_target *tg = &lb->targets[t];
		tg->last = lb->nlines > tg->first ? (uint32_t)lb->nlines - 1
						  : tg->first;
	}
	lb->target = saved;
}
