/*
 * text.c — sanitising child output, bounded line rings, rank labels.
 *
 * The sanitiser is a small byte state machine: escape sequences are consumed
 * whole so that no fragment of them ("[31m") leaks into a pane, and UTF-8 is
 * decoded strictly so that what reaches the terminal is always well formed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run/text.h"

#define ESC 0x1b

/* Bytes of one escape sequence starting at IN[0] == ESC (LEN > 0). An
 * unterminated sequence runs to the end of the line. */
static size_t esc_length(const unsigned char *in, size_t len)
{
	size_t i;

	if (len < 2)
		return len;
	switch (in[1]) {
	case '[': /* CSI: parameters and intermediates, then one final byte */
		for (i = 2; i < len; i++)
			if (in[i] >= 0x40 && in[i] <= 0x7e)
				return i + 1;
		return len;
	case ']': case 'P': case '^': case '_': case 'X':
		/* OSC, DCS, PM, APC, SOS: up to BEL or ST (ESC \) */
		for (i = 2; i < len; i++) {
			if (in[i] == 0x07)
				return i + 1;
			if (in[i] == ESC && i + 1 < len && in[i + 1] == '\\')
				return i + 2;
		}
		return len;
	default:
		/* ESC, intermediates 0x20-0x2f, then a final byte */
		for (i = 1; i < len && in[i] >= 0x20 && in[i] <= 0x2f; i++)
			;
		return i < len ? i + 1 : len;
	}
}

/* Decode one UTF-8 sequence. Returns its length and the code point in *CP,
 * or 0 when IN does not start with a valid sequence. */
