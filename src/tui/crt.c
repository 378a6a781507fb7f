/*
 * crt.c — everything that touches the terminal's modes and colours.
 *
 * Start-up, shut-down, the emergency reset used by fatal signals and by
 * a hang-up, the size query on SIGWINCH, and the one mapping from layout
 * styles to colour pairs (or, with NO_COLOR and on monochrome terminals,
 * to attributes). Other files draw with the attributes this one hands out.
 */
#include "tui/app.h"

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>
#include <unistr.h>
#include <uniwidth.h>
/* Last: term.h defines macros named like common words (lines, columns). */
#include <term.h>

/* What the fatal-signal path needs, prepared while it is safe to. */
static struct termios saved_tty;
static bool have_saved_tty;
static char reset_seq[256];
static size_t reset_len;
static volatile sig_atomic_t crt_active;

static SCREEN *screen;
static bool colour;
static bool utf8_out;

/* One row per layout style: colour (foreground, -1 = default) plus
 * attributes, and the attributes used when there is no colour. */
struct style_map {
	short fg, bg;
	int colour_attr;
	int mono_attr;
};

static const struct style_map styles[LAYOUT_STYLE_COUNT] = {
	[LAYOUT_TEXT]           = { -1, -1, 0, 0 },
	[LAYOUT_TITLE]          = { COLOR_YELLOW, -1, A_BOLD, A_BOLD },
	[LAYOUT_HEADING]        = { COLOR_CYAN, -1, A_BOLD, A_BOLD | A_UNDERLINE },
	[LAYOUT_META]           = { COLOR_BLUE, -1, 0, A_DIM },
	[LAYOUT_LINK]           = { COLOR_BLUE, -1, A_UNDERLINE, A_UNDERLINE },
	[LAYOUT_URL]            = { COLOR_BLUE, -1, 0, A_DIM },
	[LAYOUT_CODE]           = { COLOR_GREEN, -1, 0, A_BOLD },
	[LAYOUT_KEYWORD]        = { COLOR_MAGENTA, -1, A_BOLD, A_BOLD },
	[LAYOUT_STRING]         = { COLOR_YELLOW, -1, 0, 0 },
	[LAYOUT_COMMENT]        = { COLOR_BLUE, -1, 0, A_DIM },
	[LAYOUT_NUMBER]         = { COLOR_RED, -1, 0, 0 },
	[LAYOUT_PROMPT]         = { COLOR_GREEN, -1, A_BOLD, A_BOLD },
	[LAYOUT_OUTPUT]         = { -1, -1, 0, 0 },
	[LAYOUT_BULLET]         = { COLOR_YELLOW, -1, 0, A_BOLD },
	[LAYOUT_RULE]           = { COLOR_BLUE, -1, 0, A_DIM },
	[LAYOUT_TABLE_BORDER]   = { COLOR_BLUE, -1, 0, 0 },
	[LAYOUT_TABLE_HEAD]     = { -1, -1, A_BOLD, A_BOLD },
	[LAYOUT_BOX_KEY]        = { COLOR_CYAN, -1, 0, A_BOLD },
	[LAYOUT_BOX_EXERCISE]   = { COLOR_YELLOW, -1, 0, A_BOLD },
	[LAYOUT_BOX_SOLUTION]   = { COLOR_GREEN, -1, 0, A_BOLD },
	[LAYOUT_BOX_NOTE]       = { COLOR_BLUE, -1, 0, A_BOLD },
	[LAYOUT_BOX_WARNING]    = { COLOR_RED, -1, 0, A_BOLD },
	[LAYOUT_BOX_INSTRUCTOR] = { COLOR_MAGENTA, -1, 0, A_BOLD },
	[LAYOUT_FOLDED]         = { COLOR_GREEN, -1, A_BOLD, A_BOLD | A_UNDERLINE },
	[LAYOUT_KERNEL]         = { COLOR_BLACK, COLOR_CYAN, 0, A_REVERSE },
	[LAYOUT_MARK]           = { COLOR_BLACK, COLOR_YELLOW, 0, A_REVERSE },
};

static const struct style_map ui_styles[CRT_UI_COUNT] = {
	[CRT_BAR]       = { COLOR_WHITE, COLOR_BLUE, 0, A_REVERSE },
	[CRT_MATCH]     = { COLOR_BLACK, COLOR_YELLOW, 0, A_REVERSE },
	[CRT_MATCH_CUR] = { COLOR_BLACK, COLOR_MAGENTA, A_BOLD,
			    A_REVERSE | A_BOLD | A_UNDERLINE },
	[CRT_SELECT]    = { COLOR_BLACK, COLOR_CYAN, 0, A_REVERSE },
	[CRT_DONE]      = { COLOR_GREEN, -1, A_BOLD, A_BOLD },
	[CRT_STDERR]    = { COLOR_RED, -1, 0, A_BOLD },
	[CRT_NOTE]      = { COLOR_CYAN, -1, 0, A_DIM },
	[CRT_WARN]      = { COLOR_WHITE, COLOR_RED, A_BOLD, A_REVERSE | A_BOLD },
	[CRT_GOOD]      = { COLOR_GREEN, -1, A_BOLD, A_BOLD },
	[CRT_BAR2]      = { COLOR_BLACK, COLOR_WHITE, 0, A_REVERSE },
	[CRT_CHART]     = { COLOR_GREEN, -1, 0, 0 },
	[CRT_CHART2]    = { COLOR_YELLOW, -1, 0, A_DIM },
};

static int pair_attr(const struct style_map *m, short pair)
{
	return colour ? (int)(COLOR_PAIR(pair) | m->colour_attr) : m->mono_attr;
}

int crt_style(unsigned style, unsigned attr)
{
	int a = 0;

	if (style < LAYOUT_STYLE_COUNT)
		a = pair_attr(&styles[style], (short)(1 + style));
	if (attr & LAYOUT_BOLD)
		a |= A_BOLD;
	if (attr & LAYOUT_ITALIC)
		a |= A_ITALIC;
	if (attr & LAYOUT_UNDERLINE)
		a |= A_UNDERLINE;
	if (attr & LAYOUT_DIM)
		a |= A_DIM;
	return a;
}

int crt_ui(enum crt_ui ui)
{
	return pair_attr(&ui_styles[ui], (short)(1 + LAYOUT_STYLE_COUNT + ui));
}

static void init_colours(void)
{
	const char *nc = getenv("NO_COLOR");

	/* no-color.org: present and not empty means no colour. */
	colour = has_colors() && !(nc && nc[0]);
	if (!colour)
		return;
	if (start_color() == ERR) {
		colour = false;
		return;
	}
	bool defaults = use_default_colors() == OK;
	for (int i = 0; i < LAYOUT_STYLE_COUNT + CRT_UI_COUNT; i++) {
		const struct style_map *m = i < LAYOUT_STYLE_COUNT ?
			&styles[i] : &ui_styles[i - LAYOUT_STYLE_COUNT];
		short fg = m->fg, bg = m->bg;
		if (!defaults) {
			if (fg < 0)
				fg = COLOR_WHITE;
			if (bg < 0)
				bg = COLOR_BLACK;
		}
		init_pair((short)(1 + i), fg, bg);
	}
}

/* Append a terminfo string to the emergency reset sequence. */
static void add_reset(const char *cap)
{
	char *s = tigetstr((char *)cap);

	if (!s || s == (char *)-1)
		return;
	size_t n = strlen(s);
	if (reset_len + n < sizeof reset_seq) {
		memcpy(reset_seq + reset_len, s, n);
		reset_len += n;
	}
}

int crt_init(struct app *a)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		errno = ENOTTY;
		return -1;
	}
	have_saved_tty = tcgetattr(STDIN_FILENO, &saved_tty) == 0;
	/* newterm() rather than initscr(): a bad TERM is an error to report,
	 * not an exit from inside the library. */
	screen = newterm(NULL, stdout, stdin);
	if (!screen) {
		errno = EINVAL;
		return -1;
	}
	crt_active = 1;
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	init_colours();

	reset_len = 0;
	add_reset("sgr0");
	add_reset("cnorm");
	add_reset("rmkx");
	add_reset("rmcup");

	utf8_out = a->utf8;
	a->rows = LINES;
	a->cols = COLS;
	return 0;
}

void crt_done(void)
{
	if (!crt_active)
		return;
	crt_active = 0;
	curs_set(1);
	endwin();
	delscreen(screen);
	screen = NULL;
}

/* The terminal is gone (hang-up): writing to it could block, so no
 * endwin(). Put the line discipline back and send the reset once without
 * waiting, in case someone is still there. */
void crt_abandon(void)
{
	if (!crt_active)
		return;
	crt_active = 0;
	int fl = fcntl(STDOUT_FILENO, F_GETFL);
	if (fl >= 0)
		fcntl(STDOUT_FILENO, F_SETFL, fl | O_NONBLOCK);
	if (write(STDOUT_FILENO, reset_seq, reset_len) < 0) {
		/* nothing to do: the terminal is gone */
	}
	if (have_saved_tty)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_tty);
}

/* Async-signal-safe: only write() and tcsetattr(). */
static void fatal_handler(int sig)
{
	if (crt_active) {
		crt_active = 0;
		if (write(STDOUT_FILENO, reset_seq, reset_len) < 0) {
			/* the terminal is gone */
		}
		if (have_saved_tty)
			tcsetattr(STDIN_FILENO, TCSANOW, &saved_tty);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

void crt_install_fatal_handlers(void)
{
	static const int sigs[] = { SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL };
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = fatal_handler;
	sa.sa_flags = SA_RESETHAND | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		sigaction(sigs[i], &sa, NULL);
}

void crt_resize(struct app *a)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
	    ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
	a->rows = LINES;
	a->cols = COLS;
}

const char *crt_glyph(const struct app *a, const char *utf8, const char *ascii)
{
	return a->utf8 ? utf8 : ascii;
}

int crt_put(const char *s, size_t len, int cols)
{
	const uint8_t *p = (const uint8_t *)s, *end = p + len;
	int used = 0;

	while (p < end && used < cols) {
		ucs4_t uc;
		int n = u8_mbtouc(&uc, p, (size_t)(end - p));
		int w = uc < 0x20 || uc == 0x7f ? 0 : uc_width(uc, "UTF-8");
		if (w < 0)
			w = 0;
		if (used + w > cols)
			break;
		if (uc < 0x20 || uc == 0x7f) {
			/* layout never hands out controls; never send them */
		} else if (uc < 0x80 || utf8_out) {
			addnstr((const char *)p, n);
		} else {
			for (int i = 0; i < w; i++)
				addch('?');
		}
		used += w;
		p += n;
	}
	return used;
}