static size_t utf8_decode(const unsigned char *in, size_t len, unsigned *cp)
{
	unsigned c = in[0], min;
	size_t n, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if (c >= 0xc2 && c <= 0xdf) {
		n = 2; c &= 0x1f; min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3; c &= 0x0f; min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4; c &= 0x07; min = 0x10000;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((in[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (in[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

/* Length of the invalid prefix to replace with one U+FFFD: a lead byte and
 * the continuation bytes that follow it, as far as they could belong to it. */
static size_t invalid_length(const unsigned char *in, size_t len)
{
	size_t i = 1;

	if (in[0] >= 0xc0)
		while (i < len && i < 4 && (in[i] & 0xc0) == 0x80)
			i++;
	return i;
}

size_t run_sanitize(const char *in_, size_t len, char *out, size_t outsize,
		    bool *truncated)
{
	static const char fffd[] = "\xef\xbf\xbd";
	const unsigned char *in = (const unsigned char *)in_;
	size_t i = 0, o = 0, col = 0, cap = outsize - 1;
	bool cut = false;

	/* A carriage return rewrites the line: keep what follows the last
	 * one that has text after it (CRLF's CR has none). */
	for (size_t k = len; k > 0; k--) {
		if (in[k - 1] == '\r' && k < len) {
			i = k;
			break;
		}
	}
	while (i < len) {
		unsigned cp;
		size_t n;
		const char *put;
		size_t putlen;
		char tmp[8];

		if (in[i] == ESC) {
			i += esc_length(in + i, len - i);
			continue;
		}
		if (in[i] == '\t') {
			size_t spaces = 8 - col % 8;
			if (o + spaces > cap) {
				cut = true;
				break;
			}
			memset(out + o, ' ', spaces);
			o += spaces;
			col += spaces;
			i++;
			continue;
		}
		n = utf8_decode(in + i, len - i, &cp);
		if (n == 0) {
			put = fffd;
			putlen = 3;
			i += invalid_length(in + i, len - i);
		} else {
			i += n;
			if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
				continue;   /* C0, DEL, C1 controls */
			memcpy(tmp, in + i - n, n);
			put = tmp;
			putlen = n;
		}
		if (o + putlen > cap) {
			cut = true;
			break;
		}
		memcpy(out + o, put, putlen);
		o += putlen;
		col++;
	}
	out[o] = '\0';
	if (truncated)
		*truncated = cut;
	return o;
}

struct run_ring {
	struct run_line *lines;
	size_t cap, head, count, bytes;
	unsigned long long dropped;
};

struct run_ring *run_ring_new(size_t capacity)
{
	struct run_ring *r;

	if (capacity == 0)
		capacity = 1;
	r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	r->lines = calloc(capacity, sizeof *r->lines);
	if (!r->lines) {
		free(r);
		return NULL;
	}
	r->cap = capacity;
	return r;
}

void run_ring_free(struct run_ring *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->count; i++)
		free(r->lines[(r->head + i) % r->cap].text);
	free(r->lines);
	free(r);
}

int run_ring_push(struct run_ring *r, const char *text, size_t len,
		  unsigned flags, int rank, unsigned long long seq)
{
	struct run_line *slot;
	char *copy = malloc(len + 1);

	if (!copy)
		return -1;
	memcpy(copy, text, len);
	copy[len] = '\0';
	if (r->count == r->cap) {
		slot = &r->lines[r->head];
		r->bytes -= slot->len;
		free(slot->text);
		r->head = (r->head + 1) % r->cap;
		r->count--;
		r->dropped++;
	}
	slot = &r->lines[(r->head + r->count) % r->cap];
	slot->text = copy;
	slot->len = len;
	slot->flags = flags;
	slot->rank = rank;
	slot->seq = seq;
	r->count++;
	r->bytes += len;
	return 0;
}

size_t run_ring_count(const struct run_ring *r) { return r->count; }
size_t run_ring_capacity(const struct run_ring *r) { return r->cap; }
unsigned long long run_ring_dropped(const struct run_ring *r) { return r->dropped; }
size_t run_ring_bytes(const struct run_ring *r) { return r->bytes; }

const struct run_line *run_ring_get(const struct run_ring *r, size_t i)
{
	if (i >= r->count)
		return NULL;
	return &r->lines[(r->head + i) % r->cap];
}

int run_label_parse(enum run_label_style style, const char *line, size_t len,
		    size_t *skip)
{
	size_t i = 0;
	long rank = 0;
	int digits = 0;

	*skip = 0;
	if (style == RUN_LABEL_NONE)
		return -1;
	if (style == RUN_LABEL_BRACKET) {
		if (len < 3 || line[0] != '[')
			return -1;
		i = 1;
	} else {
		while (i < len && i < 8 && line[i] == ' ')
			i++;
	}
	while (i < len && line[i] >= '0' && line[i] <= '9' && digits < 7) {
		rank = rank * 10 + (line[i] - '0');
		i++;
		digits++;
	}
	if (digits == 0 || digits > 6 || i >= len)
		return -1;
	if (style == RUN_LABEL_BRACKET) {
		if (line[i] != ']')
			return -1;
	} else if (line[i] != ':') {
		return -1;
	}
	i++;
	if (i < len && line[i] == ' ')
		i++;
	*skip = i;
	return (int)rank;
}

size_t run_label_split(int first, const char *s, size_t len,
		       struct run_label_seg *segs, size_t max)
{
	size_t n = 0, start = 0;
	int rank = first;

	if (max == 0)
		return 0;
	for (size_t i = 0; i < len; i++) {
		size_t skip;
		int r;

		if (s[i] != '[' || n + 1 >= max)
			continue;
		r = run_label_parse(RUN_LABEL_BRACKET, s + i, len - i, &skip);
		if (r < 0 || s[i + skip - 1] != ' ')
			continue;
		segs[n].rank = rank;
		segs[n].off = start;
		segs[n].len = i - start;
		n++;
		rank = r;
		start = i + skip;
		i += skip - 1;
	}
	segs[n].rank = rank;
	segs[n].off = start;
	segs[n].len = len - start;
	return n + 1;
}
